"""Live migration as the conductor runs it, and the migration record and
placement steps its agents report through.

``live_migrate_instance`` records the migration ('accepted'), hands the
source host's allocation to the migration record, finds the destination
(the scheduler's choice, a host the scheduler validates, or a forced host
whose resources are claimed here directly, as Nova's forced live
migration does) and casts the move to the source agent. When that fails,
everything goes back before anyone saw it: the allocation to the server
(which frees a destination claim in the same transaction), the migration
to 'error', the task_state to None, with a fault saying why.

The agents then move the migration record through queued, preparing and
running (``live_migration_update``, with progress counters), and end it
with ``live_migration_completed`` (the migration's hold on the source is
freed) or ``live_migration_rolled_back`` (the server takes the source
allocation back, its destination claim goes).
"""

import logging
import traceback

from compute import availability_zones
from compute import conf as compute_conf
from compute.db import compute_nodes
from compute.db import instance_actions
from compute.db import instances
from compute.db import migration_records
from compute.db import request_specs
from compute.db import services
from compute import exception
from compute.objects import migration as migration_obj
from compute.placement import allocations
from compute.scheduler import errors as scheduler_errors
from compute.scheduler import rpcapi as scheduler_rpcapi
from compute import servers_access
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

EVENT = 'conductor_live_migrate_instance'
# Live migrations an agent runs (from 'accepted' on, the conductor's cast
# may still be on its way to a restarted agent).
_INTERRUPTIBLE = (migration_obj.QUEUED, migration_obj.PREPARING,
                  migration_obj.RUNNING)


class UnableToMigrateToSelf(exception.Invalid):
    msg_fmt = ('Unable to migrate instance (%(instance_id)s) to current '
               'host (%(host)s).')


class ComputeHostNotFound(exception.Invalid):
    """A host with no compute node (os-migrateLive answers 400)."""

    msg_fmt = 'Compute host %(host)s could not be found.'


def _check_host_is_up(host):
    found = services.list_services(host=host, binary='nova-compute')
    if not found or not found[0].is_up(CONF.service_down_time):
        raise servers_access.ComputeServiceUnavailable(host=host)


def _held_resources(held):
    """The resource amounts a consumer holds, over all its providers."""
    total = {}
    for allocation in held.values():
        for rc, amount in allocation['resources'].items():
            total[rc] = total.get(rc, 0) + amount
    return total


def _claim_forced_host(instance, host, held):
    """Nova's forced destination: no scheduler, a few checks, and the
    server's resources claimed on the host's node directly."""
    if host == instance.host:
        raise UnableToMigrateToSelf(instance_id=instance.uuid, host=host)
    _check_host_is_up(host)
    nodes = compute_nodes.list_nodes(host=host)
    if not nodes:
        raise ComputeHostNotFound(host=host)
    node = nodes[0]
    request = {'allocations': {
        node.uuid: {'resources': _held_resources(held)}}}
    if not allocations.claim(instance.uuid, request, instance.project_id,
                             instance.user_id):
        raise scheduler_errors.NoValidHost(
            reason='Unable to move instance %s to host %s. There is not '
                   'enough capacity on the host for the instance.'
                   % (instance.uuid, host))
    return node.host, node.hypervisor_hostname


def _schedule(context, instance, host):
    """The scheduler's destination (limited to ``host`` when given), never
    the source; the scheduler claims it for the server."""
    spec = request_specs.get(instance.uuid)
    spec.ignore_hosts = [instance.host]
    spec.requested_host = host
    spec.requested_node = None
    spec.force_hosts = []
    spec.force_nodes = []
    spec.num_instances = 1
    selection = scheduler_rpcapi.SchedulerAPI().select_destinations(
        context, spec, [instance.uuid], return_alternates=False)[0][0]
    return selection.service_host, selection.nodename


def _host_ip(host, node):
    for found in compute_nodes.list_nodes(host=host):
        if found.hypervisor_hostname == node:
            return found.host_ip
    return None


def _give_back(migration, instance_uuid):
    """The source allocation the migration holds goes back to the server
    (replacing a destination claim), or is freed if the server was
    deleted meanwhile (its delete freed the server's own)."""
    try:
        instances.get(instance_uuid)
    except instances.InstanceNotFound:
        allocations.delete_allocations(migration.uuid)
        return
    allocations.move_allocations(migration.uuid, instance_uuid, 'INSTANCE')


def _reason(err):
    return err.format_message() if isinstance(
        err, exception.ComputeException) else str(err)


