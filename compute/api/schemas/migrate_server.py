"""Body of the migrate (cold migration) server action: nothing until
2.55, an optional target ``host`` from 2.56."""

import copy

from compute.api import parameter_types

_host = copy.deepcopy(parameter_types.fqdn)
_host['type'] = ['string', 'null']

migrate_body = {
    'type': 'object',
    'properties': {'migrate': {'type': 'null'}},
    'required': ['migrate'],
    'additionalProperties': False,
}

migrate_body_v256 = {
    'type': 'object',
    'properties': {
        'migrate': {
            'type': ['object', 'null'],
            'properties': {'host': _host},
            'additionalProperties': False,
        },
    },
    'required': ['migrate'],
    'additionalProperties': False,
}
