"""IoOpsFilter: the host runs fewer than ``[filter_scheduler]
max_io_ops_per_host`` I/O-heavy operations (builds, resizes, snapshots,
...)."""

from compute import conf as compute_conf
from compute.scheduler.filters import base

CONF = compute_conf.CONF


class IoOpsFilter(base.BaseHostFilter):
    def max_io_ops(self, host_state):
        return CONF.filter_scheduler.max_io_ops_per_host

    def host_passes(self, host_state, spec):
        return host_state.num_io_ops < self.max_io_ops(host_state)
