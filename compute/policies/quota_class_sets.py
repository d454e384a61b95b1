"""Policy for quota classes (the ``default`` class holds default quotas)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-quota-class-sets:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'show', base.ADMIN,
                  'List the quotas of a quota class.',
                  [('GET', '/os-quota-class-sets/{quota_class}')]),
    base.api_rule(POLICY_ROOT % 'update', base.ADMIN,
                  'Update the quotas of a quota class.',
                  [('PUT', '/os-quota-class-sets/{quota_class}')]),
]


def list_rules():
    return rules
