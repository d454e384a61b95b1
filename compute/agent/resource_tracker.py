"""Reports a host's compute nodes to the database and placement.

For every node the driver manages: the compute node record (through the
conductor) and a resource provider with VCPU / MEMORY_MB / DISK_GB
inventories and the driver's traits in placement, named after the
hypervisor as Nova names it.
"""

import json
import threading
import uuid

from compute.agent import provider_traits
from compute.conductor import rpcapi as conductor_rpcapi
from compute import conf as compute_conf
from compute import context as compute_context
from compute.objects import compute_node as node_obj
from compute.pci import stats as pci_stats
from compute.placement import client as placement_client
from compute.placement import traits as placement_traits

CONF = compute_conf.CONF

# Stable node uuids: derived from the host and node names, so a restarted
# agent finds its own records and provider again.
_NODE_NAMESPACE = uuid.UUID('8c5d9c43-4f6e-4d58-9d0b-6a3c9e3f6f41')


def node_uuid(host, nodename):
    return str(uuid.uuid5(_NODE_NAMESPACE, '%s/%s' % (host, nodename)))


def inventories(node):
    """Placement inventories of a node, with the configured reservations."""
    return {
        'VCPU': {'total': node.vcpus, 'reserved': CONF.reserved_host_cpus,
                 'min_unit': 1, 'max_unit': node.vcpus, 'step_size': 1,
                 'allocation_ratio': node.cpu_allocation_ratio},
        'MEMORY_MB': {'total': node.memory_mb,
                      'reserved': CONF.reserved_host_memory_mb,
                      'min_unit': 1, 'max_unit': node.memory_mb,
                      'step_size': 1,
                      'allocation_ratio': node.ram_allocation_ratio},
        'DISK_GB': {'total': node.local_gb,
                    'reserved': CONF.reserved_host_disk_mb // 1024,
                    'min_unit': 1, 'max_unit': node.local_gb, 'step_size': 1,
                    'allocation_ratio': node.disk_allocation_ratio},
    }


class ResourceTracker:
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.conductor = conductor_rpcapi.ConductorAPI()
        # What placement was last told per node: only changes are sent.
        self._reported = {}
        self._reported_traits = {}
        # One report at a time: the periodic report, the one after a build
        # and others must not interleave, or an older reading of the
        # driver could be written over a newer one.
        self._lock = threading.Lock()

    def _node(self, nodename):
        res = dict(self.driver.get_available_resource(nodename))
        # The node keeps the host's PCI devices as pools of free ones.
        devices = json.loads(res.pop('pci_passthrough_devices', None)
                             or '[]')
        res['pci_stats'] = pci_stats.pools_to_json(
            pci_stats.pools_from_devices(devices))
        # Usage is counted by the conductor from the servers on the node.
        return node_obj.ComputeNode(
            uuid=node_uuid(self.host, nodename), host=self.host,
            hypervisor_hostname=nodename,
            cpu_allocation_ratio=CONF.initial_cpu_allocation_ratio,
            ram_allocation_ratio=CONF.initial_ram_allocation_ratio,
            disk_allocation_ratio=CONF.initial_disk_allocation_ratio,
            **res)

    def update(self, service_id):
        with self._lock:
            self._update(service_id)

    def _update(self, service_id):
        ctxt = compute_context.get_admin_context()
        placement = placement_client.get_client()
        for nodename in self.driver.get_nodenames():
            node = self._node(nodename)
            self.conductor.compute_node_update(ctxt, node, service_id)
            wanted = inventories(node)
            if self._reported.get(node.uuid) != wanted:
                placement.ensure_resource_provider(node.uuid, nodename)
                placement.set_inventory(node.uuid, wanted)
                self._reported[node.uuid] = wanted
            self._report_traits(node)

    def _report_traits(self, node):
        """The driver's traits on the node's provider, written when they
        change; traits others set are kept (see agent.provider_traits)."""
        managed = provider_traits.managed_traits(self.driver, node)
        if self._reported_traits.get(node.uuid) != managed:
            placement_traits.update_traits(
                node.uuid,
                lambda current: provider_traits.merged(current, managed))
            self._reported_traits[node.uuid] = managed
