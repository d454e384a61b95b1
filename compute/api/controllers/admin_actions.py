"""Handlers of the administrator's server actions (os-admin-actions):
os-resetState and injectNetworkInfo."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute.lifecycle import power
from compute import servers_access
from compute.policies import admin_actions as policies


@validation.body(schemas.RESET_STATE)
def reset_state(req, server_id, body):
    """POST /servers/{server_id}/action {"os-resetState": {"state": ...}}"""
    instance = servers_access.get_authorized(
        req, server_id, policies.POLICY_ROOT % 'reset_state')
    power.reset_state(req.context, instance,
                      body['os-resetState']['state'])
    return http.empty_response(202)


@validation.body(schemas.INJECT_NETWORK_INFO)
def inject_network_info(req, server_id, body):
    """POST /servers/{server_id}/action {"injectNetworkInfo": null}"""
    power.inject_network_info(req.context, servers_access.get_authorized(
        req, server_id, policies.POLICY_ROOT % 'inject_network_info'))
    return http.empty_response(202)
