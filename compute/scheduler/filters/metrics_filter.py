"""MetricsFilter: the host reports every metric named in ``[metrics]
weight_setting``, so that MetricsWeigher can weigh it."""

from compute.scheduler.filters import base
from compute.scheduler import utils


class MetricsFilter(base.BaseHostFilter):
    def __init__(self):
        self.names = {name for name, _ in utils.metric_ratios()}

    def host_passes(self, host_state, spec):
        return self.names <= set(host_state.metrics)
