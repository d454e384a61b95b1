"""The request body of the evacuate server action, per microversion:
``onSharedStorage`` required until 2.13 and gone from 2.14, ``force``
from 2.29 to 2.67."""

import copy

from compute.api import parameter_types
from compute.api import validation

evacuate_v21 = {
    'type': 'object',
    'properties': {
        'evacuate': {
            'type': 'object',
            'properties': {
                'host': parameter_types.fqdn,
                'onSharedStorage': parameter_types.boolean,
                'adminPass': {'type': 'string'},
            },
            'required': ['onSharedStorage'],
            'additionalProperties': False,
        },
    },
    'required': ['evacuate'],
    'additionalProperties': False,
}

evacuate_v214 = copy.deepcopy(evacuate_v21)
del evacuate_v214['properties']['evacuate']['properties']['onSharedStorage']
del evacuate_v214['properties']['evacuate']['required']

evacuate_v229 = copy.deepcopy(evacuate_v214)
evacuate_v229['properties']['evacuate']['properties']['force'] = \
    parameter_types.boolean

EVACUATE = validation.Schemas((evacuate_v21, '2.1', '2.13'),
                              (evacuate_v214, '2.14', '2.28'),
                              (evacuate_v229, '2.29', '2.67'),
                              (evacuate_v214, '2.68', None))
