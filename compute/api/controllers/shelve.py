"""Handlers of the shelve, shelveOffload and unshelve server actions."""

from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import shelve as schema
from compute.lifecycle import shelve as shelve_logic
from compute import servers_access

POLICY_ROOT = 'os_compute_api:os-shelve:%s'


@validation.body(schema.SHELVE)
def shelve(req, server_id, body):
    """POST /servers/{server_id}/action {"shelve": null}"""
    instance = servers_access.get_authorized(
        req, server_id, POLICY_ROOT % 'shelve')
    shelve_logic.shelve(req.context, instance)
    return http.empty_response(202)


@validation.body(schema.SHELVE_OFFLOAD)
def shelve_offload(req, server_id, body):
    """POST /servers/{server_id}/action {"shelveOffload": null}"""
    instance = servers_access.get_instance(req, server_id)
    req.context.can(POLICY_ROOT % 'shelve_offload',
                    target={'project_id': instance.project_id})
    shelve_logic.shelve_offload(req.context, instance)
    return http.empty_response(202)


@validation.body(schema.UNSHELVE)
def unshelve(req, server_id, body):
    """POST /servers/{server_id}/action {"unshelve": null | {...}}"""
    instance = servers_access.get_instance(req, server_id)
    req.context.can(POLICY_ROOT % 'unshelve',
                    target={'project_id': instance.project_id})
    args = {}
    request = body['unshelve']
    if isinstance(request, dict):
        if req.ver >= microversion.UNSHELVE_AVAILABILITY_ZONE and \
                'availability_zone' in request:
            args['new_az'] = request['availability_zone']
        if req.ver >= microversion.UNSHELVE_HOST:
            args['host'] = request.get('host')
    shelve_logic.unshelve(req.context, instance, **args)
    return http.empty_response(202)
