"""Options of the [quota] group: default limits (-1 means unlimited)."""

from oslo_config import cfg

GROUP = 'quota'

opts = [
    cfg.IntOpt('instances', default=10, min=-1, help='Servers per project.'),
    cfg.IntOpt('cores', default=20, min=-1, help='vCPUs per project.'),
    cfg.IntOpt('ram', default=50 * 1024, min=-1,
               help='Memory per project, in MiB.'),
    cfg.IntOpt('metadata_items', default=128, min=-1,
               help='Metadata items per server.'),
    cfg.IntOpt('injected_files', default=5, min=-1,
               help='Injected files per server (personality, < 2.57).'),
    cfg.IntOpt('injected_file_content_bytes', default=10 * 1024, min=-1,
               help='Bytes per injected file.'),
    cfg.IntOpt('injected_file_path_length', default=255, min=-1,
               help='Characters in an injected file path.'),
    cfg.IntOpt('key_pairs', default=100, min=-1, help='Keypairs per user.'),
    cfg.IntOpt('server_groups', default=10, min=-1,
               help='Server groups per project.'),
    cfg.IntOpt('server_group_members', default=10, min=-1,
               help='Servers per server group.'),
    cfg.BoolOpt('recheck_quota', default=True,
                help='Count usage again after resources are written, to '
                     'close races between concurrent requests.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
