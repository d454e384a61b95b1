"""Policy for flavor extra specs.

``index`` also decides whether flavor responses embed ``extra_specs``
(microversion 2.61 and later), checked without failing the request.
"""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-flavor-extra-specs:%s'

rules = [
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show one extra spec of a flavor.',
                  [('GET', '/flavors/{flavor_id}/os-extra_specs/'
                           '{flavor_extra_spec_key}')]),
    base.api_rule(POLICY_ROOT % 'create', base.ADMIN,
                  'Create or update extra specs of a flavor.',
                  [('POST', '/flavors/{flavor_id}/os-extra_specs/')]),
    base.api_rule(POLICY_ROOT % 'update', base.ADMIN,
                  'Update one extra spec of a flavor.',
                  [('PUT', '/flavors/{flavor_id}/os-extra_specs/'
                           '{flavor_extra_spec_key}')]),
    base.api_rule(POLICY_ROOT % 'delete', base.ADMIN,
                  'Delete one extra spec of a flavor.',
                  [('DELETE', '/flavors/{flavor_id}/os-extra_specs/'
                              '{flavor_extra_spec_key}')]),
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                  'List the extra specs of a flavor; also controls whether '
                  'flavor responses include them (2.61 and later).',
                  [('GET', '/flavors/{flavor_id}/os-extra_specs/'),
                   ('POST', '/flavors'),
                   ('GET', '/flavors/detail'),
                   ('GET', '/flavors/{flavor_id}'),
                   ('PUT', '/flavors/{flavor_id}')]),
]


def list_rules():
    return rules
