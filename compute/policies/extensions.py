"""Policy for the legacy extension list."""

from compute.policies import base

rules = [
    base.api_rule('os_compute_api:extensions', base.ANY,
                  'List available extensions and show one.',
                  [('GET', '/extensions'), ('GET', '/extensions/{alias}')]),
]


def list_rules():
    return rules
