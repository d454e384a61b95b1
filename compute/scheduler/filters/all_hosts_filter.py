"""AllHostsFilter: every host passes."""

from compute.scheduler.filters import base


class AllHostsFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        return True
