"""AggregateNumInstancesFilter: NumInstancesFilter whose limit an aggregate
may set with ``max_instances_per_host`` metadata (the lowest wins)."""

from compute.scheduler.filters import num_instances_filter


class AggregateNumInstancesFilter(num_instances_filter.NumInstancesFilter):
    def max_instances(self, host_state):
        return host_state.aggregate_number(
            'max_instances_per_host', super().max_instances(host_state))
