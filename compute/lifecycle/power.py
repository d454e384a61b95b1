"""The power and state actions on the API side.

stop, start, reboot, trigger_crash_dump, pause, unpause, suspend, resume,
rescue, unrescue and changePassword begin as every action does
(``compute.lifecycle.actions.begin``: Nova's guards, the instance action,
the task_state) and hand their work to the server's agent
(``compute.agent.power``). lock, unlock and os-resetState only change the
database, as in Nova: lock and unlock record their action with an
``api_lock`` / ``api_unlock`` event, resetState its action alone.
injectNetworkInfo is a cast with no instance action (Nova records none).
"""

from compute.agent import rpcapi as agent_rpcapi
from compute import conf as compute_conf
from compute.db import instance_actions
from compute.db import instance_metadata
from compute.db import instances as instances_db
from compute import exception
from compute.image import api as image_api
from compute.lifecycle import actions
from compute import servers_access
from compute import states

CONF = compute_conf.CONF

STOP_VM_STATES = (states.ACTIVE, states.ERROR)
SOFT_REBOOT_VM_STATES = (states.ACTIVE,)
HARD_REBOOT_VM_STATES = (states.ACTIVE, states.ERROR, states.PAUSED,
                         states.STOPPED, states.SUSPENDED)
CRASH_DUMP_VM_STATES = (states.ACTIVE, states.ERROR, states.PAUSED,
                        states.RESCUED, states.RESIZED)
RESCUE_VM_STATES = (states.ACTIVE, states.ERROR, states.STOPPED)
RESET_STATES = {'active': states.ACTIVE, 'error': states.ERROR}


class UnsupportedRescueImage(exception.Invalid):
    msg_fmt = "Requested rescue image '%(image)s' is not supported"


def _cast(context, instance, method, **kwargs):
    agent_rpcapi.AgentAPI().power_action(context, instance.host, method,
                                         instance.uuid, **kwargs)


def _check_host_set(context, instance):
    """Nova's guards of the actions that need a host, in Nova's order:
    the lock, then a host (409 "not ready"), then the states."""
    servers_access.check_not_locked(context, instance)
    if not instance.host:
        raise servers_access.InstanceNotReady(instance_id=instance.uuid)


def stop(context, instance):
    _check_host_set(context, instance)
    instance = actions.begin(context, instance, 'stop',
                             task_state=states.POWERING_OFF,
                             vm_states=STOP_VM_STATES, check_lock=False,
                             need_host=True, progress=0)
    _cast(context, instance, 'stop_instance')


def start(context, instance):
    _check_host_set(context, instance)
    instance = actions.begin(context, instance, 'start',
                             task_state=states.POWERING_ON,
                             vm_states=(states.STOPPED,), check_lock=False,
                             need_host=True)
    _cast(context, instance, 'start_instance')


def reboot(context, instance, reboot_type):
    """``reboot_type`` 'SOFT' or 'HARD': each has its allowed states."""
    if reboot_type == 'SOFT':
        instance = actions.begin(context, instance, 'reboot',
                                 task_state=states.REBOOTING,
                                 vm_states=SOFT_REBOOT_VM_STATES)
    else:
        instance = actions.begin(
            context, instance, 'reboot', task_state=states.REBOOTING_HARD,
            vm_states=HARD_REBOOT_VM_STATES,
            task_states=states.ALLOW_REBOOT_TASK_STATES)
    _cast(context, instance, 'reboot_instance', reboot_type=reboot_type)


def trigger_crash_dump(context, instance):
    _check_host_set(context, instance)
    instance = actions.begin(context, instance, 'trigger_crash_dump',
                             vm_states=CRASH_DUMP_VM_STATES,
                             check_lock=False, need_host=True)
    _cast(context, instance, 'trigger_crash_dump')


# pause, unpause, suspend, resume: (task_state, allowed vm_state, agent
# method) of each.
_TOGGLES = {
    'pause': (states.PAUSING, states.ACTIVE, 'pause_instance'),
    'unpause': (states.UNPAUSING, states.PAUSED, 'unpause_instance'),
    'suspend': (states.SUSPENDING, states.ACTIVE, 'suspend_instance'),
    'resume': (states.RESUMING, states.SUSPENDED, 'resume_instance'),
}


