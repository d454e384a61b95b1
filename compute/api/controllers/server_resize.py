"""Handlers of the resize, confirmResize and revertResize server
actions (POST /servers/{server_id}/action)."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import server_resize as schema
from compute.lifecycle import resize as resize_logic
from compute import servers_access

_RULE = 'os_compute_api:servers:%s'


def _server(req, server_id, rule):
    return servers_access.get_authorized(req, server_id, _RULE % rule)


@validation.body(validation.Schemas((schema.resize_body, '2.1', None)))
def resize(req, server_id, body):
    """{"resize": {"flavorRef": ..., "OS-DCF:diskConfig": ...}}"""
    instance = _server(req, server_id, 'resize')
    params = body['resize']
    disk_config = params.get('OS-DCF:diskConfig')
    resize_logic.resize(
        req.context, instance, flavor_ref=str(params['flavorRef']),
        auto_disk_config=None if disk_config is None
        else disk_config == 'AUTO')
    return http.empty_response(202)


@validation.body(validation.Schemas((schema.confirm_resize_body, '2.1',
                                     None)))
def confirm_resize(req, server_id, body):
    """{"confirmResize": null}"""
    instance = _server(req, server_id, 'confirm_resize')
    resize_logic.confirm(req.context, instance)
    return http.empty_response(204)


@validation.body(validation.Schemas((schema.revert_resize_body, '2.1',
                                     None)))
def revert_resize(req, server_id, body):
    """{"revertResize": null}"""
    instance = _server(req, server_id, 'revert_resize')
    resize_logic.revert(req.context, instance)
    return http.empty_response(202)
