"""Request body of the createImage server action."""

from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import server_metadata

create_image_body = {
    'type': 'object',
    'properties': {
        'createImage': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'metadata': server_metadata.metadata,
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['createImage'],
    'additionalProperties': False,
}

CREATE_IMAGE = validation.Schemas((create_image_body, '2.1', None))
