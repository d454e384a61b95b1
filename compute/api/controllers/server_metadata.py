"""Handlers of /servers/{server_id}/metadata: list, show, merge (POST),
replace (PUT), set one item and delete one item of a server's metadata.

Changes follow Nova's rules: refused (409) on a locked server for
non-administrators, and unless the server has booted and is active,
paused, suspended or stopped; the resulting number of items must fit the
caller's ``metadata_items`` quota (403).
"""

from compute.api import http
from compute.api import validation
from compute.api.schemas import server_metadata as schema
from compute.db import instance_metadata
from compute import exception
from compute.policies import server_metadata as policies
from compute import quota
from compute import servers_access
from compute import states

_CHANGEABLE = (states.ACTIVE, states.PAUSED, states.SUSPENDED,
               states.STOPPED)


class MetadataLimitExceeded(exception.OverQuota):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class MetadataItemNotFound(exception.NotFound):
    msg_fmt = 'Metadata item was not found'


def _server(req, server_id, action):
    return servers_access.get_authorized(req, server_id,
                                         policies.POLICY_ROOT % action)


def _check_changeable(req, instance, verb):
    servers_access.check_not_locked(req.context, instance)
    servers_access.check_state(instance, verb, vm_states=_CHANGEABLE,
                               task_states=None)


def _check_quota(req, count):
    try:
        quota.check_deltas(req.context, None, None, {'metadata_items': count})
    except quota.OverQuota as err:
        raise MetadataLimitExceeded(allowed=err.quotas['metadata_items'])


def _write(req, instance, metadata, replace):
    """Merge (or replace with) ``metadata``; the server's metadata after."""
    _check_changeable(req, instance, 'update metadata')
    result = metadata if replace else dict(instance.metadata, **metadata)
    _check_quota(req, len(result))
    return instance_metadata.update(instance.uuid, metadata, replace=replace)


def index(req, server_id):
    """GET /servers/{server_id}/metadata"""
    instance = _server(req, server_id, 'index')
    return http.json_response({'metadata': instance.metadata})


def show(req, server_id, key):
    """GET /servers/{server_id}/metadata/{key}"""
    instance = _server(req, server_id, 'show')
    if key not in instance.metadata:
        raise MetadataItemNotFound()
    return http.json_response({'meta': {key: instance.metadata[key]}})


@validation.body(schema.METADATA)
def create(req, server_id, body):
    """POST /servers/{server_id}/metadata (merge; 200, as in Nova)"""
    instance = _server(req, server_id, 'create')
    metadata = _write(req, instance, body['metadata'], replace=False)
    return http.json_response({'metadata': metadata})


@validation.body(schema.METADATA)
def update_all(req, server_id, body):
    """PUT /servers/{server_id}/metadata (replace)"""
    instance = _server(req, server_id, 'update_all')
    metadata = _write(req, instance, body['metadata'], replace=True)
    return http.json_response({'metadata': metadata})


@validation.body(schema.ITEM)
def update(req, server_id, key, body):
    """PUT /servers/{server_id}/metadata/{key}"""
    instance = _server(req, server_id, 'update')
    item = body['meta']
    if key not in item:
        raise exception.Invalid('Request body and URI mismatch')
    _write(req, instance, item, replace=False)
    return http.json_response({'meta': item})


def delete(req, server_id, key):
    """DELETE /servers/{server_id}/metadata/{key}"""
    instance = _server(req, server_id, 'delete')
    if key not in instance.metadata:
        raise MetadataItemNotFound()
    _check_changeable(req, instance, 'delete metadata')
    instance_metadata.delete_item(instance.uuid, key)
    return http.empty_response(204)
