"""Request schema of /limits: its query string (``tenant_id``)."""

from compute.api import parameter_types
from compute.api import validation

index_query = {
    'type': 'object',
    'properties': {
        'tenant_id': parameter_types.multi_params({'type': 'string'}),
    },
    # Unknown parameters are ignored before 2.75, refused from it on.
    'additionalProperties': True,
}

index_query_v275 = dict(index_query, additionalProperties=False)

INDEX_QUERY = validation.Schemas((index_query, '2.1', '2.74'),
                                 (index_query_v275, '2.75', None),
                                 kind='query')
