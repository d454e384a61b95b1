"""How a server action begins on the API side.

Every action on a server goes the same way before its work is handed to a
service: the guards of Nova's compute API (lock, allowed vm_state and
task_state, booted once, placed on a live host), then the instance action
that ``os-instance-actions`` shows, then the task_state that says the work
is under way, written with a compare-and-swap on the task_state the guards
saw, so two racing requests cannot both start (the loser gets 409).
"""

from compute.db import instance_actions
from compute.db import instances as instances_db
from compute import servers_access

# ``task_state`` left as it is.
UNCHANGED = object()


def begin(context, instance, action, *, verb=None, task_state=UNCHANGED,
          vm_states=None, task_states=(None,), must_have_launched=True,
          check_lock=True, need_host=False, **values):
    """Check that ``instance`` may start ``action`` now, record the instance
    action and move it to ``task_state``; returns the updated instance.

    ``action`` is the instance action's name ('stop', 'reboot', ...);
    ``verb`` the name Nova's 409 message uses, when it differs.
    ``vm_states`` / ``task_states`` / ``must_have_launched`` are
    ``servers_access.check_state``'s; ``check_lock`` refuses a locked
    server to non-administrators; ``need_host`` wants a host whose agent is
    up. ``values`` are written with the new task_state.
    """
    if check_lock:
        servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, verb or action, vm_states,
                               task_states, must_have_launched)
    if need_host:
        servers_access.check_host(instance)
    if task_state is not UNCHANGED:
        values['task_state'] = task_state
    if values:
        instance = instances_db.update(
            instance.uuid, expected_task_state=[instance.task_state],
            **values)
    instance_actions.action_start(context, instance.uuid, action)
    return instance
