"""Policy for locking and unlocking a server (os-lock-server).

``unlock:unlock_override`` is checked in addition to ``unlock`` when the
caller is not the one who locked it: a project member cannot lift a lock
an administrator set.
"""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-lock-server:%s'

_ACTION = '/servers/{server_id}/action (%s)'

rules = [
    base.api_rule(POLICY_ROOT % 'lock', base.PROJECT_MEMBER_OR_ADMIN,
                  'Lock a server.', [('POST', _ACTION % 'lock')]),
    base.api_rule(POLICY_ROOT % 'unlock', base.PROJECT_MEMBER_OR_ADMIN,
                  'Unlock a server.', [('POST', _ACTION % 'unlock')]),
    base.api_rule(POLICY_ROOT % 'unlock:unlock_override', base.ADMIN,
                  'Unlock a server locked by someone else (an '
                  'administrator\'s lock, for a project member).',
                  [('POST', _ACTION % 'unlock')]),
]


def list_rules():
    return rules
