"""Request body of the force_complete action on a server's migration."""

from compute.api import validation

force_complete = {
    'type': 'object',
    'properties': {'force_complete': {'type': 'null'}},
    'required': ['force_complete'],
    'additionalProperties': False,
}

force_complete_body = validation.Schemas((force_complete, '2.22', None))
