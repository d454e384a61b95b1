"""Policy for os-services: listing, enabling/disabling/forcing down and
deleting service records (administrators only)."""

from oslo_policy import policy

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-services:%s'

# Before role-based defaults one rule covered the whole API.
_DEPRECATED = policy.DeprecatedRule(
    name='os_compute_api:os-services', check_str=base.RULE_ADMIN_API,
    deprecated_reason='Replaced by role-based defaults.',
    deprecated_since='21.0.0')


def _rule(action, description, operations):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=base.ADMIN,
        description=description,
        operations=[{'method': m, 'path': p} for m, p in operations],
        scope_types=base.SCOPE, deprecated_rule=_DEPRECATED)


rules = [
    _rule('list', 'List the compute services and their state.',
          [('GET', '/os-services')]),
    _rule('update', 'Enable or disable a compute service, or force it '
                    'down.',
          [('PUT', '/os-services/{service_id}')]),
    _rule('delete', 'Delete a service record.',
          [('DELETE', '/os-services/{service_id}')]),
]


def list_rules():
    return rules
