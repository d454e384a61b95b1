"""Handlers of the pause and unpause server actions (os-pause-server)."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute.lifecycle import power
from compute import servers_access
from compute.policies import pause_server as policies


def _toggle(req, server_id, action):
    instance = servers_access.get_authorized(req, server_id,
                                             policies.POLICY_ROOT % action)
    power.toggle(req.context, instance, action)
    return http.empty_response(202)


@validation.body(schemas.PAUSE)
def pause(req, server_id, body):
    """POST /servers/{server_id}/action {"pause": null}"""
    return _toggle(req, server_id, 'pause')


@validation.body(schemas.UNPAUSE)
def unpause(req, server_id, body):
    """POST /servers/{server_id}/action {"unpause": null}"""
    return _toggle(req, server_id, 'unpause')
