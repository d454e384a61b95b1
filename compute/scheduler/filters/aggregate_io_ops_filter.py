"""AggregateIoOpsFilter: IoOpsFilter whose limit an aggregate may set with
``max_io_ops_per_host`` metadata (the lowest wins)."""

from compute.scheduler.filters import io_ops_filter


class AggregateIoOpsFilter(io_ops_filter.IoOpsFilter):
    def max_io_ops(self, host_state):
        return host_state.aggregate_number(
            'max_io_ops_per_host', super().max_io_ops(host_state))
