"""Policy for the evacuate server action (administrators only)."""

from compute.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-evacuate'

rules = [
    base.api_rule(BASE_POLICY_NAME, base.ADMIN,
                  'Evacuate a server from a failed host to a new host.',
                  [('POST', '/servers/{server_id}/action (evacuate)')],
                  deprecated_rule=base.DEPRECATED_ADMIN_API),
]


def list_rules():
    return rules
