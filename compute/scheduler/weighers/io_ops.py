"""IoOpsWeigher: by the count of I/O-heavy operations under way; the
negative default multiplier prefers quiet hosts."""

from compute.scheduler.weighers import base


class IoOpsWeigher(base.BaseHostWeigher):
    multiplier_option = 'io_ops_weight_multiplier'

    def weigh(self, host_state, spec):
        return host_state.num_io_ops
