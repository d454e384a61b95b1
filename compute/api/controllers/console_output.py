"""Handler of the os-getConsoleOutput server action: the tail of the
guest's console log, read by the agent on the server's host.

Refused with 409 while the server has no host; a driver without console
logs is 501. Control characters other than tab and newline are dropped
from the text, as Nova does.
"""

import re

from compute.agent import rpcapi as agent_rpcapi
from compute.api import http
from compute.api import validation
from compute.api.schemas import console_output as schema
from compute.policies import console_output as policies
from compute import servers_access

_CONTROL_CHARS = re.compile('[\x00-\x08\x0b-\x1f]')


def _tail_length(params):
    """Lines wanted from the end of the log; None for all of it."""
    length = params.get('length')
    if length is None or int(length) == -1:
        return None
    return int(length)


@validation.body(schema.GET)
def get(req, server_id, body):
    """POST /servers/{server_id}/action {"os-getConsoleOutput": {...}}"""
    instance = servers_access.get_instance(req, server_id)
    req.context.can(policies.BASE_POLICY_NAME,
                    target={'project_id': instance.project_id})
    servers_access.check_host(instance)
    try:
        output = agent_rpcapi.AgentAPI().get_console_output(
            req.context, instance.host, instance.uuid,
            _tail_length(body['os-getConsoleOutput']))
    except NotImplementedError:
        raise servers_access.FeatureNotSupported()
    return http.json_response({'output': _CONTROL_CHARS.sub('', output)})
