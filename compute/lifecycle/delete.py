"""Deleting, soft-deleting and restoring servers.

A server with a live host is deleted by its agent (the guest goes, then
what it held); a server without one (never scheduled, or its host's agent
down) is deleted here at once. With ``[DEFAULT] reclaim_instance_interval``
set, a delete only soft-deletes a server that ran; ``restore`` brings it
back and ``forceDelete`` deletes it for good.
"""

from compute.agent import rpcapi as agent_rpcapi
from compute.conductor import build_flow
from compute import conf as compute_conf
from compute import context as compute_context
from compute.db import instance_actions
from compute.db import instances as instances_db
from compute.db import services as services_db
from compute import exception
from compute.image import api as image_api
from compute.lifecycle import resize
from compute import servers_access
from compute import states

CONF = compute_conf.CONF


def _host_is_up(host):
    try:
        service = services_db.get_by_host_binary(host, 'nova-compute')
    except exception.NotFound:
        return False
    return service.is_up(CONF.service_down_time)


def _delete_here(context, instance):
    """Delete a server that no agent will delete."""
    build_flow.release_instance(context, instance.uuid)


def _delete_shelve_snapshot(instance):
    """A shelved server's snapshot goes with it (it may be another
    project's image when an administrator shelved it, hence the admin
    context); one already gone is fine."""
    image_id = instance.system_metadata.get('shelved_image_id')
    if instance.vm_state not in (states.SHELVED, states.SHELVED_OFFLOADED) \
            or not image_id:
        return
    try:
        image_api.get_image_api().delete(
            compute_context.get_admin_context(), image_id)
    except exception.NotFound:
        pass


def delete(context, instance, force=False):
    """DELETE /servers/{id}, or the forceDelete action when ``force``."""
    servers_access.check_not_locked(context, instance)
    # A server waiting in VERIFY_RESIZE confirms its move first, so the
    # source drops its copy of the guest and the migration's allocation.
    resize.confirm_before_delete(context, instance)
    _delete_shelve_snapshot(instance)
    soft = (not force and CONF.reclaim_instance_interval > 0 and
            instance.launched_at is not None and
            instance.vm_state != states.SOFT_DELETED)
    instance_actions.action_start(
        context, instance.uuid, 'delete')
    if soft:
        instance = instances_db.update(instance.uuid,
                                       task_state=states.SOFT_DELETING)
        if instance.host and _host_is_up(instance.host):
            agent_rpcapi.AgentAPI().soft_delete_instance(
                context, instance.host, instance.uuid)
        else:
            instances_db.update(instance.uuid, vm_state=states.SOFT_DELETED,
                                task_state=None)
        return
    instance = instances_db.update(instance.uuid,
                                   task_state=states.DELETING)
    if instance.host and _host_is_up(instance.host):
        agent_rpcapi.AgentAPI().terminate_instance(context, instance.host,
                                                   instance.uuid)
    else:
        _delete_here(context, instance)


def restore(context, instance):
    """The restore action: undo a soft delete."""
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, 'restore',
                               vm_states=(states.SOFT_DELETED,))
    instance_actions.action_start(context, instance.uuid, 'restore')
    instances_db.update(instance.uuid, expected_task_state=[None],
                        task_state=states.RESTORING)
    if instance.host and _host_is_up(instance.host):
        agent_rpcapi.AgentAPI().restore_instance(context, instance.host,
                                                 instance.uuid)
    else:
        instances_db.update(instance.uuid, vm_state=states.ACTIVE,
                            task_state=None)
