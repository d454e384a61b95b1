"""Handler of POST /os-server-external-events: other services (service
role) tell the compute service what happened to servers' ports, volumes,
power or accelerators. 200 when every event was accepted, 207 when some
failed (each event has its ``code``), 404 when none was."""

from compute.api import http
from compute.api import validation
from compute.api.schemas import server_external_events as schema
from compute.lifecycle import external_events as events_logic
from compute.policies import server_external_events as policies


@validation.body(schema.CREATE)
def create(req, body):
    """POST /os-server-external-events"""
    req.context.can(policies.POLICY_ROOT % 'create', target={})
    events = body['events']
    status = events_logic.create(req.context, events)
    return http.json_response({'events': events}, status=status)
