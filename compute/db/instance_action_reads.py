"""Reading a server's instance actions and their events (cell database).

The API's side of compute.db.instance_actions: newest first (created_at,
then id, descending, as Nova orders them), with keyset paging by request id
and ``changes-since`` / ``changes-before`` windows on ``updated_at``.
Actions and events come back as plain dicts of their columns.
"""

import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import paging
from compute.db import session
from compute import exception

Action = models.InstanceAction
Event = models.InstanceActionEvent

_ACTION_COLUMNS = ('id', 'action', 'instance_uuid', 'request_id', 'user_id',
                   'project_id', 'start_time', 'finish_time', 'message',
                   'created_at', 'updated_at')
_EVENT_COLUMNS = ('id', 'event', 'start_time', 'finish_time', 'result',
                  'traceback', 'host', 'details')


def _as_dict(row, columns):
    return {name: getattr(row, name) for name in columns}


def _by_request_id(db, instance_uuid, request_id):
    return db.scalars(sa.select(Action).where(
        Action.instance_uuid == instance_uuid,
        Action.request_id == request_id).order_by(
            Action.created_at.desc(), Action.id.desc())).first()


def list_actions(instance_uuid, limit=None, marker=None, changes_since=None,
                 changes_before=None):
    """The server's actions, newest first. ``marker`` is the request id of
    the last action of the previous page (MarkerNotFound when the server
    has none such); ``changes_since`` / ``changes_before`` (naive UTC)
    bound ``updated_at``, both ends included."""
    query = sa.select(Action).where(Action.instance_uuid == instance_uuid)
    if changes_since is not None:
        query = query.where(Action.updated_at >= changes_since)
    if changes_before is not None:
        query = query.where(Action.updated_at <= changes_before)
    with session.cell_session() as db:
        marker_row = None
        if marker is not None:
            marker_row = _by_request_id(db, instance_uuid, marker)
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        query = paging.page(query, (Action.created_at, Action.id), limit,
                            marker_row, descending=True)
        return [_as_dict(row, _ACTION_COLUMNS) for row in db.scalars(query)]


def get_action(instance_uuid, request_id, with_events=False):
    """The server's action of ``request_id`` (with its ``events``, newest
    first, when asked), or None."""
    with session.cell_session() as db:
        row = _by_request_id(db, instance_uuid, request_id)
        if row is None:
            return None
        action = _as_dict(row, _ACTION_COLUMNS)
        if with_events:
            action['events'] = [
                _as_dict(event, _EVENT_COLUMNS)
                for event in db.scalars(sa.select(Event).where(
                    Event.action_id == row.id).order_by(
                        Event.created_at.desc(), Event.id.desc()))]
        return action
