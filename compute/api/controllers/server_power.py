"""Handlers of the os-start, os-stop, reboot and trigger_crash_dump (2.17)
server actions."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute.lifecycle import power
from compute.policies import servers as server_policies
from compute import servers_access


def _load(req, server_id, name):
    return servers_access.get_authorized(
        req, server_id, server_policies.POLICY_ROOT % name)


@validation.body(schemas.START)
def start(req, server_id, body):
    """POST /servers/{server_id}/action {"os-start": null}"""
    power.start(req.context, _load(req, server_id, 'start'))
    return http.empty_response(202)


@validation.body(schemas.STOP)
def stop(req, server_id, body):
    """POST /servers/{server_id}/action {"os-stop": null}"""
    power.stop(req.context, _load(req, server_id, 'stop'))
    return http.empty_response(202)


@validation.body(schemas.REBOOT)
def reboot(req, server_id, body):
    """POST /servers/{server_id}/action {"reboot": {"type": "SOFT"}}"""
    power.reboot(req.context, _load(req, server_id, 'reboot'),
                 body['reboot']['type'].upper())
    return http.empty_response(202)


@validation.body(schemas.TRIGGER_CRASH_DUMP)
def trigger_crash_dump(req, server_id, body):
    """POST /servers/{server_id}/action {"trigger_crash_dump": null}"""
    power.trigger_crash_dump(req.context,
                             _load(req, server_id, 'trigger_crash_dump'))
    return http.empty_response(202)
