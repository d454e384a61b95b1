"""Policy for a server's addresses (GET /servers/{id}/ips[/{label}])."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:ips:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show the addresses of a server on one network.',
                  [('GET', '/servers/{server_id}/ips/{network_label}')]),
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                  'List the addresses of a server on every network.',
                  [('GET', '/servers/{server_id}/ips')]),
]


def list_rules():
    return rules
