"""Handlers of the lock and unlock server actions (os-lock-server).

From 2.73 a lock may give a ``locked_reason``, shown on the server. A
project member cannot lift a lock an administrator of another project
put (that takes ``unlock:unlock_override``)."""

from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute.lifecycle import power
from compute import servers_access
from compute.policies import lock_server as policies


@validation.body(schemas.LOCK)
def lock(req, server_id, body):
    """POST /servers/{server_id}/action {"lock": null | {...}}"""
    instance = servers_access.get_authorized(
        req, server_id, policies.POLICY_ROOT % 'lock')
    reason = None
    if req.ver >= microversion.LOCKED_REASON and body['lock']:
        reason = body['lock'].get('locked_reason')
    power.lock(req.context, instance, reason)
    return http.empty_response(202)


@validation.body(schemas.UNLOCK)
def unlock(req, server_id, body):
    """POST /servers/{server_id}/action {"unlock": null}"""
    instance = servers_access.get_authorized(
        req, server_id, policies.POLICY_ROOT % 'unlock')
    if not power.locked_by_caller(req.context, instance):
        req.context.can(policies.POLICY_ROOT % 'unlock:unlock_override',
                        target={'project_id': instance.project_id})
    power.unlock(req.context, instance)
    return http.empty_response(202)
