"""The agent's side of live migration, as source and as destination.

As the source, ``live_migration`` queues the move ('queued'; at most
``[DEFAULT] max_concurrent_live_migrations`` run at once) and a worker
thread runs it: 'preparing' while the destination gets ready, 'running'
while the hypervisor copies the guest (its progress counters written to
the migration record as they come), then the destination takes the
guest over (the server's host and node switch there), the source guest
goes and the migration is completed. A failure or an abort rolls back:
the destination drops what it prepared and the server, still running on
the source, takes its source allocation back ('failed', 'error' or
'cancelled'). ``live_migration_abort`` cancels a queued or preparing move
before it runs, or asks the hypervisor to stop a running one;
``live_migration_force_complete`` asks it to finish now.
"""

from concurrent import futures
import logging
import threading

from compute.agent import events
from compute.agent import rpcapi
from compute import conf as compute_conf
from compute import context as compute_context
from compute.objects import migration as migration_obj
from compute import states
from compute.virt import driver as virt_driver

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

_SETUP = threading.Lock()


class _Job:
    """One live migration this agent runs as its source."""

    def __init__(self, migration):
        self.migration = migration
        self.future = None
        self.cancelled = False
        # The hypervisor is copying (abort and force-complete go to it).
        self.running = False


class _Jobs:
    """This agent's live migrations by server, and the workers that run
    them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_instance = {}
        self.executor = futures.ThreadPoolExecutor(
            max_workers=CONF.max_concurrent_live_migrations or 64,
            thread_name_prefix='live-migration')
        self.agents = rpcapi.AgentAPI()

    def running(self, instance_uuid, migration_id):
        """The job of that migration while the hypervisor copies, or
        None."""
        with self.lock:
            job = self.by_instance.get(instance_uuid)
            if job is not None and job.migration.id == migration_id and \
                    job.running:
                return job
        return None


class LiveMigrationOps:
    """Live migration RPC methods of the agent."""

    def _live_jobs(self):
        with _SETUP:
            if getattr(self, '_live_migrations', None) is None:
                self._live_migrations = _Jobs()
        return self._live_migrations

    def _set_migration(self, context, migration, **values):
        return self.conductor.live_migration_update(context, migration.id,
                                                    values)

    # As the source.

    def live_migration(self, context, instance, migration, dest,
                       block_migration):
        """Queue the live migration of ``instance`` to host ``dest``."""
        jobs = self._live_jobs()
        self._set_migration(context, migration,
                            status=migration_obj.QUEUED)
        job = _Job(migration)
        with jobs.lock:
            jobs.by_instance[instance.uuid] = job
            job.future = jobs.executor.submit(
                self._run_live_migration, context, instance, job, dest,
                block_migration)

    def _run_live_migration(self, context, instance, job, dest,
                            block_migration):
        jobs = self._live_jobs()
        try:
            with events.recorded(self, context, instance.uuid,
                                 'compute_live_migration',
                                 revert_task_state=False):
                self._live_migrate(context, instance, job, dest,
                                   block_migration)
        except Exception:  # noqa: BLE001 - recorded; a worker has no caller
            LOG.exception('Live migration of %s to %s failed',
                          instance.uuid, dest)
        finally:
            with jobs.lock:
                if jobs.by_instance.get(instance.uuid) is job:
                    del jobs.by_instance[instance.uuid]

    def _live_migrate(self, context, instance, job, dest, block_migration):
        jobs = self._live_jobs()
        migration = job.migration
        self._set_migration(context, migration,
                            status=migration_obj.PREPARING)
        try:
            jobs.agents.pre_live_migration(context, dest, instance,
                                           block_migration)
        except Exception:
            self._roll_back_live_migration(context, instance, job, dest,
                                           migration_obj.ERROR)
            raise
        with jobs.lock:
            cancelled = job.cancelled
        if cancelled:
            self._roll_back_live_migration(context, instance, job, dest,
                                           migration_obj.CANCELLED)
            return
        try:
            migrate_data = self.driver.live_migration(
                instance, dest, block_migration,
                self._progress_reporter(context, instance, job))
        except virt_driver.LiveMigrationAborted:
            self._roll_back_live_migration(context, instance, job, dest,
                                           migration_obj.CANCELLED)
            return
        except Exception:
            self._roll_back_live_migration(context, instance, job, dest,
                                           migration_obj.FAILED)
            raise
        finally:
            with jobs.lock:
                job.running = False
        self._finish_live_migration(context, instance, migration, dest,
                                    migrate_data)

    def _progress_reporter(self, context, instance, job):
        """The driver's progress callback. Its first report (the copy has
        begun) makes the migration 'running': from then on abort and
        force-complete go to the hypervisor; an abort that came while the
        copy was starting is passed on then."""
        jobs = self._live_jobs()

        def report(counters):
            with jobs.lock:
                first = not job.running
                job.running = True
            if first:
                counters = dict(counters, status=migration_obj.RUNNING)
                if job.cancelled:
                    self.driver.live_migration_abort(instance)
            self._set_migration(context, job.migration, **counters)
        return report

    def _finish_live_migration(self, context, instance, migration, dest,
                               migrate_data):
        try:
            self._live_jobs().agents.post_live_migration_at_destination(
                context, dest, instance, migration, migrate_data)
        except Exception:
            # Too late to go back: the guest left this host.
            self._set_migration(context, migration,
                                status=migration_obj.ERROR)
            self._update(context, instance.uuid, vm_state=states.ERROR,
                         task_state=None)
            raise
        self.driver.destroy(instance)
        self.conductor.live_migration_completed(context, instance.uuid,
                                                migration.id)
        self.update_available_resource()

    def _roll_back_live_migration(self, context, instance, job, dest,
                                  status, prepared=True):
        agents = self._live_jobs().agents
        try:
            if prepared:
                agents.rollback_live_migration_at_destination(context, dest,
                                                              instance)
        finally:
            self.conductor.live_migration_rolled_back(
                context, instance.uuid, job.migration.id, status)

    def live_migration_abort(self, context, instance, migration_id):
        """Cancel the live migration: one still queued at once, one being
        prepared before it runs, a running one by the hypervisor."""
        jobs = self._live_jobs()
        with events.recorded(self, context, instance.uuid,
                             'compute_live_migration_abort',
                             revert_task_state=False):
            with jobs.lock:
                job = jobs.by_instance.get(instance.uuid)
                if job is None or job.migration.id != migration_id:
                    return
                job.cancelled = True
                dequeued = job.future.cancel()
                if dequeued:
                    del jobs.by_instance[instance.uuid]
                running = job.running
            if dequeued:
                self._roll_back_live_migration(context, instance, job, None,
                                               migration_obj.CANCELLED,
                                               prepared=False)
            elif running:
                self.driver.live_migration_abort(instance)

    def live_migration_force_complete(self, context, instance,
                                      migration_id):
        """Make the running live migration finish now."""
        with events.recorded(self, context, instance.uuid,
                             'compute_live_migration_force_complete',
                             revert_task_state=False):
            if self._live_jobs().running(instance.uuid, migration_id):
                self.driver.live_migration_force_complete(instance)

    def recover_interrupted_live_migrations(self):
        """At agent start: live migrations this host was running when it
        stopped cannot go on; they are rolled back (the servers stay
        here). Returns how many."""
        return self.conductor.live_migrations_interrupted(
            compute_context.get_admin_context(), self.host)

    # As the destination.

    def pre_live_migration(self, context, instance, block_migration):
        with events.recorded(self, context, instance.uuid,
                             'compute_pre_live_migration',
                             revert_task_state=False):
            self.driver.pre_live_migration(instance, block_migration)

    def post_live_migration_at_destination(self, context, instance,
                                           migration, migrate_data):
        """Take the guest over: the server now lives here."""
        with events.recorded(self, context, instance.uuid,
                             'compute_post_live_migration_at_destination',
                             revert_task_state=False):
            self.driver.post_live_migration_at_destination(instance,
                                                           migrate_data)
            self._update(context, instance.uuid, expected=[states.MIGRATING],
                         check=True, host=self.host,
                         node=migration.dest_node,
                         power_state=self.driver.get_power_state(instance),
                         task_state=None)
        self.update_available_resource()

    def rollback_live_migration_at_destination(self, context, instance):
        with events.recorded(self, context, instance.uuid,
                             'compute_rollback_live_migration_at_destination',
                             revert_task_state=False):
            self.driver.rollback_live_migration_at_destination(instance)
