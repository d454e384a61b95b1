"""Options of the [filter_scheduler] group: which host filters and weighers
run, their multipliers and limits, and how the winner is picked."""

from oslo_config import cfg

GROUP = 'filter_scheduler'

# The special names meaning "every filter / weigher this service ships".
ALL_FILTERS = 'all_filters'
ALL_WEIGHERS = 'all_weighers'

_selection_opts = [
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='The winner is picked at random among this many of the '
                    'best weighed hosts; more than 1 lowers the chance that '
                    'concurrent requests race for one host.'),
    cfg.BoolOpt('shuffle_best_same_weighed_hosts', default=False,
                help='Shuffle the hosts that share the best weight before '
                     'picking, to spread requests over equal hosts.'),
]

_filter_opts = [
    cfg.ListOpt('available_filters', default=[ALL_FILTERS],
                help='Host filter classes that may be enabled, by name; '
                     '"%s" means every filter shipped.' % ALL_FILTERS),
    cfg.ListOpt('enabled_filters',
                default=['ComputeFilter', 'ComputeCapabilitiesFilter',
                         'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                help='Host filters run for every request, in this order; '
                     'each must be in available_filters.'),
    cfg.IntOpt('max_instances_per_host', default=50, min=1,
               help='NumInstancesFilter: instances a host may run (an '
                    'aggregate may lower it with the same metadata key for '
                    'AggregateNumInstancesFilter).'),
    cfg.IntOpt('max_io_ops_per_host', default=8, min=0,
               help='IoOpsFilter: I/O-heavy operations (builds, resizes, '
                    'snapshots, ...) a host may run at once.'),
    cfg.StrOpt('image_properties_default_architecture',
               help='ImagePropertiesFilter: architecture assumed for images '
                    'that do not set hw_architecture.'),
    cfg.ListOpt('isolated_images', default=[],
                help='IsolatedHostsFilter: images that may only run on the '
                     'isolated hosts.'),
    cfg.ListOpt('isolated_hosts', default=[],
                help='IsolatedHostsFilter: hosts reserved for the isolated '
                     'images.'),
    cfg.BoolOpt('restrict_isolated_hosts_to_isolated_images', default=True,
                help='IsolatedHostsFilter: isolated hosts refuse every '
                     'other image (and volume-backed servers).'),
    cfg.StrOpt('aggregate_image_properties_isolation_namespace',
               help='AggregateImagePropertiesIsolation: only image '
                    'properties in this namespace are compared.'),
    cfg.StrOpt('aggregate_image_properties_isolation_separator',
               default='.',
               help='AggregateImagePropertiesIsolation: separator between '
                    'namespace and property name.'),
]

_weigher_opts = [
    cfg.ListOpt('weight_classes', default=[ALL_WEIGHERS],
                help='Host weighers run for every request, by name; "%s" '
                     'means every weigher shipped.' % ALL_WEIGHERS),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='RAMWeigher: positive spreads by free RAM, negative '
                      'packs.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='CPUWeigher: positive spreads by free vCPUs, negative '
                      'packs.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='DiskWeigher: positive spreads by free disk, negative '
                      'packs.'),
    cfg.FloatOpt('io_ops_weight_multiplier', default=-1.0,
                 help='IoOpsWeigher: negative prefers hosts with fewer '
                      'I/O operations under way.'),
    cfg.FloatOpt('num_instances_weight_multiplier', default=0.0,
                 help='NumInstancesWeigher: negative spreads by instance '
                      'count, positive packs; 0 turns it off.'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='ServerGroupSoftAffinityWeigher: preference for hosts '
                      'running members of a soft-affinity group.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0,
                 min=0.0,
                 help='ServerGroupSoftAntiAffinityWeigher: aversion to '
                      'hosts running members of a soft-anti-affinity group.'),
    cfg.FloatOpt('build_failure_weight_multiplier', default=1000000.0,
                 help='BuildFailureWeigher: how strongly hosts with recent '
                      'build failures are avoided.'),
    cfg.FloatOpt('hypervisor_version_weight_multiplier', default=1.0,
                 help='HypervisorVersionWeigher: positive prefers newer '
                      'hypervisors, negative older ones.'),
    cfg.FloatOpt('pci_weight_multiplier', default=1.0, min=0.0,
                 help='PCIWeigher: preference for hosts with fewer free PCI '
                      'devices, keeping PCI-rich hosts for PCI requests.'),
    cfg.FloatOpt('cross_cell_move_weight_multiplier', default=1000000.0,
                 help='CrossCellWeigher: during a move allowed to cross '
                      'cells, preference for hosts of the source cell.'),
    cfg.FloatOpt('image_props_weight_multiplier', default=0.0, min=0.0,
                 help='ImagePropertiesWeigher: preference for hosts whose '
                      'instances share the requested image\'s properties; '
                      '0 turns it off.'),
    cfg.ListOpt('image_props_weight_setting', default=[],
                help='ImagePropertiesWeigher: name=ratio pairs; only these '
                     'image properties count, each with its ratio (empty: '
                     'every property counts 1).'),
]

opts = _selection_opts + _filter_opts + _weigher_opts


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
