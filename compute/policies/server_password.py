"""Policy for a server's encrypted admin password (os-server-password)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-server-password:%s'

_PATH = '/servers/{server_id}/os-server-password'

rules = [
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show the encrypted administrative password of a server.',
                  [('GET', _PATH)],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
    base.api_rule(POLICY_ROOT % 'clear', base.PROJECT_MEMBER_OR_ADMIN,
                  'Clear the encrypted administrative password of a server.',
                  [('DELETE', _PATH)],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
]


def list_rules():
    return rules