def toggle(context, instance, action):
    """pause, unpause, suspend or resume ``instance``."""
    task_state, vm_state, method = _TOGGLES[action]
    instance = actions.begin(context, instance, action,
                             task_state=task_state, vm_states=(vm_state,))
    _cast(context, instance, method)


def _rescue_image(context, image_ref):
    """400 unless ``image_ref`` names an image the caller may use that is
    not a snapshot of volumes."""
    try:
        image = image_api.get_image_api().get(context, image_ref)
    except exception.NotFound:
        raise UnsupportedRescueImage(image=image_ref) from None
    if (image.get('properties') or {}).get('img_block_device_mapping'):
        raise UnsupportedRescueImage(image=image_ref)


def rescue(context, instance, password, image_ref=None):
    """Nova checks the lock and the states before it looks at the rescue
    image; so does this."""
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, 'rescue', RESCUE_VM_STATES)
    if image_ref:
        _rescue_image(context, image_ref)
    instance = actions.begin(context, instance, 'rescue',
                             task_state=states.RESCUING,
                             vm_states=RESCUE_VM_STATES, check_lock=False)
    _cast(context, instance, 'rescue_instance', rescue_password=password,
          rescue_image_ref=image_ref)


def unrescue(context, instance):
    instance = actions.begin(context, instance, 'unrescue',
                             task_state=states.UNRESCUING,
                             vm_states=(states.RESCUED,))
    _cast(context, instance, 'unrescue_instance')


def set_admin_password(context, instance, password):
    """changePassword: waits for the agent. A driver that cannot set
    passwords is 501; a guest that is not running, 409."""
    instance = actions.begin(context, instance, 'changePassword',
                             task_state=states.UPDATING_PASSWORD,
                             vm_states=(states.ACTIVE,), need_host=True)
    try:
        agent_rpcapi.AgentAPI().set_admin_password(
            context, instance.host, instance.uuid, password)
    except NotImplementedError:
        raise servers_access.FeatureNotSupported(
            'Unable to set password on instance') from None


def inject_network_info(context, instance):
    servers_access.check_not_locked(context, instance)
    _cast(context, instance, 'inject_network_info')


def _api_event(context, instance, action, event, write):
    """Record ``action`` with one API-side ``event`` around ``write``."""
    instance_actions.action_start(context, instance.uuid, action)
    instance_actions.event_start(context, instance.uuid, event, CONF.host)
    write()
    instance_actions.event_finish(context, instance.uuid, event)


def _is_owner(context, instance):
    return instance.project_id == context.project_id


def lock(context, instance, reason=None):
    """Lock the server; ``locked_by`` says whether its project ('owner')
    or someone else, an administrator ('admin'), locked it. A lock the
    owner puts on a locked server changes nothing."""
    owner = _is_owner(context, instance)
    if instance.locked and owner:
        return

    def write():
        instances_db.update(instance.uuid, locked=True,
                            locked_by='owner' if owner else 'admin')
        if reason:
            instance_metadata.update_system(instance.uuid,
                                            {'locked_reason': reason})
    _api_event(context, instance, 'lock', 'api_lock', write)


def locked_by_caller(context, instance):
    """False when the server's lock was put by the other side (the owner
    for an administrator of another project, or the reverse): lifting it
    takes the ``unlock_override`` rule."""
    expected = 'owner' if _is_owner(context, instance) else 'admin'
    return not instance.locked_by or instance.locked_by == expected


def unlock(context, instance):
    def write():
        instances_db.update(instance.uuid, locked=False, locked_by=None)
        if instance.system_metadata.get('locked_reason') is not None:
            # The reason goes with the lock (a null value reads as none).
            instance_metadata.update_system(instance.uuid,
                                            {'locked_reason': None})
    _api_event(context, instance, 'unlock', 'api_unlock', write)


def reset_state(context, instance, state):
    """os-resetState: vm_state 'active' or 'error', no task, whatever
    the server was doing; recorded as the action resetState."""
    instance_actions.action_start(context, instance.uuid, 'resetState')
    instances_db.update(instance.uuid, vm_state=RESET_STATES[state],
                        task_state=None)
