"""The NUMA cells and PCI devices of a fake host, and the guests' claims
on them.

Cells and devices come from ``[fake_driver] numa_cells`` / ``pci_devices``
or, per host, from ``FakeHardware.configure``. Like a real hypervisor
(through Nova's resource tracker claim), a guest's NUMA placement and PCI
devices are claimed when it is created: a guest that does not fit fails
its build (and is rescheduled). Claims live in the guest records, so a
destroyed guest frees them; the host's report (``resources``) counts the
claims of the guests it is handed.
"""

import dataclasses
import json

from compute import conf as compute_conf
from compute.pci import request as pci_request
from compute.virt import hardware

CONF = compute_conf.CONF

# The key of a guest record holding its claim.
CLAIM = 'hardware'


def _from_option(text):
    return json.loads(text) if text else []


def _host_cells(cells):
    """Host cells (no usage) of the configured cells, CPU ids numbered on
    across the cells: each cell's shared CPUs, then its dedicated ones."""
    found = []
    next_cpu = 0
    for cell_id, cell in enumerate(cells):
        shared = range(next_cpu, next_cpu + cell.get('cpus', 0))
        dedicated = range(shared.stop, shared.stop + cell.get('pcpus', 0))
        next_cpu = dedicated.stop
        found.append(hardware.host_cell(
            cell_id, shared, dedicated, cell['memory_mb'],
            cell.get('hugepages') or {}))
    return found


def image_properties(instance):
    """Image properties of a guest, as kept in its system metadata."""
    return {key[len('image_'):]: value
            for key, value in (instance.system_metadata or {}).items()
            if key.startswith('image_')}


class FakeHardware:
    def __init__(self):
        self.cells = _from_option(CONF.fake_driver.numa_cells)
        self.devices = _from_option(CONF.fake_driver.pci_devices)

    def configure(self, numa_cells=None, pci_devices=None):
        """Replace the cells and / or the devices (lists as the options
        take them)."""
        if numa_cells is not None:
            self.cells = list(numa_cells)
        if pci_devices is not None:
            self.devices = [dict(device) for device in pci_devices]

    def _state(self, claims):
        """(host cells or None, devices with their instance_uuid) with the
        claims counted."""
        cells = _host_cells(self.cells) if self.cells else None
        owners = {}
        for instance_uuid, claim in claims:
            if cells is not None:
                hardware.apply(cells, [hardware.CellPlacement(**placement)
                                       for placement in claim['numa']])
            owners.update(dict.fromkeys(claim['pci'], instance_uuid))
        devices = [dict(device, instance_uuid=owners.get(device['address']))
                   for device in self.devices]
        return cells, devices

    def claim(self, flavor, image_props, claims):
        """The claim of a new guest given the ``claims`` [(uuid, claim)]
        of the others (ValueError saying why when it does not fit): its
        NUMA placements (dicts) and PCI device addresses."""
        cells, devices = self._state(claims)
        guest = hardware.guest_cells(flavor, image_props)
        placements = []
        if guest is not None:
            placements = None if cells is None else hardware.fit(
                cells, guest, CONF.initial_cpu_allocation_ratio,
                CONF.initial_ram_allocation_ratio)
            if placements is None:
                raise ValueError('The guest NUMA topology does not fit the '
                                 'host NUMA cells')
        devices = self._pick_devices(
            devices, pci_request.requests_from_flavor(flavor))
        return {'numa': [dataclasses.asdict(p) for p in placements],
                'pci': devices}

    @staticmethod
    def _pick_devices(devices, requests):
        free = [device for device in devices
                if device['instance_uuid'] is None]
        picked = []
        for req in requests:
            matching = [device for device in free
                        if pci_request.matches(device, req.specs)]
            if len(matching) < req.count:
                raise ValueError('Not enough free PCI devices for alias %s'
                                 % req.alias_name)
            for device in matching[:req.count]:
                free.remove(device)
                picked.append(device['address'])
        return picked

    def resources(self, vcpus, memory_mb, claims):
        """Report entries: vcpus and memory_mb (the cells' sums when there
        are cells), numa_topology and pci_passthrough_devices (JSON)."""
        cells, devices = self._state(claims)
        report = {'vcpus': vcpus, 'memory_mb': memory_mb,
                  'numa_topology': None,
                  'pci_passthrough_devices': json.dumps(devices)}
        if cells:
            report.update(
                vcpus=sum(len(c.cpuset) + len(c.pcpuset) for c in cells),
                memory_mb=sum(c.memory_mb for c in cells),
                numa_topology=hardware.topology_to_json(cells))
        return report

