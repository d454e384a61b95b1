"""Policy for moving servers between hosts: cold migration (the migrate
action) and live migration (os-migrateLive), each with a stricter rule for
naming the destination host."""

from oslo_policy import policy

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-migrate-server:%s'

_ACTION = '/servers/{server_id}/action (%s)'

_DEPRECATED_LIVE_HOST = policy.DeprecatedRule(
    name=POLICY_ROOT % 'migrate_live:host', check_str=base.RULE_ADMIN_API,
    deprecated_reason='Choosing the host is kept for administrators.',
    deprecated_since='2024.1')

rules = [
    base.api_rule(POLICY_ROOT % 'migrate', base.PROJECT_MANAGER_OR_ADMIN,
                  'Cold migrate a server to a host chosen by the '
                  'scheduler.',
                  [('POST', _ACTION % 'migrate')]),
    base.api_rule(POLICY_ROOT % 'migrate:host', base.ADMIN,
                  'Cold migrate a server to a named host.',
                  [('POST', _ACTION % 'migrate')]),
    base.api_rule(POLICY_ROOT % 'migrate_live',
                  base.PROJECT_MANAGER_OR_ADMIN,
                  'Live migrate a server to a host chosen by the '
                  'scheduler.',
                  [('POST', _ACTION % 'os-migrateLive')]),
    base.api_rule(POLICY_ROOT % 'migrate_live:host', base.ADMIN,
                  'Live migrate a server to a named host.',
                  [('POST', _ACTION % 'os-migrateLive')],
                  deprecated_rule=_DEPRECATED_LIVE_HOST),
]


def list_rules():
    return rules
