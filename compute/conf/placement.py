"""Options of the [placement] group: embedded or remote placement service."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'placement'

opts = [
    cfg.BoolOpt('embedded', default=True,
                help='Run the openstack-placement package inside this '
                     'process (served under /placement by the API). When '
                     'False, talk to a placement endpoint over HTTP.'),
    cfg.StrOpt('connection', secret=True,
               help='Database URL of the embedded placement. Empty means '
                    'SQLite at $state_path/placement.sqlite.'),
    cfg.StrOpt('noauth_token', default='admin:admin', secret=True,
               help='Token sent to a remote placement endpoint when no '
                    'auth_type is set (its noauth2 mode); the endpoint '
                    'is endpoint_override.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)
    ks_loading.register_session_conf_options(conf, GROUP)
    ks_loading.register_auth_conf_options(conf, GROUP)
    ks_loading.register_adapter_conf_options(conf, GROUP)


def list_opts():
    return [(GROUP, opts)]
