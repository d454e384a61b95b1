"""Writing instance actions and their events (cell database).

An action is a user request on a server (create, delete, reboot ...); its
events are the steps services take for it (``compute__do_build_and_run_
instance`` ...), each with a start, a finish and a result.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session


def _now():
    return timeutils.utcnow(with_timezone=False)


def action_start(context, instance_uuid, action):
    now = _now()
    with session.cell_session() as db:
        db.add(models.InstanceAction(
            action=action, instance_uuid=instance_uuid,
            request_id=context.request_id, user_id=context.user_id,
            project_id=context.project_id, start_time=now, updated_at=now))


def _action_id(db, instance_uuid, request_id):
    return db.scalars(sa.select(models.InstanceAction.id).where(
        models.InstanceAction.instance_uuid == instance_uuid,
        models.InstanceAction.request_id == request_id).order_by(
            models.InstanceAction.id.desc())).first()


def event_start(context, instance_uuid, event, host=None):
    with session.cell_session() as db:
        action_id = _action_id(db, instance_uuid, context.request_id)
        if action_id is None:
            return
        now = _now()
        db.add(models.InstanceActionEvent(
            event=event, action_id=action_id, start_time=now, host=host))
        db.get(models.InstanceAction, action_id).updated_at = now


def event_finish(context, instance_uuid, event, result='Success',
                 traceback=None, details=None):
    """Close the newest open ``event`` of the request's action; an error
    result also marks the action's message 'Error', as Nova does."""
    now = _now()
    with session.cell_session() as db:
        action_id = _action_id(db, instance_uuid, context.request_id)
        if action_id is None:
            return
        event_row = db.scalars(sa.select(models.InstanceActionEvent).where(
            models.InstanceActionEvent.action_id == action_id,
            models.InstanceActionEvent.event == event,
            models.InstanceActionEvent.finish_time.is_(None)).order_by(
                models.InstanceActionEvent.id.desc())).first()
        if event_row is None:
            return
        event_row.finish_time = now
        event_row.result = result
        event_row.traceback = traceback
        event_row.details = details
        action = db.get(models.InstanceAction, action_id)
        action.updated_at = now
        if result != 'Success':
            action.message = 'Error'
