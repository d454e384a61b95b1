"""Live migration on the API side: the os-migrateLive action, and the
in-progress list, force-complete and abort of a server's live migrations.

``live_migrate`` applies Nova's guards (lock; vm_state active or paused,
no task; a named host must have a compute node), moves the server to
task_state migrating with the 'live-migration' instance action and hands
the move to the conductor: waiting for it to start before 2.34 (its
reasons then answer 400), casting from 2.34 (they end the migration in
'error' with a fault and an instance action event instead).
"""

from compute.agent import rpcapi as agent_rpcapi
from compute.conductor import live_migration as conductor_live_migration
from compute.conductor import rpcapi as conductor_rpcapi
from compute.db import compute_nodes
from compute.db import instance_actions
from compute.db import migration_records
from compute import exception
from compute.lifecycle import actions
from compute.objects import migration as migration_obj
from compute import servers_access
from compute import states



class LiveMigrationNotStarted(exception.Invalid):
    """Before 2.34: the conductor could not start the move (no valid
    host, the source host named, a destination down, ...)."""

    msg_fmt = '%(reason)s'


class InvalidMigrationState(exception.Invalid):
    msg_fmt = ('Migration %(migration_id)s state of instance '
               '%(instance_uuid)s is %(state)s. Cannot %(method)s while the '
               'migration is in this state.')


class MigrationNotInProgress(exception.NotFound):
    msg_fmt = '%(reason)s'


def live_migrate(context, instance, host, block_migration, force, wait):
    """Start moving ``instance`` to ``host`` (None: the scheduler's
    choice; ``force`` skips the scheduler for it). ``block_migration``
    None means "as the hypervisor sees fit" (2.25's 'auto')."""
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, 'os-migrateLive',
                               (states.ACTIVE, states.PAUSED))
    if host and not compute_nodes.list_nodes(host=host):
        raise conductor_live_migration.ComputeHostNotFound(host=host)
    instance = actions.begin(context, instance, 'live-migration',
                             task_state=states.MIGRATING, vm_states=None,
                             task_states=None, must_have_launched=False,
                             check_lock=False)
    reason = conductor_rpcapi.ConductorAPI().live_migrate_instance(
        context, instance, host, block_migration, force, wait)
    if reason:
        raise LiveMigrationNotStarted(reason=reason)


def in_progress(instance):
    """The server's live migrations in progress, oldest first."""
    return migration_records.list_migrations({
        'instance_uuid': instance.uuid,
        'status': migration_obj.LIVE_IN_PROGRESS,
        'migration_type': migration_obj.LIVE_MIGRATION})


def get_in_progress(instance, migration_id):
    """One live migration of the server in progress, or Nova's 404s."""
    values = {'id': migration_id, 'uuid': instance.uuid}
    try:
        migration = migration_records.get_for_instance(instance.uuid,
                                                       migration_id)
    except migration_records.MigrationNotFoundForInstance:
        raise MigrationNotInProgress(
            reason='In-progress live migration %(id)s is not found for '
                   'server %(uuid)s.' % values) from None
    if migration.migration_type != migration_obj.LIVE_MIGRATION:
        raise MigrationNotInProgress(
            reason='Migration %(id)s for server %(uuid)s is not '
                   'live-migration.' % values)
    if migration.status not in migration_obj.LIVE_IN_PROGRESS:
        raise MigrationNotInProgress(
            reason='Live migration %(id)s for server %(uuid)s is not in '
                   'progress.' % values)
    return migration


def _migration_in(instance, migration_id, allowed, method):
    migration = migration_records.get_for_instance(instance.uuid,
                                                   migration_id)
    if migration.status not in allowed:
        raise InvalidMigrationState(migration_id=migration_id,
                                    instance_uuid=instance.uuid,
                                    state=migration.status, method=method)
    return migration


def force_complete(context, instance, migration_id):
    """Ask the source to finish the running live migration now."""
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, 'force_complete', (states.ACTIVE,),
                               (states.MIGRATING,))
    migration = _migration_in(instance, migration_id,
                              (migration_obj.RUNNING,), 'force complete')
    instance_actions.action_start(context, instance.uuid,
                                  'live_migration_force_complete')
    agent_rpcapi.AgentAPI().live_migration_force_complete(
        context, instance.host, instance, migration.id)


def abort(context, instance, migration_id, queued_too):
    """Cancel the live migration: a running one, and from 2.65
    (``queued_too``) a queued or preparing one."""
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, 'abort live migration', None,
                               (states.MIGRATING,))
    allowed = (migration_obj.RUNNING,)
    if queued_too:
        allowed += (migration_obj.QUEUED, migration_obj.PREPARING)
    migration = _migration_in(instance, migration_id, allowed,
                              'abort live migration')
    instance_actions.action_start(context, instance.uuid,
                                  'live_migration_cancel')
    agent_rpcapi.AgentAPI().live_migration_abort(context, instance.host,
                                                 instance, migration.id)
