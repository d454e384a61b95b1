"""NumInstancesWeigher: by instance count (off by default; negative
spreads, positive packs)."""

from compute.scheduler.weighers import base


class NumInstancesWeigher(base.BaseHostWeigher):
    multiplier_option = 'num_instances_weight_multiplier'

    def weigh(self, host_state, spec):
        return host_state.num_instances
