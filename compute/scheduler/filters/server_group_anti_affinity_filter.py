"""ServerGroupAntiAffinityFilter: a server of an ``anti-affinity`` group
goes to a host running fewer than ``max_server_per_host`` (rule, default
1) of the group's members."""

import logging

from compute.scheduler.filters import base

LOG = logging.getLogger(__name__)

POLICY = 'anti-affinity'


class ServerGroupAntiAffinityFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec):
        group = spec.instance_group
        if not group or group.get('policy') != POLICY:
            return True
        # A move may consider the host the server is on: that is no clash.
        if spec.instance_uuid in host_state.instances:
            return True
        members = host_state.instances & set(group.get('members') or ())
        limit = int((group.get('rules') or {}).get('max_server_per_host', 1))
        if len(members) >= limit:
            LOG.debug('%s already runs %d member(s) of anti-affinity group '
                      '%s', host_state, len(members), group.get('uuid'))
            return False
        return True
