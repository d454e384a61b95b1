"""Policy for shelving servers: shelve, shelveOffload, unshelve (to a
host named by the caller: administrators only, by default)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-shelve:%s'
_ACTION = 'POST', '/servers/{server_id}/action (%s)'


def _operation(action):
    return [(_ACTION[0], _ACTION[1] % action)]


rules = [
    base.api_rule(POLICY_ROOT % 'shelve', base.PROJECT_MEMBER_OR_ADMIN,
                  'Shelve a server.', _operation('shelve')),
    base.api_rule(POLICY_ROOT % 'unshelve', base.PROJECT_MEMBER_OR_ADMIN,
                  'Unshelve (restore) a shelved server.',
                  _operation('unshelve')),
    base.api_rule(POLICY_ROOT % 'unshelve_to_host', base.ADMIN,
                  'Unshelve a shelved-offloaded server to a given host.',
                  _operation('unshelve')),
    base.api_rule(POLICY_ROOT % 'shelve_offload', base.ADMIN,
                  'Offload a shelved server from its host.',
                  _operation('shelveOffload')),
]


def list_rules():
    return rules
