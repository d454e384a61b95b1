"""Policy for the administrator's server actions (os-admin-actions):
resetting a server's state and injecting its network information."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-admin-actions:%s'

_ACTION = '/servers/{server_id}/action (%s)'

rules = [
    base.api_rule(POLICY_ROOT % 'reset_state', base.ADMIN,
                  'Reset the state of a server (vm_state active or error, '
                  'no task).', [('POST', _ACTION % 'os-resetState')]),
    base.api_rule(POLICY_ROOT % 'inject_network_info', base.ADMIN,
                  'Inject the network information of a server into its '
                  'guest.', [('POST', _ACTION % 'injectNetworkInfo')]),
]


def list_rules():
    return rules
