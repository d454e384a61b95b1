"""Policy for rescuing and unrescuing a server (os-rescue)."""

from compute.policies import base

BASE_POLICY_NAME = 'os_compute_api:os-rescue'
UNRESCUE_POLICY_NAME = 'os_compute_api:os-unrescue'

_ACTION = '/servers/{server_id}/action (%s)'

rules = [
    base.api_rule(BASE_POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
                  'Rescue a server: boot it from a rescue image with its '
                  'disk attached.', [('POST', _ACTION % 'rescue')]),
    base.api_rule(UNRESCUE_POLICY_NAME, base.PROJECT_MEMBER_OR_ADMIN,
                  'Unrescue a rescued server.',
                  [('POST', _ACTION % 'unrescue')],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
]


def list_rules():
    return rules
