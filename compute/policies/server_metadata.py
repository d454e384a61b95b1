"""Policy for a server's metadata: readers read, members change it."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:server-metadata:%s'

_ITEMS = '/servers/{server_id}/metadata'
_ITEM = '/servers/{server_id}/metadata/{key}'

rules = [
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                  'List all metadata of a server.', [('GET', _ITEMS)]),
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show one metadata item of a server.', [('GET', _ITEM)]),
    base.api_rule(POLICY_ROOT % 'create', base.PROJECT_MEMBER_OR_ADMIN,
                  'Create or update metadata items of a server.',
                  [('POST', _ITEMS)]),
    base.api_rule(POLICY_ROOT % 'update_all', base.PROJECT_MEMBER_OR_ADMIN,
                  'Replace all metadata of a server.', [('PUT', _ITEMS)]),
    base.api_rule(POLICY_ROOT % 'update', base.PROJECT_MEMBER_OR_ADMIN,
                  'Create or update one metadata item of a server.',
                  [('PUT', _ITEM)]),
    base.api_rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
                  'Delete one metadata item of a server.',
                  [('DELETE', _ITEM)]),
]


def list_rules():
    return rules
