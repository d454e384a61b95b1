"""Options of the [scheduler] group."""

from oslo_config import cfg

GROUP = 'scheduler'

opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried for one build, the first included.'),
    cfg.IntOpt('max_placement_results', default=1000, min=1,
               help='Allocation candidates asked of placement.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
