"""Request bodies of /servers/{id}/metadata: the whole set (create and
update_all) and one item (update)."""

import copy

from compute.api import validation

# Keys of 1..255 letters, digits and ``-_:. ``; string values up to 255.
metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

metadata_body = {
    'type': 'object',
    'properties': {'metadata': metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

_one_item = copy.deepcopy(metadata)
_one_item.update(minProperties=1, maxProperties=1)

item_body = {
    'type': 'object',
    'properties': {'meta': _one_item},
    'required': ['meta'],
    'additionalProperties': False,
}

METADATA = validation.Schemas((metadata_body, '2.1', None))
ITEM = validation.Schemas((item_body, '2.1', None))
