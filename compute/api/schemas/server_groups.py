"""Request schemas of /os-server-groups: the create body (a one-policy
``policies`` list until 2.63, then ``policy`` plus ``rules``) and the
query of the list, per microversion window."""

import copy

from compute.api import parameter_types
from compute.api import validation

HARD_POLICIES = ['anti-affinity', 'affinity']
SOFT_POLICIES = ['soft-anti-affinity', 'soft-affinity']

create_body = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                # Exactly one policy, as a list: an empty list, a second
                # policy (conflicting or repeated) or an unknown one is a
                # 400.
                'policies': {
                    'type': 'array',
                    'items': [{'type': 'string',
                               'enum': list(HARD_POLICIES)}],
                    'uniqueItems': True,
                    'minItems': 1,
                    'additionalItems': False,
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}

# 2.15: the soft policies.
create_body_v215 = copy.deepcopy(create_body)
create_body_v215['properties']['server_group']['properties']['policies'][
    'items'][0]['enum'].extend(SOFT_POLICIES)

# 2.64: one ``policy`` string and optional ``rules``.
create_body_v264 = copy.deepcopy(create_body_v215)
_group_v264 = create_body_v264['properties']['server_group']
del _group_v264['properties']['policies']
_group_v264['properties']['policy'] = {
    'type': 'string', 'enum': HARD_POLICIES + SOFT_POLICIES,
}
_group_v264['properties']['rules'] = {
    'type': 'object',
    'properties': {
        'max_server_per_host': parameter_types.positive_integer,
    },
    'additionalProperties': False,
}
_group_v264['required'] = ['name', 'policy']

_paging = parameter_types.multi_params(parameter_types.non_negative_integer)

# Unknown query parameters are ignored, refused from 2.75 on.
index_query = {
    'type': 'object',
    'properties': {
        'all_projects': parameter_types.multi_params({'type': 'string'}),
        'limit': _paging,
        'offset': _paging,
    },
    'additionalProperties': True,
}

index_query_v275 = dict(index_query, additionalProperties=False)

CREATE = validation.Schemas((create_body, '2.1', '2.14'),
                            (create_body_v215, '2.15', '2.63'),
                            (create_body_v264, '2.64', None))
INDEX_QUERY = validation.Schemas((index_query, '2.1', '2.74'),
                                 (index_query_v275, '2.75', None),
                                 kind='query')
