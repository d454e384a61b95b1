"""Policy for a server's live migrations: listing them is a manager's
(host fields an administrator's), showing one an administrator's, and
forcing or aborting one a manager's."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:servers:migrations:%s'
_ONE = '/servers/{server_id}/migrations/{migration_id}'

rules = [
    base.api_rule(POLICY_ROOT % 'show', base.ADMIN,
                  'Show details for an in-progress live migration for a '
                  'given server.', [('GET', _ONE)]),
    base.api_rule(POLICY_ROOT % 'force_complete',
                  base.PROJECT_MANAGER_OR_ADMIN,
                  'Force an in-progress live migration for a given server '
                  'to complete.',
                  [('POST', _ONE + '/action (force_complete)')]),
    base.api_rule(POLICY_ROOT % 'delete', base.PROJECT_MANAGER_OR_ADMIN,
                  'Delete(Abort) an in-progress live migration.',
                  [('DELETE', _ONE)]),
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_MANAGER_OR_ADMIN,
                  'Lists in-progress live migrations for a given server.',
                  [('GET', '/servers/{server_id}/migrations')]),
    base.api_rule(POLICY_ROOT % 'index:host', base.ADMIN,
                  'Lists in-progress live migrations for a given server '
                  'with host info.',
                  [('GET', '/servers/{server_id}/migrations')]),
]


def list_rules():
    return rules
