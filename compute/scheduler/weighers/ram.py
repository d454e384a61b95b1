"""RAMWeigher: more free memory weighs more (spread); a negative multiplier
packs."""

from compute.scheduler.weighers import base


class RAMWeigher(base.BaseHostWeigher):
    multiplier_option = 'ram_weight_multiplier'

    def weigh(self, host_state, spec):
        return host_state.free_ram_mb
