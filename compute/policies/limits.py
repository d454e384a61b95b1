"""Policy for the limits of a project: anybody for their own, an
administrator for another project's (``tenant_id``)."""

from oslo_policy import policy

from compute.policies import base

BASE_POLICY_NAME = 'os_compute_api:limits'
OTHER_PROJECT_LIMIT_POLICY_NAME = 'os_compute_api:limits:other_project'

# The rule was called os-used-limits before role-based defaults came in.
_DEPRECATED_OTHER_PROJECT = policy.DeprecatedRule(
    name='os_compute_api:os-used-limits', check_str=base.RULE_ADMIN_API,
    deprecated_reason='Replaced by role-based defaults.',
    deprecated_since='21.0.0')

rules = [
    base.api_rule(BASE_POLICY_NAME, base.ANY,
                  'Show the rate and absolute limits of the current project.',
                  [('GET', '/limits')]),
    policy.DocumentedRuleDefault(
        name=OTHER_PROJECT_LIMIT_POLICY_NAME, check_str=base.ADMIN,
        description='Show the rate and absolute limits of another project '
                    '(tenant_id query parameter).',
        operations=[{'method': 'GET', 'path': '/limits'}],
        scope_types=base.SCOPE,
        deprecated_rule=_DEPRECATED_OTHER_PROJECT),
]


def list_rules():
    return rules
