"""Request schemas of flavor extra specs: a map of keys to string (or
number) values, and the one-key body of PUT."""

import copy

from compute.api import validation

_KEY = '^[a-zA-Z0-9-_:. ]{1,255}$'

# Numbers are accepted too and stored as their string form.
extra_specs = {
    'type': 'object',
    'patternProperties': {
        _KEY: {'type': ['string', 'number'], 'maxLength': 255},
    },
    'additionalProperties': False,
}

create_body = {
    'type': 'object',
    'properties': {'extra_specs': extra_specs},
    'required': ['extra_specs'],
    'additionalProperties': False,
}

update_body = copy.deepcopy(extra_specs)
update_body.update({'minProperties': 1, 'maxProperties': 1})

CREATE = validation.Schemas((create_body, '2.1', None))
UPDATE = validation.Schemas((update_body, '2.1', None))
