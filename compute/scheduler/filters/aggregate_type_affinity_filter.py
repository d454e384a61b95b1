"""AggregateTypeAffinityFilter: a host whose aggregates set
``instance_type`` metadata (comma-separated flavor names) only takes those
flavors."""

from compute.scheduler.filters import base


class AggregateTypeAffinityFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        values = host_state.aggregate_values('instance_type')
        return not values or any(
            spec.flavor.get('name') in [name.strip()
                                        for name in value.split(',')]
            for value in values)
