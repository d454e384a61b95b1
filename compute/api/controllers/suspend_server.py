"""Handlers of the suspend and resume server actions
(os-suspend-server)."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute.lifecycle import power
from compute import servers_access
from compute.policies import suspend_server as policies


def _toggle(req, server_id, action):
    instance = servers_access.get_authorized(req, server_id,
                                             policies.POLICY_ROOT % action)
    power.toggle(req.context, instance, action)
    return http.empty_response(202)


@validation.body(schemas.SUSPEND)
def suspend(req, server_id, body):
    """POST /servers/{server_id}/action {"suspend": null}"""
    return _toggle(req, server_id, 'suspend')


@validation.body(schemas.RESUME)
def resume(req, server_id, body):
    """POST /servers/{server_id}/action {"resume": null}"""
    return _toggle(req, server_id, 'resume')
