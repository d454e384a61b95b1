"""PciPassthroughFilter: the host's free PCI device pools hold the devices
the flavor's ``pci_passthrough:alias`` asks for (an alias that ``[pci]
alias`` does not define fits nowhere)."""

from compute.pci import stats as pci_stats
from compute.scheduler.filters import base
from compute.scheduler import host_manager


class PciPassthroughFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec):
        requests = host_manager.pci_requests(spec)
        return requests is not None and pci_stats.supports(
            host_state.pci_pools, requests)
