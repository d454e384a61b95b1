"""The request body of POST /os-server-external-events: the event names
Nova accepts grow at 2.51 (volume-extended), 2.76 (power-update), 2.82
(accelerator-request-bound) and 2.93 (volume-reimaged)."""

import copy

from compute.api import validation

NAMES_V21 = ['network-changed', 'network-vif-plugged',
             'network-vif-unplugged', 'network-vif-deleted']
STATUSES = ['failed', 'completed', 'in-progress']

create_v21 = {
    'type': 'object',
    'properties': {
        'events': {
            'type': 'array', 'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {
                    'server_uuid': {'type': 'string', 'format': 'uuid'},
                    'name': {'type': 'string', 'enum': NAMES_V21},
                    'status': {'type': 'string', 'enum': STATUSES},
                    'tag': {'type': 'string', 'maxLength': 255},
                },
                'required': ['server_uuid', 'name'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['events'],
    'additionalProperties': False,
}


def _with_name(base, name):
    schema = copy.deepcopy(base)
    schema['properties']['events']['items']['properties']['name'][
        'enum'].append(name)
    return schema


create_v251 = _with_name(create_v21, 'volume-extended')
create_v276 = _with_name(create_v251, 'power-update')
create_v282 = _with_name(create_v276, 'accelerator-request-bound')
create_v293 = _with_name(create_v282, 'volume-reimaged')

CREATE = validation.Schemas((create_v21, '2.1', '2.50'),
                            (create_v251, '2.51', '2.75'),
                            (create_v276, '2.76', '2.81'),
                            (create_v282, '2.82', '2.92'),
                            (create_v293, '2.93', None))
