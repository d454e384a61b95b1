"""Request schemas of /os-services: the update body per microversion
window (host and binary before 2.53, status / forced_down after) and the
list query string."""

import copy

from compute.api import parameter_types
from compute.api import validation

_short_text = {'type': 'string', 'minLength': 1, 'maxLength': 255}

update_body = {
    'type': 'object',
    'properties': {
        'host': parameter_types.fqdn,
        'binary': _short_text,
        'disabled_reason': _short_text,
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

update_body_v211 = copy.deepcopy(update_body)
update_body_v211['properties']['forced_down'] = parameter_types.boolean

# The service is named by its uuid in the path; nothing is required here,
# the handler says when no update was asked for.
update_body_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': _short_text,
        'forced_down': parameter_types.boolean,
    },
    'additionalProperties': False,
}

UPDATE = validation.Schemas((update_body, '2.1', '2.10'),
                            (update_body_v211, '2.11', '2.52'),
                            (update_body_v253, '2.53', None))

index_query = {
    'type': 'object',
    'properties': {
        'host': parameter_types.multi_params({'type': 'string'}),
        'binary': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

index_query_v275 = copy.deepcopy(index_query)
index_query_v275['additionalProperties'] = False

INDEX = validation.Schemas((index_query, '2.1', '2.74'),
                           (index_query_v275, '2.75', None), kind='query')
