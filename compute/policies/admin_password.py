"""Policy for changing a server's administrative password
(os-admin-password)."""

from compute.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-admin-password'

rules = [
    base.api_rule(BASE_POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
                  'Change the administrative password of a server.',
                  [('POST', '/servers/{server_id}/action (changePassword)')]),
]


def list_rules():
    return rules
