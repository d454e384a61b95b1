"""AggregateMultiTenancyIsolation: a host in aggregates with
``filter_tenant_id*`` metadata only takes servers of those projects."""

from compute.scheduler.filters import base

_KEY_PREFIX = 'filter_tenant_id'


class AggregateMultiTenancyIsolation(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        projects = set()
        for key, values in base.aggregate_metadata(host_state).items():
            if key.startswith(_KEY_PREFIX):
                projects |= values
        return not projects or spec.project_id in projects
