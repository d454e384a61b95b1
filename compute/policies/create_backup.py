"""Policy for the createBackup server action."""

from compute.policies import base

rules = [
    base.api_rule('os_compute_api:os-create-backup',
                  base.PROJECT_MEMBER_OR_ADMIN,
                  'Create a backup image of a server.',
                  [('POST', '/servers/{server_id}/action (createBackup)')]),
]


def list_rules():
    return rules
