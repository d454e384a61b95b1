"""Policy for reading a server's console log (os-getConsoleOutput)."""

from compute.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-console-output'

rules = [
    base.api_rule(BASE_POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
                  'Show the console output of a server.',
                  [('POST', '/servers/{server_id}/action '
                            '(os-getConsoleOutput)')]),
]


def list_rules():
    return rules
