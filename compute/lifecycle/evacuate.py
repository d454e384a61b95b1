"""Evacuating a server from a failed host: what the evacuate action does
before the conductor, and the release of what evacuations still hold on
a source host that is deleted.

The server's host must be down (its agent silent, or forced down); the
server then moves to ``rebuilding`` and an evacuation migration record is
written ('accepted'). The conductor hands the source host's allocation to
the migration, finds (or claims) the destination and the destination's
agent rebuilds the server there. The source allocation stays held by the
migration until the source agent comes back and destroys the evacuated
guests (``compute.agent.rebuild``), or the operator deletes the source
compute service (``release_evacuations``): a host that was not really
dead is never over-committed, and a dead one leaks nothing.
"""

from compute.conductor import rpcapi as conductor_rpcapi
from compute import conf as compute_conf
from compute.db import migration_records
from compute.db import services as services_db
from compute import exception
from compute.image import api as image_api
from compute.lifecycle import actions
from compute.objects import migration as migration_obj
from compute.placement import allocations
from compute import servers_access
from compute import states

CONF = compute_conf.CONF

VM_STATES = (states.ACTIVE, states.STOPPED, states.ERROR)


class ComputeServiceInUse(exception.Invalid):
    msg_fmt = 'Compute service of %(host)s is still in use.'


class TargetHostNotFound(exception.NotFound):
    msg_fmt = 'Compute host %(host)s not found.'


class SameTargetHost(exception.Invalid):
    msg_fmt = "The target host can't be the same one."


def _check_source_down(instance):
    try:
        service = services_db.get_by_host_binary(instance.host,
                                                 'nova-compute')
    except exception.NotFound:
        return
    if service.is_up(CONF.service_down_time):
        raise ComputeServiceInUse(host=instance.host)


def check_target(instance, host):
    """404 for an unknown target host, 400 for the server's own."""
    if host is None:
        return
    try:
        services_db.get_by_host_binary(host, 'nova-compute')
    except exception.NotFound:
        raise TargetHostNotFound(host=host)
    if instance.host == host:
        raise SameTargetHost()


def _image(context, image_ref):
    """The server's image for the new guest ({} when it is gone)."""
    if not image_ref:
        return {}
    try:
        return image_api.get_image_api().get(context, image_ref)
    except exception.NotFound:
        return {}


def evacuate(context, instance, host, admin_password, forced,
             on_shared_storage=None, target_state=None):
    """Start evacuating ``instance`` to ``host`` (None: the scheduler
    picks); ``forced`` skips the scheduler's check of the given host.
    ``target_state`` 'stopped' (2.95) leaves the server stopped."""
    servers_access.check_state(instance, 'evacuate', VM_STATES,
                               task_states=None)
    _check_source_down(instance)
    instance = actions.begin(context, instance, 'evacuate',
                             task_state=states.REBUILDING,
                             vm_states=VM_STATES, task_states=None,
                             check_lock=False)
    migration = migration_records.create(
        instance, migration_obj.EVACUATION, migration_obj.ACCEPTED,
        source_compute=instance.host, source_node=instance.node,
        dest_compute=host)
    conductor_rpcapi.ConductorAPI().rebuild_instance(context, instance.uuid, {
        'image': _image(context, instance.image_ref),
        'image_ref': instance.image_ref,
        'orig_image_ref': instance.image_ref, 'orig_image_metadata': None,
        'admin_password': admin_password, 'injected_files': [],
        'preserve_ephemeral': False, 'evacuate': True,
        'on_shared_storage': on_shared_storage,
        'migration_id': migration.id, 'host': host, 'forced': forced,
        'target_state': target_state})


def release_evacuations(host):
    """Free the source allocations evacuations away from ``host`` still
    hold (the host's compute service is being deleted, so its agent will
    not come back to do it)."""
    for migration in migration_records.list_migrations(
            {'source_compute': host,
             'migration_type': migration_obj.EVACUATION,
             'status': [migration_obj.DONE]}):
        allocations.delete_allocations(migration.uuid)
