"""Host states: what the scheduler knows of each candidate compute node
while it places one request.

A ``Snapshot`` is read once per request: every compute node joined with
its service (one query) and the host aggregates. Placement's allocation
candidates then pick which nodes are candidates; each becomes a
``HostState`` carrying the node's attributes (Nova's names, which filters,
weighers and JsonFilter queries refer to), its placement usage, and its
allocation requests, its NUMA cells, free PCI device pools and metrics.
Claims made during the request (placement resources, NUMA placement, PCI
devices) are consumed from the host states, so later instances of a
multi-create see them.
"""

import collections
import json
import logging

import sqlalchemy as sa

from compute import conf as compute_conf
from compute.db import aggregates as aggregates_db
from compute.db import compute_nodes
from compute.db import models_cell
from compute.db import session
from compute.pci import request as pci_request
from compute.pci import stats as pci_stats
from compute.scheduler import utils
from compute.virt import hardware

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


def _cpu_info(text):
    try:
        info = json.loads(text or '{}')
    except ValueError:
        return {}
    return info if isinstance(info, dict) else {}


def _metrics(text):
    """{metric name: value} of a node's reported metrics."""
    return {metric['name']: metric['value']
            for metric in json.loads(text or '[]')}


def pci_requests(spec):
    """The spec's PCI requests; None when they are invalid (an alias
    that is not defined)."""
    try:
        return pci_request.requests_from_flavor(spec.flavor)
    except pci_request.InvalidPciRequest as err:
        LOG.info('Request %s: %s', spec.instance_uuid, err)
        return None


class HostState:
    """One candidate compute node during one request."""

    def __init__(self, node, service, aggregates, usage, allocation_requests):
        self.uuid = node.uuid
        self.host = node.host
        self.nodename = node.hypervisor_hostname
        self.hypervisor_hostname = node.hypervisor_hostname
        self.hypervisor_type = node.hypervisor_type
        self.hypervisor_version = node.hypervisor_version
        self.host_ip = node.host_ip
        self.cpu_info = _cpu_info(node.cpu_info)
        # NOTE: nodes do not report supported instances yet; a node runs
        # guests of its CPU's architecture on its hypervisor, as HVM.
        self.supported_instances = [
            (self.cpu_info.get('arch'), self.hypervisor_type, 'hvm')]
        # NOTE: the node object does not carry its stats column yet (the
        # build failure count among them); until it does, there are none.
        self.stats = dict(getattr(node, 'stats', None) or {})
        self.failed_builds = int(self.stats.get('failed_builds', 0))
        self.num_instances = node.running_vms or 0
        self.num_io_ops = node.current_workload or 0
        self.vcpus_total = node.vcpus
        self.total_usable_ram_mb = node.memory_mb
        self.total_usable_disk_gb = node.local_gb
        self.cpu_allocation_ratio = node.cpu_allocation_ratio
        self.ram_allocation_ratio = node.ram_allocation_ratio
        self.disk_allocation_ratio = node.disk_allocation_ratio
        # Host NUMA cells with their usage (None: no NUMA topology), free
        # PCI device pools, {metric name: value}.
        self.numa_topology = hardware.topology_from_json(node.numa_topology)
        self.pci_pools = pci_stats.pools_from_json(node.pci_stats)
        self.metrics = _metrics(node.metrics)
        self.service = service
        self.aggregates = aggregates
        # Uuids of the instances the request asks about (group members,
        # same_host / different_host hints) that run here.
        self.instances = set()
        self.allocation_requests = allocation_requests
        # {provider uuid: {resource class: [capacity, used]}} of this tree.
        self._usage = usage

    def __repr__(self):
        return '(%s, %s)' % (self.host, self.nodename)

    # Usage of the root provider (the compute node), as placement counts
    # it: capacity is (total - reserved) x allocation ratio.

    def _root(self, rc):
        return self._usage.get(self.uuid, {}).get(rc, (0, 0))

    @property
    def vcpus_used(self):
        return self._root('VCPU')[1]

    @property
    def vcpus_free(self):
        capacity, used = self._root('VCPU')
        return capacity - used

    @property
    def free_ram_mb(self):
        capacity, used = self._root('MEMORY_MB')
        return capacity - used

    @property
    def free_disk_mb(self):
        capacity, used = self._root('DISK_GB')
        return (capacity - used) * 1024

    @property
    def disk_mb_used(self):
        return self._root('DISK_GB')[1] * 1024

    def _amounts(self, allocation_request):
        for rp_uuid, alloc in allocation_request['allocations'].items():
            for rc, amount in alloc['resources'].items():
                yield self._usage.setdefault(rp_uuid, {}).setdefault(
                    rc, [0, 0]), amount

    def fits(self, allocation_request):
        """Whether the allocation request still fits what is left here."""
        return all(used + amount <= capacity for (capacity, used), amount
                   in self._amounts(allocation_request))

    def numa_fit(self, spec):
        """Where the spec's guest NUMA cells go on this host's cells: []
        when it asks for no NUMA topology, None when it does not fit (or
        asks for an impossible one)."""
        try:
            guest = hardware.guest_cells(spec.flavor,
                                         utils.image_properties(spec))
        except hardware.InvalidNUMARequest as err:
            LOG.info('Request %s: %s', spec.instance_uuid, err)
            return None
        if guest is None:
            return []
        if self.numa_topology is None:
            return None
        return hardware.fit(self.numa_topology, guest,
                            self.cpu_allocation_ratio,
                            self.ram_allocation_ratio)

    def consume(self, allocation_request, instance_uuid, spec=None):
        """Count an instance claimed here with ``allocation_request`` and,
        given its spec, its NUMA placement and PCI devices."""
        for usage, amount in self._amounts(allocation_request):
            usage[1] += amount
        self.num_instances += 1
        self.num_io_ops += 1
        self.instances.add(instance_uuid)
        if spec is not None:
            placements = self.numa_fit(spec)
            if placements:
                hardware.apply(self.numa_topology, placements)
            pci_stats.consume(self.pci_pools, pci_requests(spec) or [])

    def aggregate_values(self, key):
        """The set of values ``key`` has in this host's aggregates."""
        return {agg.metadata[key] for agg in self.aggregates
                if key in agg.metadata}

    def aggregate_number(self, key, default, cast=int):
        """The smallest number set for ``key`` in this host's aggregates,
        ``default`` when none sets a valid one."""
        values = []
        for value in self.aggregate_values(key):
            try:
                values.append(cast(value))
            except ValueError:
                LOG.warning('Aggregate metadata %s=%r of host %s is not a '
                            'number; ignored.', key, value, self.host)
        return min(values) if values else default


