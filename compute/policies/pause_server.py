"""Policy for pausing and unpausing a server (os-pause-server)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-pause-server:%s'

_ACTION = '/servers/{server_id}/action (%s)'

rules = [
    base.api_rule(POLICY_ROOT % 'pause', base.PROJECT_MEMBER_OR_ADMIN,
                  'Pause a server.', [('POST', _ACTION % 'pause')]),
    base.api_rule(POLICY_ROOT % 'unpause', base.PROJECT_MEMBER_OR_ADMIN,
                  'Unpause a paused server.',
                  [('POST', _ACTION % 'unpause')]),
]


def list_rules():
    return rules
