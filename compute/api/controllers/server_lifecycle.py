"""Handlers that start and end servers: POST /servers, DELETE
/servers/{id}, and the forceDelete / restore actions."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import server_create
from compute.api.views import servers as view
from compute.lifecycle import create as create_logic
from compute.lifecycle import delete as delete_logic
from compute import servers_access


@validation.body(server_create.create_body)
def create(req, body):
    """POST /servers"""
    params = server_create.normalise(body, req.ver)
    instances, reservation_id, admin_password = \
        create_logic.create_servers(req.context, params, req.ver)
    if params['return_reservation_id']:
        return http.json_response({'reservation_id': reservation_id},
                                  status=202)
    first = instances[0]
    return http.json_response(
        view.create_response(req, first, admin_password), status=202,
        headers={'Location': view.server_url(req, first.uuid)})


def delete(req, server_id):
    """DELETE /servers/{server_id}"""
    instance = servers_access.get_authorized(
        req, server_id, 'os_compute_api:servers:delete')
    delete_logic.delete(req.context, instance)
    return http.empty_response(204)


def force_delete(req, server_id):
    """POST /servers/{server_id}/action {"forceDelete": null}"""
    instance = servers_access.get_authorized(
        req, server_id, 'os_compute_api:os-deferred-delete:force')
    delete_logic.delete(req.context, instance, force=True)
    return http.empty_response(202)


def restore(req, server_id):
    """POST /servers/{server_id}/action {"restore": null}"""
    instance = servers_access.get_authorized(
        req, server_id, 'os_compute_api:os-deferred-delete:restore')
    delete_logic.restore(req.context, instance)
    return http.empty_response(202)