def _usage_by_root(summaries):
    """{root provider uuid: {provider uuid: {rc: [capacity, used]}}}."""
    found = collections.defaultdict(dict)
    for rp_uuid, summary in summaries.items():
        root = summary.get('root_provider_uuid') or rp_uuid
        found[root][rp_uuid] = {
            rc: [amounts['capacity'], amounts['used']]
            for rc, amounts in summary['resources'].items()}
    return found


def _requests_by_root(candidates):
    """{root provider uuid: [allocation requests]}, in placement's order."""
    summaries = candidates['provider_summaries']
    found = collections.defaultdict(list)
    for request in candidates['allocation_requests']:
        rp_uuid = next(iter(request['allocations']))
        root = summaries.get(rp_uuid, {}).get('root_provider_uuid') or rp_uuid
        found[root].append(request)
    return found


def _lower_set(names):
    return {name.lower() for name in names or ()}


class Snapshot:
    """Compute nodes with their services, and host aggregates, read once
    for a request."""

    def __init__(self, pairs, aggregates):
        self.pairs = pairs
        self.aggregates_by_host = collections.defaultdict(list)
        for aggregate in aggregates:
            for host in aggregate.hosts:
                self.aggregates_by_host[host].append(aggregate)
        self.aggregates = aggregates

    @classmethod
    def load(cls):
        return cls(compute_nodes.list_with_services(),
                   aggregates_db.list_aggregates())

    def nodes(self, host=None, nodename=None):
        """Live nodes with an enabled service, optionally of one host /
        hypervisor."""
        return [node for node, service in self.pairs
                if service is not None and not service.disabled
                and (host is None or node.host == host)
                and (nodename is None
                     or node.hypervisor_hostname == nodename)]

    def host_states(self, candidates, spec):
        """Host states of the nodes placement offered, minus disabled
        services, ignored hosts and nodes other than a requested one."""
        requests = _requests_by_root(candidates)
        usage = _usage_by_root(candidates['provider_summaries'])
        ignored = _lower_set(spec.ignore_hosts)
        wanted = {node.uuid for node in self.nodes(
            spec.requested_host, spec.requested_node)}
        return [HostState(node, service, self.aggregates_by_host[node.host],
                          usage[node.uuid], requests[node.uuid])
                for node, service in self.pairs
                if node.uuid in requests and node.uuid in wanted
                and node.host.lower() not in ignored]


def forced_hosts(hosts, spec):
    """The hosts named by ``force_hosts`` / ``force_nodes`` (case does not
    matter), or None when the request forces nothing."""
    if not (spec.force_hosts or spec.force_nodes):
        return None
    forced_hosts = _lower_set(spec.force_hosts)
    forced_nodes = _lower_set(spec.force_nodes)
    return [host for host in hosts
            if (not forced_hosts or host.host.lower() in forced_hosts)
            and (not forced_nodes or host.nodename.lower() in forced_nodes)]


def _instance_hosts(uuids):
    """{instance uuid: host} of the live, placed instances among ``uuids``."""
    if not uuids:
        return {}
    inst = models_cell.Instance
    query = sa.select(inst.uuid, inst.host).where(
        inst.deleted == 0, inst.uuid.in_(sorted(uuids)),
        inst.host.is_not(None))
    with session.cell_session() as db:
        return dict(db.execute(query).all())


def locate_instances(hosts, uuids):
    """Record in each host state which of ``uuids`` run there (one query
    for them all); {instance uuid: host} of those found anywhere."""
    located = _instance_hosts(uuids)
    by_host = collections.defaultdict(set)
    for uuid, host in located.items():
        by_host[host].add(uuid)
    for state in hosts:
        state.instances |= by_host.get(state.host, set())
    return located


_IMAGE_PREFIX = 'image_'


def instance_image_properties(hosts):
    """{host: [{image property: value} per live instance]} of the
    instances on ``hosts``, from their system metadata (one query)."""
    inst = models_cell.Instance
    meta = models_cell.InstanceSystemMetadata
    query = sa.select(inst.host, inst.uuid, meta.key, meta.value).join(
        meta, sa.and_(meta.instance_uuid == inst.uuid, meta.deleted == 0,
                      meta.key.startswith(_IMAGE_PREFIX))).where(
        inst.deleted == 0, inst.host.in_(sorted(hosts)))
    by_instance = collections.defaultdict(dict)
    with session.cell_session() as db:
        for host, uuid, key, value in db.execute(query):
            by_instance[host, uuid][key[len(_IMAGE_PREFIX):]] = value
    found = collections.defaultdict(list)
    for (host, _), props in by_instance.items():
        found[host].append(props)
    return found
