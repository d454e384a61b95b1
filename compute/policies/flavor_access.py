"""Policy for the access lists of private flavors (admin only)."""

from compute.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-flavor-access'
POLICY_ROOT = 'os_compute_api:os-flavor-access:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'add_tenant_access', base.ADMIN,
                  'Give a project access to a private flavor.',
                  [('POST', '/flavors/{flavor_id}/action (addTenantAccess)')]),
    base.api_rule(POLICY_ROOT % 'remove_tenant_access', base.ADMIN,
                  "Take a project's access to a private flavor away.",
                  [('POST',
                    '/flavors/{flavor_id}/action (removeTenantAccess)')]),
    base.api_rule(BASE_POLICY_NAME, base.ADMIN,
                  'List the projects that can use a private flavor.',
                  [('GET', '/flavors/{flavor_id}/os-flavor-access')],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
]


def list_rules():
    return rules
