"""Handler of the changePassword server action (os-admin-password)."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import power_actions as schemas
from compute.lifecycle import power
from compute import servers_access
from compute.policies import admin_password as policies


@validation.body(schemas.CHANGE_PASSWORD)
def change_password(req, server_id, body):
    """POST /servers/{server_id}/action {"changePassword": {...}}"""
    instance = servers_access.get_authorized(req, server_id,
                                             policies.BASE_POLICY_NAME)
    power.set_admin_password(req.context, instance,
                             body['changePassword']['adminPass'])
    return http.empty_response(202)
