"""BuildFailureWeigher: hosts with recent build failures weigh less (the
large default multiplier all but rules them out while others are left)."""

from compute.scheduler.weighers import base


class BuildFailureWeigher(base.BaseHostWeigher):
    multiplier_option = 'build_failure_weight_multiplier'

    def weigh(self, host_state, spec):
        return -host_state.failed_builds
