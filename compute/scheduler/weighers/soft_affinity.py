"""ServerGroupSoftAffinityWeigher: for a ``soft-affinity`` group, each
member already on the host weighs more."""

from compute.scheduler.weighers import base


def members_on_host(host_state, spec, policy):
    """How many members of the request's group run on the host, when the
    group has ``policy``; 0 otherwise."""
    group = spec.instance_group
    if not group or group.get('policy') != policy:
        return 0
    return len(host_state.instances & set(group.get('members') or ()))


class ServerGroupSoftAffinityWeigher(base.BaseHostWeigher):
    multiplier_option = 'soft_affinity_weight_multiplier'

    def weigh(self, host_state, spec):
        return members_on_host(host_state, spec, 'soft-affinity')
