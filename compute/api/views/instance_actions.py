"""Responses of /servers/{id}/os-instance-actions per microversion.

An action shows ``updated_at`` from 2.58. Which event fields show is the
controller's decision (policy and microversion), passed in as flags:
``traceback`` and ``host`` for those allowed to see them, ``hostId`` (the
host hashed with the project, as in server bodies) from 2.62, ``details``
from 2.84.
"""


from compute.api import microversion
from compute.api.views import host_ids
from compute.api.views import links

_ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
                'project_id', 'start_time', 'message')
_EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result')

# Paging and ``updated_at`` (candidate for compute.api.microversion).


def _action(req, action):
    keys = _ACTION_KEYS
    if req.ver >= microversion.INSTANCE_ACTION_PAGING:
        keys += ('updated_at',)
    return {key: action[key] for key in keys}


def index(req, server_id, actions, limit):
    """The list; from 2.58 a ``next`` link when the page is full."""
    body = {'instanceActions': [_action(req, a) for a in actions]}
    if req.ver >= microversion.INSTANCE_ACTION_PAGING and limit and len(actions) == limit:
        body['links'] = [links.collection_next_link(
            req, 'servers/%s/os-instance-actions' % server_id,
            actions[-1]['request_id'])]
    return body


def _event(event, project_id, fields):
    shown = {key: event[key] for key in _EVENT_KEYS}
    for name in ('traceback', 'host', 'details'):
        if name in fields:
            shown[name] = event[name]
    if 'hostId' in fields:
        shown['hostId'] = host_ids.host_id(event['host'], project_id)
    return shown


def show(req, action, project_id, event_fields=None):
    """One action; with its events when ``event_fields`` (the optional
    event fields to show) is not None. ``project_id`` hashes hostIds."""
    body = _action(req, action)
    if event_fields is not None:
        body['events'] = [_event(e, project_id, event_fields)
                          for e in action['events']]
    return {'instanceAction': body}
