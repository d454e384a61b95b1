"""The late check of a server group's hard policy, on the host about to
build a member (what Nova's compute does in
``_validate_instance_group_policy``).

The scheduler enforces ``affinity`` and ``anti-affinity`` with what it
knows when it places a server; two requests placed at the same time do
not see each other. The agent checks again just before it spawns, with
where the members run now (asked of the conductor: the agent has no
database), and fails the build for a reschedule when the host breaks
the policy:

- anti-affinity: ``max_server_per_host`` (default 1) other members are
  already here;
- affinity: other members run, and not here.

Checks for one group on one host take turns. A member being built here
counts once its own check admitted it, so of two anti-affinity builds
racing for the last place the first to be checked gets it and the other
is rescheduled, rather than both. Affinity members racing to different
hosts each see the other and both fail, as in Nova.
"""

import collections
import logging
import threading

from compute import states
from compute.virt import driver as virt_driver

LOG = logging.getLogger(__name__)

ANTI_AFFINITY = 'anti-affinity'
AFFINITY = 'affinity'


class GroupPolicyViolated(virt_driver.BuildFailed):
    """Building here would break the server group's hard policy."""


_guard = threading.Lock()
# (host, group uuid) -> the lock its checks take turns on.
_locks = {}
# (host, group uuid) -> members admitted here and still being built.
_admitted = collections.defaultdict(set)


def _lock(key):
    with _guard:
        return _locks.setdefault(key, threading.Lock())


def _others_here(group, instance_uuid, host, admitted):
    """Other members that count as running on ``host``: those past their
    build, and those being built that their check admitted."""
    return [uuid for uuid, member in group['located'].items()
            if uuid != instance_uuid and member['host'] == host and
            (member['vm_state'] != states.BUILDING or uuid in admitted)]


def _violation(group, instance_uuid, host, admitted):
    """The reason ``host`` breaks the group's policy, or None."""
    if group['policy'] == ANTI_AFFINITY:
        limit = int(group['rules'].get('max_server_per_host', 1))
        if len(_others_here(group, instance_uuid, host, admitted)) >= limit:
            return 'Anti-affinity instance group policy was violated.'
    elif group['policy'] == AFFINITY:
        hosts = {member['host'] for uuid, member in group['located'].items()
                 if uuid != instance_uuid}
        if hosts and host not in hosts:
            return 'Affinity instance group policy was violated.'
    return None


def check(context, agent, build, instance):
    """Raise GroupPolicyViolated when building ``instance`` on the
    ``agent``'s host breaks the hard policy of its server group."""
    host = agent.host
    hint = build.request_spec.instance_group
    if not hint or hint.get('policy') not in (AFFINITY, ANTI_AFFINITY):
        return
    key = (host, hint['uuid'])
    with _lock(key):
        group = agent.conductor.server_group_placement(context, instance.uuid)
        if group is None:
            return
        admitted = _admitted[key]
        # Forget the members that left this host or finished building.
        admitted &= {uuid for uuid, member in group['located'].items()
                     if member['host'] == host and
                     member['vm_state'] == states.BUILDING}
        reason = _violation(group, instance.uuid, host, admitted)
        if reason:
            LOG.info('Not building %s on %s: %s', instance.uuid, host,
                     reason)
            raise GroupPolicyViolated(reason)
        admitted.add(instance.uuid)
