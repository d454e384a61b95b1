"""Policy for os-availability-zone: anybody lists the zones; only
administrators see their hosts and services."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-availability-zone:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'list', base.ANY,
                  'List the availability zones and whether they are '
                  'available.',
                  [('GET', '/os-availability-zone')]),
    base.api_rule(POLICY_ROOT % 'detail', base.ADMIN,
                  'List the availability zones with their hosts and '
                  'services.',
                  [('GET', '/os-availability-zone/detail')]),
]


def list_rules():
    return rules
