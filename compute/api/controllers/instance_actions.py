"""Handlers of /servers/{server_id}/os-instance-actions: the log of what
was asked of a server (list) and one request's action with its events
(show).

Deleted servers' logs are readable from 2.21. The list pages (``limit``,
``marker`` = a request id) and filters on ``updated_at`` (``changes-since``)
from 2.58, ``changes-before`` from 2.66. Events show to administrators
with their tracebacks (and hosts from 2.62); from 2.51 to everyone allowed
to see the action, without those; every caller sees the hashed ``hostId``
from 2.62, and those allowed the events' ``details`` from 2.84.
"""


from compute.api.views import timestamps
from compute import conf as compute_conf
from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import instance_actions as schema
from compute.api.views import instance_actions as view
from compute.db import instance_action_reads
from compute import exception
from compute.policies import instance_actions as policies
from compute import servers_access

CONF = compute_conf.CONF

# Named features of this resource (candidates for compute.api.microversion).


class ActionNotFound(exception.NotFound):
    msg_fmt = 'Action %(request_id)s not found'


def _server(req, server_id, action):
    instance = servers_access.get_instance(
        req, server_id, read_deleted=req.ver >= microversion.DELETED_SERVERS)
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': instance.project_id})
    return instance


def _filters(query):
    """(limit, marker, changes_since, changes_before) of a 2.58+ list."""
    limit = CONF.api.max_limit
    if 'limit' in query:
        limit = min(int(query['limit'][0]), limit)
    marker = query['marker'][0] if 'marker' in query else None
    since = timestamps.query_time(query, 'changes-since')
    before = timestamps.query_time(query, 'changes-before')
    if since is not None and before is not None and before < since:
        raise exception.Invalid('The value of changes-since must be less '
                                'than or equal to changes-before.')
    return limit, marker, since, before


@validation.query(schema.INDEX)
def index(req, server_id, query):
    """GET /servers/{server_id}/os-instance-actions"""
    instance = _server(req, server_id, 'list')
    if req.ver < microversion.INSTANCE_ACTION_PAGING:
        actions = instance_action_reads.list_actions(instance.uuid)
        return http.json_response(view.index(req, server_id, actions, None))
    limit, marker, since, before = _filters(query)
    try:
        actions = instance_action_reads.list_actions(
            instance.uuid, limit=limit, marker=marker, changes_since=since,
            changes_before=before)
    except exception.MarkerNotFound as err:
        raise exception.Invalid(err.format_message())
    return http.json_response(view.index(req, server_id, actions, limit))


def _event_fields(req, target):
    """The optional event fields the caller may see, or None when the
    events themselves are hidden."""
    fields = set()
    if req.context.can(policies.POLICY_ROOT % 'events', target=target,
                       fatal=False):
        fields.add('traceback')
        if req.ver >= microversion.EVENT_HOST_ID:
            fields.add('host')
    elif req.ver < microversion.EVENTS_FOR_ALL:
        return None
    if req.ver >= microversion.EVENT_HOST_ID:
        fields.add('hostId')
    if req.ver >= microversion.EVENT_DETAILS and req.context.can(
            policies.POLICY_ROOT % 'events:details', target=target,
            fatal=False):
        fields.add('details')
    return fields


def show(req, server_id, request_id):
    """GET /servers/{server_id}/os-instance-actions/{request_id}"""
    instance = _server(req, server_id, 'show')
    fields = _event_fields(req, {'project_id': instance.project_id})
    action = instance_action_reads.get_action(
        instance.uuid, request_id, with_events=fields is not None)
    if action is None:
        raise ActionNotFound(request_id=request_id)
    return http.json_response(view.show(
        req, action, action['project_id'] or instance.project_id, fields))
