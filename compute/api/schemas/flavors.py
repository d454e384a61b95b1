"""Request schemas of /flavors: create and update bodies, list and show
query strings, per microversion window."""

import copy

from compute.api import parameter_types
from compute.api import validation

_MAX_INT = 0x7FFFFFFF

_positive_int = {
    'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
    'minimum': 1, 'maximum': _MAX_INT,
}
_non_negative_int = dict(_positive_int, minimum=0)

# A client-chosen flavor id: printable ASCII without leading or trailing
# spaces; numbers are accepted and stored as their string form.
_flavor_id = {
    'type': ['string', 'number', 'null'], 'minLength': 1, 'maxLength': 255,
    'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
}

_flavor_description = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 65535,
    'pattern': parameter_types.description['pattern'],
}

create_body = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'id': _flavor_id,
                'ram': _positive_int,
                'vcpus': _positive_int,
                'disk': _non_negative_int,
                'OS-FLV-EXT-DATA:ephemeral': _non_negative_int,
                'swap': _non_negative_int,
                'rxtx_factor': {
                    'type': ['number', 'string'],
                    'pattern': r'^[0-9]+(\.[0-9]+)?$',
                    'minimum': 0, 'exclusiveMinimum': True,
                    # The largest single-precision float (the DB column).
                    'maximum': 3.40282e+38,
                },
                'os-flavor-access:is_public': parameter_types.boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

create_body_v255 = copy.deepcopy(create_body)
create_body_v255['properties']['flavor']['properties']['description'] = (
    _flavor_description)

create_body_v2102 = copy.deepcopy(create_body_v255)
del create_body_v2102['properties']['flavor']['properties']['rxtx_factor']

update_body = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {'description': _flavor_description},
            'required': ['description'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

SORT_KEYS = (
    'created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid',
    'id', 'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap',
    'updated_at', 'vcpu_weight', 'vcpus',
)

_string_param = parameter_types.multi_params({'type': 'string'})

index_query = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.multi_params(
            parameter_types.non_negative_integer),
        'marker': _string_param,
        'is_public': _string_param,
        'minRam': _string_param,
        'minDisk': _string_param,
        'sort_key': parameter_types.multi_params(
            {'type': 'string', 'enum': list(SORT_KEYS)}),
        'sort_dir': parameter_types.multi_params(
            {'type': 'string', 'enum': ['asc', 'desc']}),
    },
    # Unknown parameters are ignored before 2.75, refused from it on.
    'additionalProperties': True,
}

index_query_v275 = copy.deepcopy(index_query)
index_query_v275['additionalProperties'] = False

index_query_v2102 = copy.deepcopy(index_query_v275)
index_query_v2102['properties']['name'] = _string_param

# GET routes without parameters: unknown ones ignored, refused from 2.102.
no_query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
no_query_v2102 = dict(no_query, additionalProperties=False)

CREATE = validation.Schemas((create_body, '2.1', '2.54'),
                            (create_body_v255, '2.55', '2.101'),
                            (create_body_v2102, '2.102', None))
UPDATE = validation.Schemas((update_body, '2.55', None))
INDEX = validation.Schemas((index_query, '2.1', '2.74'),
                           (index_query_v275, '2.75', '2.101'),
                           (index_query_v2102, '2.102', None), kind='query')
NO_QUERY = validation.Schemas((no_query, '2.1', '2.101'),
                              (no_query_v2102, '2.102', None), kind='query')
