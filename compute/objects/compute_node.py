"""A hypervisor's resources as its agent reports them (a compute node)."""

import dataclasses
import datetime

from compute.objects import base

REPORTED_FIELDS = (
    'uuid', 'host', 'hypervisor_hostname', 'vcpus', 'memory_mb', 'local_gb',
    'vcpus_used', 'memory_mb_used', 'local_gb_used', 'hypervisor_type',
    'hypervisor_version', 'cpu_info', 'host_ip', 'running_vms',
    'free_ram_mb', 'free_disk_gb', 'current_workload',
    'disk_available_least', 'cpu_allocation_ratio', 'ram_allocation_ratio',
    'disk_allocation_ratio', 'numa_topology', 'pci_stats', 'metrics')


@base.register
@dataclasses.dataclass
class ComputeNode(base.ComputeObject):
    uuid: str
    host: str
    hypervisor_hostname: str
    vcpus: int
    memory_mb: int
    local_gb: int
    vcpus_used: int = 0
    memory_mb_used: int = 0
    local_gb_used: int = 0
    hypervisor_type: str = 'fake'
    hypervisor_version: int = 1000
    cpu_info: str = '{}'
    host_ip: str | None = None
    running_vms: int = 0
    free_ram_mb: int | None = None
    free_disk_gb: int | None = None
    current_workload: int = 0
    disk_available_least: int | None = None
    cpu_allocation_ratio: float = 4.0
    ram_allocation_ratio: float = 1.0
    disk_allocation_ratio: float = 1.0
    # JSON: the host NUMA cells with their usage (compute.virt.hardware),
    # the free PCI device pools (compute.pci.stats), and the monitored
    # metrics ([{"name", "value", "timestamp", "source"}]).
    numa_topology: str | None = None
    pci_stats: str | None = None
    metrics: str | None = None
    id: int | None = None
    service_id: int | None = None
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None

    @classmethod
    def from_row(cls, row):
        values = {name: getattr(row, name) for name in REPORTED_FIELDS}
        return cls(id=row.id, service_id=row.service_id,
                   created_at=row.created_at, updated_at=row.updated_at,
                   **values)
