"""Base and alias rules every resource policy refers to, and the personas."""

from oslo_policy import policy

RULE_ADMIN_API = 'rule:context_is_admin'
ADMIN = 'rule:context_is_admin'
PROJECT_MANAGER_OR_ADMIN = 'rule:project_manager_or_admin'
PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin'
PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin'
SERVICE_OR_ADMIN = 'rule:service_or_admin'
ADMIN_OR_OWNER_USER = '(rule:context_is_admin) or user_id:%(user_id)s'
ANY = '@'
NOBODY = '!'

SCOPE = ['project']

DEPRECATED_ADMIN_API = policy.DeprecatedRule(
    name='admin_api', check_str='is_admin:True',
    deprecated_reason='Replaced by role-based defaults.',
    deprecated_since='2024.1')
DEPRECATED_ADMIN_OR_OWNER = policy.DeprecatedRule(
    name='admin_or_owner',
    check_str='is_admin:True or project_id:%(project_id)s',
    deprecated_reason='Replaced by role-based defaults.',
    deprecated_since='2024.1')

rules = [
    policy.RuleDefault('context_is_admin', 'role:admin',
                       'Decides what is an administrator.'),
    policy.RuleDefault('admin_or_owner',
                       'is_admin:True or project_id:%(project_id)s',
                       'Legacy: an administrator or the owning project.'),
    policy.RuleDefault('admin_api', 'is_admin:True',
                       'Legacy: an administrator.'),
    policy.RuleDefault('project_manager_api',
                       'role:manager and project_id:%(project_id)s',
                       'A manager of the target project.'),
    policy.RuleDefault('project_member_api',
                       'role:member and project_id:%(project_id)s',
                       'A member of the target project.'),
    policy.RuleDefault('project_reader_api',
                       'role:reader and project_id:%(project_id)s',
                       'A reader of the target project.'),
    policy.RuleDefault('service_api', 'role:service',
                       'A service user.'),
    policy.RuleDefault('project_manager_or_admin',
                       'rule:project_manager_api or rule:context_is_admin',
                       'A manager of the target project, or an administrator.'),
    policy.RuleDefault('project_member_or_admin',
                       'rule:project_member_api or rule:context_is_admin',
                       'A member of the target project, or an administrator.'),
    policy.RuleDefault('project_reader_or_admin',
                       'rule:project_reader_api or rule:context_is_admin',
                       'A reader of the target project, or an administrator.'),
    policy.RuleDefault('service_or_admin',
                       'rule:service_api or rule:context_is_admin',
                       'A service user, or an administrator.'),
]


def api_rule(name, check_str, description, operations,
             deprecated_rule=None):
    """A documented API rule with the project scope every Nova rule has.

    ``operations`` is a list of (method, path) pairs; ``deprecated_rule``
    is the legacy default still honoured when an operator turns
    ``enforce_new_defaults`` off.
    """
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': m, 'path': p} for m, p in operations],
        scope_types=SCOPE, deprecated_rule=deprecated_rule)


def list_rules():
    return rules
