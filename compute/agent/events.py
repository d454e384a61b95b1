"""How an agent runs one step of a server action and leaves a record.

``recorded(agent, context, instance_uuid, event)`` wraps the step: the
instance action event starts and finishes (``Success`` or ``Error`` with
the error's text as its details), and on a failure the server gets an
instance fault and its task_state is cleared (unless the failure is that
another request, a delete, took the server over), so it never stays stuck in
``rebooting`` or ``pausing`` (Nova's wrap_instance_event, wrap_instance_fault
and reverts_task_state, together). The error is raised again for the RPC
layer (a cast logs it; a call returns it to the caller).
"""

import contextlib
import logging
import traceback

from compute.db import instances as instances_db
from compute import exception

LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def recorded(agent, context, instance_uuid, event, revert_task_state=True):
    agent.conductor.action_event(context, instance_uuid, event, 'start',
                                 host=agent.host)
    try:
        yield
    except instances_db.UnexpectedTaskState as err:
        # Pre-empted (a delete took the server over): its task_state is
        # not ours to clear.
        agent.conductor.action_event(context, instance_uuid, event,
                                     'finish', host=agent.host,
                                     result='Error', details=str(err))
        raise
    except Exception as err:
        code = getattr(err, 'code', 500) if isinstance(
            err, exception.ComputeException) else 500
        agent.conductor.instance_fault(context, instance_uuid, code,
                                       str(err) or type(err).__name__,
                                       traceback.format_exc(), agent.host)
        if revert_task_state:
            try:
                agent.conductor.instance_update(context, instance_uuid,
                                                {'task_state': None})
            except exception.NotFound:
                pass
        # Last, so whoever sees the event finished sees the server settled.
        agent.conductor.action_event(context, instance_uuid, event,
                                     'finish', host=agent.host,
                                     result='Error', details=str(err))
        raise
    agent.conductor.action_event(context, instance_uuid, event, 'finish',
                                 host=agent.host)
