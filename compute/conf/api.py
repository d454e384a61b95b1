"""Options of the [api] group: authentication, paging, links."""

from oslo_config import cfg

GROUP = 'api'

opts = [
    cfg.StrOpt('auth_strategy', default='noauth2',
               choices=[('noauth2', 'token "user:project"; user admin is '
                                    'admin. For tests and all-in-one only.'),
                        ('keystone', 'keystonemiddleware auth_token')],
               help='How API requests are authenticated.'),
    cfg.IntOpt('max_limit', default=1000, min=0,
               help='Largest number of items one list response returns.'),
    cfg.StrOpt('compute_link_prefix',
               help='Base URL used in links instead of the request host.'),
    cfg.IntOpt('max_request_body_size', default=114688, min=1,
               help='Largest request body accepted, in bytes (413 above).'),
    cfg.StrOpt('policy_file', default='policy.yaml',
               help='Operator policy overrides (oslo.policy).'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
