"""PCIWeigher: hosts with fewer free PCI devices weigh more, so hosts rich
in devices stay free for the requests that need them (and PCI requests
stack on the hosts already in use)."""

from compute.pci import stats as pci_stats
from compute.scheduler.weighers import base


class PCIWeigher(base.BaseHostWeigher):
    multiplier_option = 'pci_weight_multiplier'

    def weigh(self, host_state, spec):
        return -pci_stats.free_devices(host_state.pci_pools)
