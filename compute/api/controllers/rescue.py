"""Handlers of the rescue and unrescue server actions (os-rescue).

A rescue answers 200 with the rescue password (the one given, else a new
one) when ``[DEFAULT] enable_instance_password`` is on, else an empty
body."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute import conf as compute_conf
from compute import crypto
from compute.lifecycle import power
from compute import servers_access
from compute.policies import rescue as policies

CONF = compute_conf.CONF


@validation.body(schemas.RESCUE)
def rescue(req, server_id, body):
    """POST /servers/{server_id}/action {"rescue": null | {...}}"""
    params = body['rescue'] or {}
    password = params['adminPass'] if 'adminPass' in params \
        else crypto.generate_password()
    instance = servers_access.get_authorized(req, server_id,
                                             policies.BASE_POLICY_NAME)
    power.rescue(req.context, instance, password,
                 params.get('rescue_image_ref'))
    if CONF.enable_instance_password:
        return http.json_response({'adminPass': password})
    return http.json_response({})


@validation.body(schemas.UNRESCUE)
def unrescue(req, server_id, body):
    """POST /servers/{server_id}/action {"unrescue": null}"""
    power.unrescue(req.context,
                   servers_access.get_authorized(
                       req, server_id, policies.UNRESCUE_POLICY_NAME))
    return http.empty_response(202)
