"""Policy for keypairs: their owner, or an administrator acting for them."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-keypairs:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'index', base.ADMIN_OR_OWNER_USER,
                  'List all keypairs of a user.',
                  [('GET', '/os-keypairs')]),
    base.api_rule(POLICY_ROOT % 'create', base.ADMIN_OR_OWNER_USER,
                  'Create or import a keypair.',
                  [('POST', '/os-keypairs')]),
    base.api_rule(POLICY_ROOT % 'delete', base.ADMIN_OR_OWNER_USER,
                  'Delete a keypair.',
                  [('DELETE', '/os-keypairs/{keypair_name}')]),
    base.api_rule(POLICY_ROOT % 'show', base.ADMIN_OR_OWNER_USER,
                  'Show the details of a keypair.',
                  [('GET', '/os-keypairs/{keypair_name}')]),
]


def list_rules():
    return rules
