"""Request schemas of os-aggregates: create and update bodies, the
add_host / remove_host / set_metadata actions, and the (empty) query
strings of the GET routes."""

import copy

from compute.api import parameter_types
from compute.api import validation

# A zone name: printable, no ':', no leading or trailing blank.
_az_name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': r'^(?! )[^:\x00-\x1f\x7f]*(?<! )$',
}
_availability_zone = {'oneOf': [_az_name, {'type': 'null'}]}

# Update takes a name with blanks around it (stripped afterwards), but not
# a blank name.
_name_with_blanks = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': r'^(?=.*[^ ])[^\x00-\x1f\x7f]*$',
}

# Metadata items; a null value deletes the item.
_metadata_with_null = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': ['string', 'null'],
                                      'maxLength': 255},
    },
    'additionalProperties': False,
}

create_body = {
    'type': 'object',
    'properties': {
        'aggregate': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'availability_zone': _availability_zone,
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['aggregate'],
    'additionalProperties': False,
}

update_body = copy.deepcopy(create_body)
_update_item = update_body['properties']['aggregate']
_update_item['properties']['name'] = _name_with_blanks
del _update_item['required']
_update_item['anyOf'] = [{'required': ['name']},
                         {'required': ['availability_zone']}]


def _host_action(action):
    return {
        'type': 'object',
        'properties': {
            action: {
                'type': 'object',
                'properties': {'host': parameter_types.fqdn},
                'required': ['host'],
                'additionalProperties': False,
            },
        },
        'required': [action],
        'additionalProperties': False,
    }


add_host_body = _host_action('add_host')
remove_host_body = _host_action('remove_host')

set_metadata_body = {
    'type': 'object',
    'properties': {
        'set_metadata': {
            'type': 'object',
            'properties': {'metadata': _metadata_with_null},
            'required': ['metadata'],
            'additionalProperties': False,
        },
    },
    'required': ['set_metadata'],
    'additionalProperties': False,
}

# GET routes take no parameters: unknown ones ignored, refused from 2.102.
no_query = {'type': 'object', 'properties': {}, 'additionalProperties': True}
no_query_v2102 = dict(no_query, additionalProperties=False)

CREATE = validation.Schemas((create_body, '2.1', None))
UPDATE = validation.Schemas((update_body, '2.1', None))
ADD_HOST = validation.Schemas((add_host_body, '2.1', None))
REMOVE_HOST = validation.Schemas((remove_host_body, '2.1', None))
SET_METADATA = validation.Schemas((set_metadata_body, '2.1', None))
NO_QUERY = validation.Schemas((no_query, '2.1', '2.101'),
                              (no_query_v2102, '2.102', None), kind='query')
