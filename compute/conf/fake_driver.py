"""Options of the [fake_driver] group: resources of simulated hypervisors."""

from oslo_config import cfg

GROUP = 'fake_driver'

opts = [
    cfg.IntOpt('vcpus', default=16, min=1, help='vCPUs per fake host.'),
    cfg.IntOpt('memory_mb', default=32768, min=1,
               help='Memory per fake host, in MiB.'),
    cfg.IntOpt('disk_gb', default=1024, min=1,
               help='Local disk per fake host, in GiB.'),
    cfg.StrOpt('numa_cells',
               help='NUMA cells of every fake host as JSON: [{"cpus": N, '
                    '"pcpus": N, "memory_mb": N, "hugepages": {"<size '
                    'KiB>": count}}]; shared ("cpus") and dedicated '
                    '("pcpus") CPU ids are numbered on across the cells. '
                    'The host\'s vCPUs and memory are then the cells\' sum. '
                    'Unset: no NUMA topology.'),
    cfg.StrOpt('pci_devices',
               help='PCI devices of every fake host as JSON: [{"address", '
                    '"vendor_id", "product_id", "dev_type": "type-PCI" | '
                    '"type-PF" | "type-VF", "numa_node"}]. Unset: none.'),
    cfg.FloatOpt('spawn_delay', default=0.0, min=0.0,
                 help='Seconds a fake guest takes to spawn.'),
    cfg.ListOpt('fail_builds', default=[],
                help='host:N pairs: the first N builds on that host fail '
                     '(to exercise rescheduling).'),
    cfg.FloatOpt('live_migration_seconds', default=1.0, min=0.0,
                 help='Seconds a fake live migration takes to copy a '
                      'guest, unless it is forced to complete or aborted.'),
    cfg.FloatOpt('live_migration_progress_interval', default=0.2,
                 min=0.01,
                 help='Seconds between two progress reports (memory and '
                      'disk counters) of a fake live migration.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
