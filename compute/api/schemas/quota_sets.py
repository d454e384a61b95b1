"""Request schemas of /os-quota-sets: the update body and the query
strings (``user_id``), per microversion window."""

import copy

from compute.api import parameter_types
from compute.api import validation

# A limit: -1 (unlimited) up to the largest value the database holds.
limit = {
    'type': ['integer', 'string'],
    'pattern': '^-?[0-9]+$',
    'minimum': -1,
    'maximum': 0x7FFFFFFF,
}

NETWORK_QUOTAS = ('fixed_ips', 'floating_ips', 'security_groups',
                  'security_group_rules', 'networks')
PERSONALITY_QUOTAS = ('injected_files', 'injected_file_content_bytes',
                      'injected_file_path_bytes')

# Every limit a request may name ('networks' is accepted, then refused).
resources = {name: limit for name in (
    'instances', 'cores', 'ram', 'metadata_items', 'key_pairs',
    'server_groups', 'server_group_members',
    *NETWORK_QUOTAS, *PERSONALITY_QUOTAS)}


def without(properties, names):
    """A copy of ``properties`` without ``names``."""
    return {k: v for k, v in properties.items() if k not in names}


def body(key, properties):
    """A body ``{key: {...}}`` whose object takes ``properties``."""
    return {
        'type': 'object',
        'properties': {
            key: {
                'type': 'object',
                'properties': copy.deepcopy(properties),
                'additionalProperties': False,
            },
        },
        'required': [key],
        'additionalProperties': False,
    }


_update_set = dict(resources, force=parameter_types.boolean)
_update_set_v236 = without(_update_set, NETWORK_QUOTAS)
_update_set_v257 = without(_update_set_v236, PERSONALITY_QUOTAS)

update_body = body('quota_set', _update_set)
update_body_v236 = body('quota_set', _update_set_v236)
update_body_v257 = body('quota_set', _update_set_v257)

user_query = {
    'type': 'object',
    'properties': {
        'user_id': parameter_types.multi_params({'type': 'string'}),
    },
    # Unknown parameters are ignored before 2.75, refused from it on.
    'additionalProperties': True,
}

user_query_v275 = dict(user_query, additionalProperties=False)

# The defaults take no parameters: ignored until 2.102 refuses them.
no_query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
no_query_v2102 = dict(no_query, additionalProperties=False)

UPDATE = validation.Schemas((update_body, '2.1', '2.35'),
                            (update_body_v236, '2.36', '2.56'),
                            (update_body_v257, '2.57', None))
# Show, detail, update and delete.
USER_QUERY = validation.Schemas((user_query, '2.1', '2.74'),
                                (user_query_v275, '2.75', None),
                                kind='query')
DEFAULTS_QUERY = validation.Schemas((no_query, '2.1', '2.101'),
                                    (no_query_v2102, '2.102', None),
                                    kind='query')
