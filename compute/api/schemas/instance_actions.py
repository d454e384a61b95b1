"""Query strings of GET /servers/{id}/os-instance-actions: none until
2.57 (ignored), paging and ``changes-since`` from 2.58 (anything else
refused), ``changes-before`` from 2.66."""

import copy

from compute.api import parameter_types
from compute.api import validation

_time = parameter_types.single_param({'type': 'string',
                                      'format': 'date-time'})

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}

index_query_v258 = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.single_param(
            parameter_types.non_negative_integer),
        'marker': parameter_types.single_param({'type': 'string'}),
        'changes-since': _time,
    },
    'additionalProperties': False,
}

index_query_v266 = copy.deepcopy(index_query_v258)
index_query_v266['properties']['changes-before'] = copy.deepcopy(_time)

INDEX = validation.Schemas((index_query, '2.1', '2.57'),
                           (index_query_v258, '2.58', '2.65'),
                           (index_query_v266, '2.66', None), kind='query')
