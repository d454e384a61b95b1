"""DifferentHostFilter: with the ``different_host`` hint, the host must run
none of the listed servers."""

from compute.scheduler.filters import base


class DifferentHostFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        others = base.hint_values(spec, 'different_host')
        return not host_state.instances.intersection(others)
