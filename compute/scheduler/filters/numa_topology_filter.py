"""NUMATopologyFilter: the guest NUMA topology the flavor / image ask for
(``hw:numa_nodes``, ``hw:cpu_policy=dedicated``, ``hw:mem_page_size``)
fits the host's NUMA cells with its allocation ratios (see
compute.virt.hardware). Requests without one pass everywhere."""

from compute.scheduler.filters import base


class NUMATopologyFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec):
        return host_state.numa_fit(spec) is not None
