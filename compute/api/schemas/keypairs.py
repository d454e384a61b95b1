"""Request schemas of /os-keypairs: the create body and the query strings
of list, show, create and delete, per microversion window."""

import copy

from compute.api import parameter_types
from compute.api import validation


def _name(extra_chars=''):
    """A keypair name: letters, digits, ``_``, ``-``, inner spaces and
    ``extra_chars`` (``@`` and ``.`` from 2.92)."""
    schema = copy.deepcopy(parameter_types.name)
    schema['pattern'] = r'^(?! )[a-zA-Z0-9_\- %s]*(?<! )$' % extra_chars
    return schema


_keypair = {
    'type': 'object',
    'properties': {
        'name': _name(),
        'public_key': {'type': 'string'},
    },
    'required': ['name'],
    'additionalProperties': False,
}

create_body = {
    'type': 'object',
    'properties': {'keypair': _keypair},
    'required': ['keypair'],
    'additionalProperties': False,
}

create_body_v22 = copy.deepcopy(create_body)
create_body_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': ['ssh', 'x509'],
}

create_body_v210 = copy.deepcopy(create_body_v22)
create_body_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string',
}

# From 2.92 keys are imported only, and names may hold '@' and '.'.
create_body_v292 = copy.deepcopy(create_body_v210)
create_body_v292['properties']['keypair']['properties']['name'] = _name('@.')
create_body_v292['properties']['keypair']['required'] = ['name', 'public_key']

_user_id_param = parameter_types.multi_params({'type': 'string'})

# Unknown query parameters are ignored, refused from 2.75 on.
no_query = {'type': 'object', 'properties': {}, 'additionalProperties': True}

owner_query_v210 = {
    'type': 'object',
    'properties': {'user_id': _user_id_param},
    'additionalProperties': True,
}

owner_query_v275 = dict(owner_query_v210, additionalProperties=False)

index_query_v235 = copy.deepcopy(owner_query_v210)
index_query_v235['properties'].update({
    'limit': parameter_types.multi_params(
        parameter_types.non_negative_integer),
    'marker': parameter_types.multi_params({'type': 'string'}),
})

index_query_v275 = dict(index_query_v235, additionalProperties=False)

# Create has no query parameters: ignored until 2.102 refuses them.
no_query_v2102 = dict(no_query, additionalProperties=False)

CREATE = validation.Schemas((create_body, '2.1', '2.1'),
                            (create_body_v22, '2.2', '2.9'),
                            (create_body_v210, '2.10', '2.91'),
                            (create_body_v292, '2.92', None))
CREATE_QUERY = validation.Schemas((no_query, '2.1', '2.101'),
                                  (no_query_v2102, '2.102', None),
                                  kind='query')
INDEX_QUERY = validation.Schemas((no_query, '2.1', '2.9'),
                                 (owner_query_v210, '2.10', '2.34'),
                                 (index_query_v235, '2.35', '2.74'),
                                 (index_query_v275, '2.75', None),
                                 kind='query')
# Show and delete.
ITEM_QUERY = validation.Schemas((no_query, '2.1', '2.9'),
                                (owner_query_v210, '2.10', '2.74'),
                                (owner_query_v275, '2.75', None),
                                kind='query')
