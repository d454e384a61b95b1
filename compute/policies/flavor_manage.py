"""Policy for creating, updating and deleting flavors (admin only)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-flavor-manage:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'create', base.ADMIN,
                  'Create a flavor.', [('POST', '/flavors')]),
    base.api_rule(POLICY_ROOT % 'update', base.ADMIN,
                  'Update the description of a flavor.',
                  [('PUT', '/flavors/{flavor_id}')]),
    base.api_rule(POLICY_ROOT % 'delete', base.ADMIN,
                  'Delete a flavor.', [('DELETE', '/flavors/{flavor_id}')]),
]


def list_rules():
    return rules
