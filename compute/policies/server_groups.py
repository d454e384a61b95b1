"""Policy for os-server-groups: project members create and delete their
project's server groups, readers list and show them, administrators list
every project's."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-server-groups:%s'

_COLLECTION = '/os-server-groups'
_ITEM = '/os-server-groups/{server_group_id}'

rules = [
    base.api_rule(POLICY_ROOT % 'create', base.PROJECT_MEMBER_OR_ADMIN,
                  'Create a server group.', [('POST', _COLLECTION)]),
    base.api_rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
                  'Delete a server group.', [('DELETE', _ITEM)]),
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                  'List the server groups of the project.',
                  [('GET', _COLLECTION)]),
    base.api_rule(POLICY_ROOT % 'index:all_projects', base.ADMIN,
                  'List the server groups of every project '
                  '(all_projects in the query).', [('GET', _COLLECTION)]),
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show one server group.', [('GET', _ITEM)]),
]


def list_rules():
    return rules
