"""CPUWeigher: more free vCPUs (after the allocation ratio) weighs more."""

from compute.scheduler.weighers import base


class CPUWeigher(base.BaseHostWeigher):
    multiplier_option = 'cpu_weight_multiplier'

    def weigh(self, host_state, spec):
        return host_state.vcpus_free
