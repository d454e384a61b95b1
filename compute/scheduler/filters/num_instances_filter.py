"""NumInstancesFilter: the host runs fewer than
``[filter_scheduler] max_instances_per_host`` instances."""

from compute import conf as compute_conf
from compute.scheduler.filters import base

CONF = compute_conf.CONF


class NumInstancesFilter(base.BaseHostFilter):
    def max_instances(self, host_state):
        return CONF.filter_scheduler.max_instances_per_host

    def host_passes(self, host_state, spec):
        return host_state.num_instances < self.max_instances(host_state)