class LiveMigrationTasks:
    """The conductor's live migration task and its agents' reports."""

    def live_migrate_instance(self, context, instance, host,
                              block_migration, force):
        """Start the live migration of ``instance`` (task_state
        migrating): ``host`` None lets the scheduler choose; ``force``
        skips it for a given host. Returns None once the move is the
        source agent's, else the reason it could not start."""
        instance_actions.event_start(context, instance.uuid, EVENT,
                                     host=CONF.host)
        migration = migration_records.create(
            instance, migration_obj.LIVE_MIGRATION, migration_obj.ACCEPTED,
            source_compute=instance.host, source_node=instance.node,
            dest_compute=host,
            old_instance_type_id=instance.instance_type_id,
            new_instance_type_id=instance.instance_type_id)
        try:
            dest, node = self._live_migration_destination(
                context, instance, migration, host, force)
            migration = migration_records.update(
                migration.id, dest_compute=dest, dest_node=node,
                dest_host=_host_ip(dest, node))
        except Exception as err:  # noqa: BLE001 - undo, then report
            self._abandon_live_migration(context, instance, migration, err)
            return _reason(err)
        instance_actions.event_finish(context, instance.uuid, EVENT)
        self.agents.live_migration(context, instance.host, instance,
                                   migration, dest, block_migration)
        return None

    def _live_migration_destination(self, context, instance, migration,
                                    host, force):
        servers_access.check_host(instance)
        held = allocations.get_allocations(instance.uuid)
        allocations.move_allocations(instance.uuid, migration.uuid,
                                     'MIGRATION')
        if host and force:
            return _claim_forced_host(instance, host, held)
        return _schedule(context, instance, host)

    def _abandon_live_migration(self, context, instance, migration, err):
        """Put back what a live migration that could not start took.
        Known errors leave the server as it was; anything else puts it in
        ERROR, as Nova does."""
        known = isinstance(err, exception.ComputeException)
        if known:
            LOG.info('Live migration of %s not started: %s', instance.uuid,
                     err)
        else:
            LOG.exception('Live migration of %s failed', instance.uuid)
        _give_back(migration, instance.uuid)
        migration_records.update(migration.id,
                                 status=migration_obj.ERROR)
        reason = _reason(err)
        instances.add_fault(instance.uuid, getattr(err, 'code', 500) or 500,
                            reason, ''.join(traceback.format_exception(err)),
                            CONF.host)
        values = {'task_state': None}
        if not known:
            values['vm_state'] = states.ERROR
        self._end_live_migration_task(instance.uuid, values)
        instance_actions.event_finish(context, instance.uuid, EVENT,
                                      result='Error', details=reason)

    @staticmethod
    def _end_live_migration_task(instance_uuid, values):
        """Write ``values`` unless the server left task_state migrating
        (deleted meanwhile, say)."""
        try:
            instances.update(instance_uuid,
                             expected_task_state=[states.MIGRATING],
                             **values)
        except (instances.InstanceNotFound, instances.UnexpectedTaskState):
            LOG.info('Server %s left the live migration meanwhile',
                     instance_uuid)

    # What the agents report.

    def live_migration_update(self, context, migration_id, values):
        """Set the status or progress counters of a live migration."""
        return migration_records.update(migration_id, **values)

    def live_migration_completed(self, context, instance_uuid,
                                 migration_id):
        """The server runs on the destination: the migration's hold on
        the source goes, the migration is completed, and the server's
        availability zone is the destination's."""
        migration = migration_records.get(migration_id)
        allocations.delete_allocations(migration.uuid)
        migration_records.update(migration_id,
                                 status=migration_obj.COMPLETED)
        try:
            instances.update(instance_uuid,
                             availability_zone=availability_zones
                             .get_host_availability_zone(
                                 migration.dest_compute))
        except instances.InstanceNotFound:
            pass

    def live_migrations_interrupted(self, context, host):
        """The agent of ``host`` restarted: the live migrations it was
        running as their source are gone with it. Each is rolled back as a
        failure ('error'): the server, still on ``host``, takes its source
        allocation back and its task ends. Returns how many."""
        interrupted = migration_records.list_migrations({
            'source_compute': host, 'status': list(_INTERRUPTIBLE),
            'migration_type': migration_obj.LIVE_MIGRATION})
        for migration in interrupted:
            LOG.warning('Live migration %s of %s was interrupted by a '
                        'restart of %s', migration.uuid,
                        migration.instance_uuid, host)
            self.live_migration_rolled_back(context, migration.instance_uuid,
                                            migration.id,
                                            migration_obj.ERROR)
        return len(interrupted)

    def live_migration_rolled_back(self, context, instance_uuid,
                                   migration_id, status):
        """The server stays on the source: it takes the source allocation
        back from the migration (replacing its destination claim), the
        migration ends with ``status``, the task with it."""
        migration = migration_records.get(migration_id)
        _give_back(migration, instance_uuid)
        migration_records.update(migration_id, status=status)
        self._end_live_migration_task(instance_uuid, {'task_state': None})
