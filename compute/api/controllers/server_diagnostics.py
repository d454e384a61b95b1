"""Handler of GET /servers/{server_id}/diagnostics: what the hypervisor
reports about a server, through the agent on its host (administrators).

Refused with 409 while the server has no host; a driver without
diagnostics is 501. The body's format changes at 2.48 (see the view).
"""

from compute.agent import rpcapi as agent_rpcapi
from compute.api import http
from compute.api.views import server_diagnostics as view
from compute.policies import server_diagnostics as policies
from compute import servers_access

def index(req, server_id):
    """GET /servers/{server_id}/diagnostics"""
    instance = servers_access.get_instance(req, server_id)
    req.context.can(policies.BASE_POLICY_NAME,
                    target={'project_id': instance.project_id})
    servers_access.check_host(instance)
    try:
        diagnostics = agent_rpcapi.AgentAPI().get_diagnostics(
            req.context, instance.host, instance.uuid)
    except NotImplementedError:
        raise servers_access.FeatureNotSupported()
    return http.json_response(view.show(req, diagnostics))
