"""Handlers of /servers/{server_id}/tags (2.26+): list, check, add one,
replace all, delete one and delete all of a server's tags.

As in Nova, policy is checked against the server's project before the
server is looked up for the caller (another project's server is 403), tag
changes need the server active, paused, suspended or stopped (409; no lock
check), and a server holds at most 50 tags.
"""

from compute.api import http
from compute.api import validation
from compute.api.schemas import server_tags as schema
from compute.api.views import links
from compute.db import instance_tags
from compute import exception
from compute.policies import server_tags as policies
from compute import servers_access
from compute import states

_CHANGEABLE = (states.ACTIVE, states.PAUSED, states.SUSPENDED,
               states.STOPPED)


class TagNotFound(exception.NotFound):
    msg_fmt = "Server %(server_id)s has no tag '%(tag)s'"


class InvalidTag(exception.Invalid):
    msg_fmt = ("Tag '%(tag)s' is invalid. It must be a non empty string "
               "without characters '/' and ','. Validation error message: "
               "%(err)s")


class TooManyTags(exception.Invalid):
    msg_fmt = 'The number of tags exceeded the per-server limit %(limit)d'


def _server(req, server_id, action, verb=None):
    """The server after the policy check; with ``verb`` (Nova's name of a
    change) also checks its state allows changing tags."""
    instance = servers_access.get_instance(req, server_id, any_project=True)
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': instance.project_id})
    if verb is not None:
        servers_access.check_state(instance, verb, vm_states=_CHANGEABLE,
                                   task_states=None,
                                   must_have_launched=False)
    return instance


def _check_tag(tag):
    """The tag in the URL must be a valid tag (400)."""
    try:
        validation.validate(schema.tag, tag)
    except exception.ValidationError as err:
        raise InvalidTag(tag=tag, err=err.format_message())


def _empty_body(req):
    """PUT .../tags/{tag} takes no body (a JSON null is tolerated)."""
    body = req.json_body() if req.body else None
    validation.validate(schema.UPDATE.for_version(req.ver), body)


def index(req, server_id):
    """GET /servers/{server_id}/tags"""
    instance = _server(req, server_id, 'index')
    return http.json_response({'tags': instance.tags})


def show(req, server_id, tag):
    """GET /servers/{server_id}/tags/{tag}: 204 when present"""
    instance = _server(req, server_id, 'show')
    if tag not in instance.tags:
        raise TagNotFound(server_id=server_id, tag=tag)
    return http.empty_response(204)


def update(req, server_id, tag):
    """PUT /servers/{server_id}/tags/{tag}: 201 added, 204 already there"""
    _empty_body(req)
    instance = _server(req, server_id, 'update', 'update tag')
    _check_tag(tag)
    if len(instance.tags) >= schema.MAX_TAGS:
        raise TooManyTags(limit=schema.MAX_TAGS)
    if tag in instance.tags:
        return http.empty_response(204)
    instance_tags.add(instance.uuid, tag)
    location = '%s/tags/%s' % (
        links.resource_links(req, 'servers', server_id)[0]['href'], tag)
    return http.empty_response(201, headers={'Location': location})


@validation.body(schema.UPDATE_ALL)
def update_all(req, server_id, body):
    """PUT /servers/{server_id}/tags"""
    instance = _server(req, server_id, 'update_all', 'update tags')
    return http.json_response(
        {'tags': instance_tags.replace(instance.uuid, body['tags'])})


def delete(req, server_id, tag):
    """DELETE /servers/{server_id}/tags/{tag}"""
    instance = _server(req, server_id, 'delete', 'delete tag')
    instance_tags.delete(instance.uuid, tag)
    return http.empty_response(204)


def delete_all(req, server_id):
    """DELETE /servers/{server_id}/tags"""
    instance = _server(req, server_id, 'delete_all', 'delete tags')
    instance_tags.delete_all(instance.uuid)
    return http.empty_response(204)
