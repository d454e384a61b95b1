"""Request bodies of the shelve, shelveOffload and unshelve server
actions. The value of each is not looked at, except unshelve's from 2.77:
``null`` or ``{"availability_zone": name}``, and from 2.91 an object that
may name a zone (or ``null``, to unpin the server) and a ``host``."""

from compute.api import parameter_types
from compute.api import validation


def _any_value(action):
    return {
        'type': 'object',
        'properties': {action: {}},
        'required': [action],
        'additionalProperties': False,
    }


shelve_body = _any_value('shelve')
shelve_offload_body = _any_value('shelveOffload')
unshelve_body = _any_value('unshelve')

unshelve_body_v277 = {
    'type': 'object',
    'properties': {
        'unshelve': {
            'type': ['object', 'null'],
            'properties': {
                'availability_zone': parameter_types.name,
            },
            # {"unshelve": {}} is refused: null or a zone.
            'required': ['availability_zone'],
            'additionalProperties': False,
        },
    },
    'required': ['unshelve'],
    'additionalProperties': False,
}

unshelve_body_v291 = {
    'type': 'object',
    'properties': {
        'unshelve': {
            'oneOf': [
                {
                    'type': 'object',
                    'properties': {
                        'availability_zone': {
                            'oneOf': [{'type': 'null'}, {'type': 'string'}],
                        },
                        'host': {'type': 'string'},
                    },
                    'additionalProperties': False,
                },
                {'type': 'null'},
            ],
        },
    },
    'required': ['unshelve'],
    'additionalProperties': False,
}

SHELVE = validation.Schemas((shelve_body, '2.1', None))
SHELVE_OFFLOAD = validation.Schemas((shelve_offload_body, '2.1', None))
UNSHELVE = validation.Schemas((unshelve_body, '2.1', '2.76'),
                              (unshelve_body_v277, '2.77', '2.90'),
                              (unshelve_body_v291, '2.91', None))
