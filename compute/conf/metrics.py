"""Options of the [metrics] group: how MetricsFilter and MetricsWeigher use
the metrics compute nodes report."""

from oslo_config import cfg

GROUP = 'metrics'

opts = [
    cfg.FloatOpt('weight_multiplier', default=1.0,
                 help='MetricsWeigher: multiplier of the weighed metrics '
                      '(an aggregate may override it with the '
                      'metrics_weight_multiplier metadata key).'),
    cfg.ListOpt('weight_setting', default=[],
                help='MetricsWeigher: name=ratio pairs; a host weighs the '
                     'sum of each metric times its ratio. MetricsFilter '
                     'keeps the hosts reporting every metric named here.'),
    cfg.BoolOpt('required', default=True,
                help='MetricsWeigher: a host missing a metric of '
                     'weight_setting is an error; when false it weighs '
                     'weight_of_unavailable instead.'),
    cfg.FloatOpt('weight_of_unavailable', default=-10000.0,
                 help='MetricsWeigher: weight of a host missing a metric '
                      'when required is false.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
