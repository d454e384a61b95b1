"""Policy for os-hypervisors: the compute nodes, their usage, uptime and
servers (administrators only)."""

from oslo_policy import policy

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-hypervisors:%s'

# Before role-based defaults one rule covered the whole API.
_DEPRECATED = policy.DeprecatedRule(
    name='os_compute_api:os-hypervisors', check_str=base.RULE_ADMIN_API,
    deprecated_reason='Replaced by role-based defaults.',
    deprecated_since='21.0.0')


def _rule(action, description, path):
    return policy.DocumentedRuleDefault(
        name=POLICY_ROOT % action, check_str=base.ADMIN,
        description=description,
        operations=[{'method': 'GET', 'path': path}],
        scope_types=base.SCOPE, deprecated_rule=_DEPRECATED)


rules = [
    _rule('list', 'List the hypervisors.', '/os-hypervisors'),
    _rule('list-detail', 'List the hypervisors with their details.',
          '/os-hypervisors/details'),
    _rule('statistics', 'Show the totals over all hypervisors.',
          '/os-hypervisors/statistics'),
    _rule('show', 'Show one hypervisor.', '/os-hypervisors/{hypervisor_id}'),
    _rule('uptime', "Show a hypervisor's uptime.",
          '/os-hypervisors/{hypervisor_id}/uptime'),
    _rule('search', 'Find hypervisors by a part of their hostname.',
          '/os-hypervisors/{hypervisor_hostname_pattern}/search'),
    _rule('servers', 'List the servers of the hypervisors whose hostname '
                     'contains a pattern.',
          '/os-hypervisors/{hypervisor_hostname_pattern}/servers'),
]


def list_rules():
    return rules
