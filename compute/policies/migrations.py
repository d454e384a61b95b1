"""Policy for GET /os-migrations: the moves of a project's servers for its
managers, every project's and the hosts involved for administrators."""

from oslo_policy import policy

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-migrations:%s'

_OPERATIONS = [('GET', '/os-migrations')]


def _legacy(action):
    return policy.DeprecatedRule(
        name=POLICY_ROOT % action, check_str=base.RULE_ADMIN_API,
        deprecated_reason='Listing migrations opened to project managers.',
        deprecated_since='2024.1')


rules = [
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_MANAGER_OR_ADMIN,
                  "List the migrations of the project's servers.",
                  _OPERATIONS),
    base.api_rule(POLICY_ROOT % 'index:all_projects', base.ADMIN,
                  'List the migrations of every project, or of another '
                  'project.', _OPERATIONS,
                  deprecated_rule=_legacy('index:all_projects')),
    base.api_rule(POLICY_ROOT % 'index:host', base.ADMIN,
                  'See the source and destination hosts and nodes of the '
                  'listed migrations, and filter on them.', _OPERATIONS,
                  deprecated_rule=_legacy('index:host')),
]


def list_rules():
    return rules
