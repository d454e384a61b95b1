"""Query strings of GET /os-migrations: filters (unknown names ignored)
until 2.58; from 2.59 paging and ``changes-since`` with anything else
refused, ``changes-before`` from 2.66, ``user_id`` / ``project_id`` from
2.80."""

import copy

from compute.api import parameter_types
from compute.api import validation

_text = parameter_types.multi_params({'type': 'string'})
_time = parameter_types.single_param({'type': 'string',
                                      'format': 'date-time'})

index_query = {
    'type': 'object',
    'properties': {
        'hidden': _text, 'host': _text, 'instance_uuid': _text,
        'source_compute': _text, 'status': _text, 'migration_type': _text,
    },
    'additionalProperties': True,
}

index_query_v259 = copy.deepcopy(index_query)
index_query_v259['properties'].update({
    'limit': parameter_types.single_param(
        parameter_types.non_negative_integer),
    'marker': parameter_types.single_param({'type': 'string'}),
    'changes-since': copy.deepcopy(_time),
})
index_query_v259['additionalProperties'] = False

index_query_v266 = copy.deepcopy(index_query_v259)
index_query_v266['properties']['changes-before'] = copy.deepcopy(_time)

index_query_v280 = copy.deepcopy(index_query_v266)
index_query_v280['properties'].update({
    'user_id': parameter_types.single_param({'type': 'string'}),
    'project_id': parameter_types.single_param({'type': 'string'}),
})

INDEX = validation.Schemas((index_query, '2.1', '2.58'),
                           (index_query_v259, '2.59', '2.65'),
                           (index_query_v266, '2.66', '2.79'),
                           (index_query_v280, '2.80', None), kind='query')
