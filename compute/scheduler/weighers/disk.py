"""DiskWeigher: more free local disk weighs more."""

from compute.scheduler.weighers import base


class DiskWeigher(base.BaseHostWeigher):
    multiplier_option = 'disk_weight_multiplier'

    def weigh(self, host_state, spec):
        return host_state.free_disk_mb
