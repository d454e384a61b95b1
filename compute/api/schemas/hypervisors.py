"""Request schemas of /os-hypervisors: the list and show query strings per
microversion window (paging from 2.33; hostname pattern and with_servers,
and no unknown parameters, from 2.53)."""

from compute.api import parameter_types
from compute.api import validation


_any_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}

index_query_v233 = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.multi_params(
            parameter_types.non_negative_integer),
        'marker': parameter_types.multi_params({'type': 'string'}),
    },
    'additionalProperties': True,
}

index_query_v253 = {
    'type': 'object',
    'properties': {
        'limit': parameter_types.single_param(parameter_types.non_negative_integer),
        'marker': parameter_types.single_param({'type': 'string'}),
        'hypervisor_hostname_pattern': parameter_types.single_param(parameter_types.fqdn),
        'with_servers': parameter_types.single_param(parameter_types.boolean),
    },
    'additionalProperties': False,
}

show_query_v253 = {
    'type': 'object',
    'properties': {
        'with_servers': parameter_types.single_param(parameter_types.boolean),
    },
    'additionalProperties': False,
}

INDEX = validation.Schemas((_any_query, '2.1', '2.32'),
                           (index_query_v233, '2.33', '2.52'),
                           (index_query_v253, '2.53', None), kind='query')
SHOW = validation.Schemas((_any_query, '2.1', '2.52'),
                          (show_query_v253, '2.53', None), kind='query')
