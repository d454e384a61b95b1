"""Options of the [all_in_one] group: what compute-all runs in one process."""

from oslo_config import cfg

GROUP = 'all_in_one'

opts = [
    cfg.IntOpt('agent_count', default=1, min=0,
               help='Number of compute agents started as threads; they are '
                    'named compute1 ... computeN.'),
    cfg.StrOpt('agent_host_prefix', default='compute',
               help='Prefix of the agent host names.'),
    cfg.BoolOpt('write_clouds_yaml', default=True,
                help='Write $state_path/clouds.yaml on start.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
