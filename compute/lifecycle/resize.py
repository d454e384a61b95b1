"""Resize and cold migration on the API side: the checks, the instance
action and the hand-over to the conductor; confirm and revert of a
finished move; and the automatic confirm of old ones.

A resize or a cold migration (a "resize" to the same flavor) checks the
new flavor against the server's image and the project's quota for what it
grows, sets task_state ``resize_prep`` and casts the move to the
conductor, which creates the migration record and schedules it (see
``compute.conductor.moves``). The server then waits in VERIFY_RESIZE on
its new host for a confirm (the source's guest and allocation go) or a
revert (the server goes back, with its old flavor).
"""

import logging

from oslo_utils import timeutils

from compute.agent import rpcapi as agent_rpcapi
from compute.conductor import rpcapi as conductor_rpcapi
from compute import conf as compute_conf
from compute.db import compute_nodes
from compute.db import instance_actions
from compute.db import instances as instances_db
from compute.db import migration_records
from compute import exception
from compute.lifecycle import actions
from compute.lifecycle import create
from compute.objects import migration as migration_obj
from compute import quota
from compute import servers_access
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

_GiB = 1024 ** 3
_MOVABLE = (states.ACTIVE, states.STOPPED)
MOVE_TYPES = (migration_obj.RESIZE, migration_obj.COLD_MIGRATION)


class CannotResizeToSameFlavor(exception.Invalid):
    msg_fmt = 'When resizing, instances must change flavor!'


class CannotResizeDisk(exception.Invalid):
    msg_fmt = 'Server disk was unable to be resized because: %(reason)s'


class FlavorMemoryTooSmall(exception.Invalid):
    msg_fmt = "Flavor's memory is too small for requested image."


class FlavorDiskSmallerThanMinDisk(exception.Invalid):
    msg_fmt = ("Flavor's disk is smaller than the minimum size specified in "
               "image metadata. Flavor disk is %(flavor_size)i bytes, "
               "minimum size is %(image_min_disk)i bytes.")


class CannotMigrateToSameHost(exception.Invalid):
    msg_fmt = 'Cannot migrate to the host where the server exists.'


class ComputeHostNotFound(exception.Invalid):
    # Nova's ComputeHostNotFound, answered 400 by the migrate action.
    msg_fmt = 'Compute host %(host)s could not be found.'


class NotResized(exception.Invalid):
    msg_fmt = 'Instance has not been resized.'


def _check_image(instance, flavor):
    """The new flavor against the image the server was built from (its
    minimums, kept in system metadata)."""
    meta = instance.system_metadata
    if int(meta.get('image_min_ram') or 0) > flavor['memory_mb']:
        raise FlavorMemoryTooSmall()
    min_disk = int(meta.get('image_min_disk') or 0)
    if instance.image_ref and flavor['root_gb'] and \
            min_disk > flavor['root_gb']:
        raise FlavorDiskSmallerThanMinDisk(
            flavor_size=flavor['root_gb'] * _GiB,
            image_min_disk=min_disk * _GiB)


def _growth(old, new):
    """The quota deltas of going from flavor ``old`` to ``new`` (only what
    grows counts)."""
    deltas = {'cores': new['vcpus'] - old['vcpus'],
              'ram': new['memory_mb'] - old['memory_mb']}
    return {name: value for name, value in deltas.items() if value > 0}


def _check_quota(context, instance, old, new):
    deltas = _growth(old, new)
    if not deltas:
        return
    try:
        quota.check_deltas(context, instance.project_id, instance.user_id,
                           deltas)
    except quota.OverQuota as err:
        raise exception.OverQuota(create.quota_message(err))


def _target_flavor(context, instance, flavor_ref):
    """The flavor a resize asks for, checked (400s as Nova answers)."""
    flavor = create.find_flavor(context, flavor_ref)
    current = instance.flavor
    if str(flavor['flavorid']) == str(current.get('flavorid')):
        raise CannotResizeToSameFlavor()
    if flavor['root_gb'] == 0 and current.get('root_gb') and \
            instance.image_ref:
        raise CannotResizeDisk(
            reason='Resize to zero disk flavor is not allowed.')
    _check_image(instance, flavor)
    _check_quota(context, instance, current, flavor)
    return flavor


def _requested_node(instance, host):
    """The compute node of the destination an administrator named."""
    if host == instance.host:
        raise CannotMigrateToSameHost()
    nodes = compute_nodes.list_nodes(host=host)
    if not nodes:
        raise ComputeHostNotFound(host=host)
    return nodes[0].hypervisor_hostname


