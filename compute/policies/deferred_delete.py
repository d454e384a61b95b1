"""Policy for the soft-delete actions: restore and forceDelete."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-deferred-delete:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'restore', base.PROJECT_MEMBER_OR_ADMIN,
                  'Restore a soft deleted server.',
                  [('POST', '/servers/{server_id}/action (restore)')],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
    base.api_rule(POLICY_ROOT % 'force', base.PROJECT_MEMBER_OR_ADMIN,
                  'Force delete a server before its deferred delete.',
                  [('POST', '/servers/{server_id}/action (forceDelete)')],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
]


def list_rules():
    return rules
