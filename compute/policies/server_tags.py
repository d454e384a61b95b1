"""Policy for a server's tags (2.26+): readers read, members change them."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-server-tags:%s'

_TAGS = '/servers/{server_id}/tags'
_TAG = '/servers/{server_id}/tags/{tag}'

rules = [
    base.api_rule(POLICY_ROOT % 'delete_all', base.PROJECT_MEMBER_OR_ADMIN,
                  'Delete all tags of a server.', [('DELETE', _TAGS)]),
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                  'List the tags of a server.', [('GET', _TAGS)]),
    base.api_rule(POLICY_ROOT % 'update_all', base.PROJECT_MEMBER_OR_ADMIN,
                  'Replace all tags of a server.', [('PUT', _TAGS)]),
    base.api_rule(POLICY_ROOT % 'delete', base.PROJECT_MEMBER_OR_ADMIN,
                  'Delete one tag of a server.', [('DELETE', _TAG)]),
    base.api_rule(POLICY_ROOT % 'update', base.PROJECT_MEMBER_OR_ADMIN,
                  'Add one tag to a server.', [('PUT', _TAG)]),
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Check whether a server has a tag.', [('GET', _TAG)]),
]


def list_rules():
    return rules