def _guard(context, instance, verb):
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, verb, vm_states=_MOVABLE)
    servers_access.check_host(instance)


def resize(context, instance, flavor_ref=None, host=None,
           auto_disk_config=None):
    """The resize action (``flavor_ref``) or the migrate action (none;
    ``host`` from 2.56). Casts the move to the conductor."""
    verb = 'resize' if flavor_ref is not None else 'migrate'
    _guard(context, instance, verb)
    if flavor_ref is not None:
        flavor = _target_flavor(context, instance, flavor_ref)
        same_host = CONF.allow_resize_to_same_host
    else:
        flavor = instance.flavor
        # A cold migration never stays: no fake host reports
        # COMPUTE_SAME_HOST_COLD_MIGRATE.
        same_host = False
    node = _requested_node(instance, host) if host else None
    instance = actions.begin(
        context, instance, verb, task_state=states.RESIZE_PREP,
        vm_states=_MOVABLE, need_host=True, progress=0,
        auto_disk_config=bool(auto_disk_config))
    conductor_rpcapi.ConductorAPI().migrate_server(
        context, instance.uuid, flavor,
        migration_type=migration_obj.RESIZE if flavor_ref is not None
        else migration_obj.COLD_MIGRATION,
        ignore_hosts=[] if same_host else [instance.host],
        requested_host=host, requested_node=node)


def _finished_move(instance):
    """The server's move waiting for a confirm or revert, or None."""
    return migration_records.latest_for_instance(
        instance.uuid, statuses=[migration_obj.FINISHED],
        migration_types=MOVE_TYPES)


def _check_resized(context, instance, verb):
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, verb, vm_states=(states.RESIZED,))
    migration = _finished_move(instance)
    if migration is None:
        raise NotResized()
    return migration


def _start_confirm(context, instance, migration):
    """Mark the move confirming, record the action and ask the source to
    let its guest go; False when a confirm or revert took it first."""
    if migration_records.update(
            migration.id, expected_status=[migration_obj.FINISHED],
            status=migration_obj.CONFIRMING) is None:
        return False
    instance_actions.action_start(context, instance.uuid, 'confirmResize')
    agent_rpcapi.AgentAPI().confirm_resize(
        context, migration.source_compute, instance.uuid, migration)
    return True


def confirm(context, instance):
    """The confirmResize action: the source host lets the old guest go."""
    migration = _check_resized(context, instance, 'confirmResize')
    if not _start_confirm(context, instance, migration):
        raise NotResized()


def confirm_before_delete(context, instance):
    """For the delete of a server waiting in VERIFY_RESIZE (Nova's delete
    confirms the move first): the source host drops its copy of the guest
    and the migration's allocation."""
    if instance.vm_state != states.RESIZED:
        return
    migration = _finished_move(instance)
    if migration is not None:
        _start_confirm(context, instance, migration)


def revert(context, instance):
    """The revertResize action: the destination drops the new guest, then
    the source brings the old one back."""
    migration = _check_resized(context, instance, 'revertResize')
    move = migration_records.get_move_context(instance.uuid) or {}
    if move.get('old_flavor'):
        _check_quota(context, instance, instance.flavor, move['old_flavor'])
    instance = actions.begin(context, instance, 'revertResize',
                             task_state=states.RESIZE_REVERTING,
                             vm_states=(states.RESIZED,))
    migration = migration_records.update(
        migration.id, expected_status=[migration_obj.FINISHED],
        status=migration_obj.REVERTING)
    if migration is None:
        # A confirm won the race.
        instances_db.update(instance.uuid, task_state=None)
        raise NotResized()
    agent_rpcapi.AgentAPI().revert_resize(
        context, migration.dest_compute, instance.uuid, migration)


def confirm_expired(context, host, window):
    """Confirm the finished moves to ``host`` that have waited more than
    ``window`` seconds ([DEFAULT] resize_confirm_window); the number
    confirmed."""
    now = timeutils.utcnow(with_timezone=False)
    confirmed = 0
    for migration in migration_records.list_migrations(
            {'status': [migration_obj.FINISHED], 'host': host}):
        if migration.dest_compute != host or \
                migration.migration_type not in MOVE_TYPES:
            continue
        age = now - (migration.updated_at or migration.created_at or now)
        if age.total_seconds() < window:
            continue
        try:
            confirm(context, instances_db.get(migration.instance_uuid))
        except exception.ComputeException as err:
            # Deleted, or busy with something else: the next run looks
            # again.
            LOG.info('Not confirming migration %s yet: %s', migration.uuid,
                     err)
            continue
        confirmed += 1
    return confirmed
