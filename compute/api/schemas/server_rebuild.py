"""The request body of the rebuild server action, per microversion.

The windows change at 2.19 (description), 2.54 (key_name), 2.57
(user_data instead of personality), 2.63 (trusted_image_certificates),
2.90 (hostname) and 2.94 (hostname may be an FQDN). The pieces a server
create also takes are the create schema's own.
"""

import copy

from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import server_create


def _create_field(window, name):
    """A field of the create body's ``window`` schema."""
    return copy.deepcopy(window['properties']['server']['properties'][name])


rebuild_v21 = {
    'type': 'object',
    'properties': {
        'rebuild': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'imageRef': parameter_types.uuid,
                'adminPass': {'type': 'string'},
                'metadata': _create_field(server_create.create_v21,
                                          'metadata'),
                'preserve_ephemeral': parameter_types.boolean,
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
                'personality': _create_field(server_create.create_v21,
                                             'personality'),
            },
            'required': ['imageRef'],
            'additionalProperties': False,
        },
    },
    'required': ['rebuild'],
    'additionalProperties': False,
}


def _derive(base, add=None, remove=()):
    schema = copy.deepcopy(base)
    fields = schema['properties']['rebuild']['properties']
    fields.update(copy.deepcopy(add or {}))
    for name in remove:
        del fields[name]
    return schema


rebuild_v219 = _derive(rebuild_v21, {
    'description': _create_field(server_create.create_v219, 'description')})
rebuild_v254 = _derive(rebuild_v219, {
    'key_name': dict(copy.deepcopy(parameter_types.name),
                     type=['string', 'null'])})
rebuild_v257 = _derive(rebuild_v254, {
    'user_data': {'oneOf': [_create_field(server_create.create_v21,
                                          'user_data'),
                            {'type': 'null'}]}},
    remove=('personality',))
rebuild_v263 = _derive(rebuild_v257, {
    'trusted_image_certificates': _create_field(
        server_create.create_v263, 'trusted_image_certificates')})
rebuild_v290 = _derive(rebuild_v263, {
    'hostname': _create_field(server_create.create_v290, 'hostname')})
rebuild_v294 = _derive(rebuild_v290, {
    'hostname': _create_field(server_create.create_v294, 'hostname')})

REBUILD = validation.Schemas((rebuild_v21, '2.1', '2.18'),
                             (rebuild_v219, '2.19', '2.53'),
                             (rebuild_v254, '2.54', '2.56'),
                             (rebuild_v257, '2.57', '2.62'),
                             (rebuild_v263, '2.63', '2.89'),
                             (rebuild_v290, '2.90', '2.93'),
                             (rebuild_v294, '2.94', None))
