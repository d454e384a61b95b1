"""Policy for the quotas of a project: readers of the project see them,
administrators change them; anybody may see the defaults."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-quota-sets:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'update', base.ADMIN,
                  'Update the quotas of a project or of one of its users.',
                  [('PUT', '/os-quota-sets/{tenant_id}')]),
    base.api_rule(POLICY_ROOT % 'defaults', base.ANY,
                  'List the default quotas.',
                  [('GET', '/os-quota-sets/{tenant_id}/defaults')]),
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show the quotas of a project or of one of its users.',
                  [('GET', '/os-quota-sets/{tenant_id}')]),
    base.api_rule(POLICY_ROOT % 'delete', base.ADMIN,
                  'Revert the quotas of a project or user to the defaults.',
                  [('DELETE', '/os-quota-sets/{tenant_id}')]),
    base.api_rule(POLICY_ROOT % 'detail', base.PROJECT_READER_OR_ADMIN,
                  'Show the quotas of a project or user with their usage.',
                  [('GET', '/os-quota-sets/{tenant_id}/detail')]),
]


def list_rules():
    return rules
