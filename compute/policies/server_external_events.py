"""Policy for POST /os-server-external-events: the events other services
(networking, block storage, bare metal, accelerators) send about servers."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-server-external-events:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'create', base.SERVICE_OR_ADMIN,
                  'Create one or more external events.',
                  [('POST', '/os-server-external-events')],
                  deprecated_rule=base.DEPRECATED_ADMIN_API),
]


def list_rules():
    return rules
