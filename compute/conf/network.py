"""Options of the [network] group: which network back end, and the built-in
flat network of the local back end."""

from oslo_config import cfg

GROUP = 'network'

opts = [
    cfg.StrOpt('backend', default='local',
               choices=[('local', 'The built-in networking: one flat network '
                                  'with IP allocation per port, served as '
                                  'the Networking API v2.0 under '
                                  '/networking.')],
               help='Network service used for servers\' ports.'),
    cfg.StrOpt('connection', secret=True,
               help='Database URL of the local back end. Empty means SQLite '
                    'at $state_path/network.sqlite. Its tables are created '
                    'on first use; they are not migrated by alembic.'),
    cfg.StrOpt('flat_network_name', default='private',
               help='Name of the flat network created on first start.'),
    cfg.StrOpt('flat_network_cidr', default='10.0.0.0/24',
               help='IPv4 CIDR of the flat network\'s subnet.'),
    cfg.StrOpt('flat_network_gateway',
               help='Gateway address of the flat network. Empty means the '
                    'first host address of flat_network_cidr.'),
    cfg.IntOpt('flat_network_mtu', default=1500, min=68,
               help='MTU reported for the flat network.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
