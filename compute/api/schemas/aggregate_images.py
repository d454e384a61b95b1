"""Request schema of POST /os-aggregates/{aggregate_id}/images (2.81): a
non-empty list of the images to pre-cache, each named by its UUID."""

from compute.api import parameter_types
from compute.api import validation

cache_body = {
    'type': 'object',
    'properties': {
        'cache': {
            'type': 'array',
            'minItems': 1,
            'items': {
                'type': 'object',
                'properties': {'id': parameter_types.uuid},
                'required': ['id'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['cache'],
    'additionalProperties': False,
}

CACHE = validation.Schemas((cache_body, '2.81', None))
