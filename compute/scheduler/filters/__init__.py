"""Host filters: the classes shipped, which of them a request runs, and
how they run.

``[filter_scheduler] available_filters`` names the filters that may be
enabled (``all_filters`` for every one shipped, or dotted class paths of
filters from elsewhere); ``enabled_filters`` those that run, in order.
"""

import logging

from oslo_utils import importutils

from compute import conf as compute_conf
from compute.conf import filter_scheduler as opts
from compute.scheduler import errors
from compute.scheduler.filters import aggregate_image_properties_isolation
from compute.scheduler.filters import aggregate_instance_extra_specs
from compute.scheduler.filters import aggregate_io_ops_filter
from compute.scheduler.filters import aggregate_multitenancy_isolation
from compute.scheduler.filters import aggregate_num_instances_filter
from compute.scheduler.filters import aggregate_type_affinity_filter
from compute.scheduler.filters import all_hosts_filter
from compute.scheduler.filters import compute_capabilities_filter
from compute.scheduler.filters import compute_filter
from compute.scheduler.filters import different_host_filter
from compute.scheduler.filters import image_props_filter
from compute.scheduler.filters import io_ops_filter
from compute.scheduler.filters import isolated_hosts_filter
from compute.scheduler.filters import json_filter
from compute.scheduler.filters import metrics_filter
from compute.scheduler.filters import num_instances_filter
from compute.scheduler.filters import numa_topology_filter
from compute.scheduler.filters import pci_passthrough_filter
from compute.scheduler.filters import same_host_filter
from compute.scheduler.filters import server_group_affinity_filter
from compute.scheduler.filters import server_group_anti_affinity_filter
from compute.scheduler.filters import simple_cidr_affinity_filter

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

SHIPPED = {cls.__name__: cls for cls in (
    aggregate_image_properties_isolation.AggregateImagePropertiesIsolation,
    aggregate_instance_extra_specs.AggregateInstanceExtraSpecsFilter,
    aggregate_io_ops_filter.AggregateIoOpsFilter,
    aggregate_multitenancy_isolation.AggregateMultiTenancyIsolation,
    aggregate_num_instances_filter.AggregateNumInstancesFilter,
    aggregate_type_affinity_filter.AggregateTypeAffinityFilter,
    all_hosts_filter.AllHostsFilter,
    compute_capabilities_filter.ComputeCapabilitiesFilter,
    compute_filter.ComputeFilter,
    different_host_filter.DifferentHostFilter,
    image_props_filter.ImagePropertiesFilter,
    io_ops_filter.IoOpsFilter,
    isolated_hosts_filter.IsolatedHostsFilter,
    json_filter.JsonFilter,
    metrics_filter.MetricsFilter,
    num_instances_filter.NumInstancesFilter,
    numa_topology_filter.NUMATopologyFilter,
    pci_passthrough_filter.PciPassthroughFilter,
    same_host_filter.SameHostFilter,
    server_group_affinity_filter.ServerGroupAffinityFilter,
    server_group_anti_affinity_filter.ServerGroupAntiAffinityFilter,
    simple_cidr_affinity_filter.SimpleCIDRAffinityFilter,
)}


def available(names, shipped, all_name):
    """{class name: class} of the classes ``names`` makes available."""
    found = {}
    for name in names:
        if name == all_name:
            found.update(shipped)
        elif '.' in name:
            cls = importutils.import_class(name)
            found[cls.__name__] = cls
        elif name in shipped:
            found[name] = shipped[name]
    return found


def enabled(names, classes, kind):
    """Instances of the classes named by ``names``, in order."""
    missing = [name for name in names if name not in classes]
    if missing:
        raise errors.FilterNotFound(kind=kind, name=', '.join(missing))
    return [classes[name]() for name in names]


def load_filters():
    """The enabled host filters, in order; FilterNotFound for a name that
    is not available."""
    conf = CONF.filter_scheduler
    return enabled(conf.enabled_filters,
                   available(conf.available_filters, SHIPPED,
                             opts.ALL_FILTERS), 'filter')


def run(host_filters, hosts, spec, index):
    """The hosts every filter keeps for instance number ``index`` of the
    request (filters that run once per request only look at the first)."""
    for host_filter in host_filters:
        if index and host_filter.run_filter_once_per_request:
            continue
        hosts = host_filter.filter_all(hosts, spec)
        if not hosts:
            LOG.info('Filter %s returned 0 hosts for instance %s',
                     type(host_filter).__name__, spec.instance_uuid)
            break
    return hosts
