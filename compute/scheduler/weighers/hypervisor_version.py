"""HypervisorVersionWeigher: newer hypervisors weigh more."""

from compute.scheduler.weighers import base


class HypervisorVersionWeigher(base.BaseHostWeigher):
    multiplier_option = 'hypervisor_version_weight_multiplier'

    def weigh(self, host_state, spec):
        return host_state.hypervisor_version or 0
