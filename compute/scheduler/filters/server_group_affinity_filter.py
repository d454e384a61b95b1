"""ServerGroupAffinityFilter: a server of an ``affinity`` group goes to a
host already running members of the group (any host while it has none)."""

from compute.scheduler.filters import base

POLICY = 'affinity'


class ServerGroupAffinityFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec):
        group = spec.instance_group
        if not group or group.get('policy') != POLICY:
            return True
        group_hosts = group.get('hosts') or ()
        return not group_hosts or host_state.host in group_hosts
