"""ServerGroupSoftAntiAffinityWeigher: for a ``soft-anti-affinity`` group,
each member already on the host weighs less."""

from compute.scheduler.weighers import base
from compute.scheduler.weighers import soft_affinity


class ServerGroupSoftAntiAffinityWeigher(base.BaseHostWeigher):
    multiplier_option = 'soft_anti_affinity_weight_multiplier'

    def weigh(self, host_state, spec):
        return -soft_affinity.members_on_host(host_state, spec,
                                              'soft-anti-affinity')
