"""Request body of the os-getConsoleOutput server action."""

from compute.api import validation

get_body = {
    'type': 'object',
    'properties': {
        'os-getConsoleOutput': {
            'type': 'object',
            'properties': {
                # Lines from the end of the log; -1 or null: all of it.
                'length': {
                    'type': ['integer', 'string', 'null'],
                    'pattern': '^-?[0-9]+$',
                    'minimum': -1,
                },
            },
            'additionalProperties': False,
        },
    },
    'required': ['os-getConsoleOutput'],
    'additionalProperties': False,
}

GET = validation.Schemas((get_body, '2.1', None))
