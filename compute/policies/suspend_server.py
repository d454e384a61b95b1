"""Policy for suspending and resuming a server (os-suspend-server)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-suspend-server:%s'

_ACTION = '/servers/{server_id}/action (%s)'

rules = [
    base.api_rule(POLICY_ROOT % 'resume', base.PROJECT_MEMBER_OR_ADMIN,
                  'Resume a suspended server.',
                  [('POST', _ACTION % 'resume')]),
    base.api_rule(POLICY_ROOT % 'suspend', base.PROJECT_MEMBER_OR_ADMIN,
                  'Suspend a server.', [('POST', _ACTION % 'suspend')]),
]


def list_rules():
    return rules
