"""MetricsWeigher: the sum of the host's metrics named in ``[metrics]
weight_setting``, each times its ratio. A host missing one of them is an
error when ``[metrics] required`` (NoValidHost), else weighs
``[metrics] weight_of_unavailable``."""

from compute import conf as compute_conf
from compute.scheduler import errors
from compute.scheduler import utils
from compute.scheduler.weighers import base

CONF = compute_conf.CONF


class MetricsWeigher(base.BaseHostWeigher):
    multiplier_option = 'weight_multiplier'
    multiplier_group = 'metrics'
    aggregate_key = 'metrics_weight_multiplier'

    def __init__(self):
        self.setting = utils.metric_ratios()

    def weigh(self, host_state, spec):
        value = 0.0
        for name, ratio in self.setting:
            if name in host_state.metrics:
                value += host_state.metrics[name] * ratio
            elif CONF.metrics.required:
                raise errors.NoValidHost(
                    reason='Metric %s could not be found on the compute '
                           'host node %s.%s.' % (name, host_state.host,
                                                 host_state.nodename))
            elif ratio * self.weight_multiplier(host_state):
                return CONF.metrics.weight_of_unavailable
        return value
