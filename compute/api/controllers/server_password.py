"""Handlers of /servers/{server_id}/os-server-password: read and clear the
encrypted administrative password a guest posted to the metadata service.

The password is kept in the server's system metadata, split in chunks
``password_0`` .. ``password_3`` of up to 255 characters each.
"""

from compute.api import http
from compute.db import instance_metadata
from compute.policies import server_password as policies
from compute import servers_access

CHUNKS = 4
CHUNK_LENGTH = 255


def _server(req, server_id, action):
    return servers_access.get_authorized(req, server_id,
                                         policies.POLICY_ROOT % action)


def _chunks(password):
    """The system metadata items holding ``password``."""
    return {'password_%d' % i:
            password[i * CHUNK_LENGTH:(i + 1) * CHUNK_LENGTH]
            for i in range(CHUNKS)}


def index(req, server_id):
    """GET /servers/{server_id}/os-server-password"""
    instance = _server(req, server_id, 'show')
    sys_meta = instance.system_metadata
    password = ''.join(sys_meta[key] or '' for key in sorted(sys_meta)
                       if key.startswith('password_'))
    return http.json_response({'password': password})


def clear(req, server_id):
    """DELETE /servers/{server_id}/os-server-password"""
    instance = _server(req, server_id, 'clear')
    instance_metadata.update_system(instance.uuid, _chunks(''))
    return http.empty_response(204)
