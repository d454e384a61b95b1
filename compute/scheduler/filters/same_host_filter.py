"""SameHostFilter: with the ``same_host`` hint, the host must run at least
one of the listed servers."""

from compute.scheduler.filters import base


class SameHostFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        others = base.hint_values(spec, 'same_host')
        return not others or bool(host_state.instances.intersection(others))
