"""The agent's side of resize and cold migration.

Nova's sequence, each step an instance action event on the host that runs
it: ``prep_resize`` on the destination (the scheduler already claimed it),
``resize_instance`` on the source (resize_migrating -> resize_migrated:
the guest stops and its disks leave; the server now belongs to the
destination host), ``finish_resize`` on the destination (resize_finish:
the new flavor, the guest starts there; the server waits in
VERIFY_RESIZE). Then ``confirm_resize`` on the source drops the old guest,
or ``revert_resize`` on the destination drops the new one and
``finish_revert_resize`` on the source brings the old one back.

A step that fails records its fault and Error event, then the move is
undone: the destination drops what it made, the source restarts its
guest, and the conductor puts the server back with its old flavor and
allocation (the migration ends in 'error').

Periodically, moves finished here that nobody confirmed within
``[DEFAULT] resize_confirm_window`` seconds are confirmed.
"""

import contextlib
import logging

from compute.agent import events
from compute.agent import rpcapi as agent_rpcapi
from compute import conf as compute_conf
from compute import context as compute_context
from compute.objects import migration as migration_obj
from compute import states
from compute.virt import driver as virt_driver

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

# How often the agent looks for moves to confirm automatically.
CONFIRM_POLL_SECONDS = 60


class MoveOps:

    @contextlib.contextmanager
    def _move_step(self, context, instance_uuid, migration, event,
                   on_failure):
        """Run a step as ``event``; when it fails (fault and Error event
        recorded) call ``on_failure()`` instead of raising."""
        try:
            with events.recorded(self, context, instance_uuid, event,
                                 revert_task_state=False):
                yield
        except Exception:  # noqa: BLE001 - undone below, already recorded
            LOG.warning('Step %s of the move of %s (migration %s) failed',
                        event, instance_uuid, migration.uuid, exc_info=True)
            on_failure()

    def _undo(self, context, instance_uuid, migration):
        """Hand the failed move to the source, which takes the server
        back."""
        if migration.source_compute == self.host:
            self.rollback_move_at_source(context, instance_uuid, migration)
        else:
            agent_rpcapi.AgentAPI().rollback_move_at_source(
                context, migration.source_compute, instance_uuid, migration)

    def _info(self, context, instance_uuid, migration):
        return self.conductor.move_info(context, instance_uuid, migration.id)

    # Destination: the claim is made; hand over to the source.

    def prep_resize(self, context, instance_uuid, migration):
        ok = False
        with self._move_step(context, instance_uuid, migration,
                             'compute_prep_resize',
                             lambda: self._undo(context, instance_uuid,
                                                migration)):
            info = self._info(context, instance_uuid, migration)
            if info['instance'].task_state != states.RESIZE_PREP:
                raise RuntimeError('Instance %s is no longer being resized'
                                   % instance_uuid)
            ok = True
        if ok:
            agent_rpcapi.AgentAPI().resize_instance(
                context, migration.source_compute, instance_uuid, migration)

    # Source: stop the guest and send its disks.

    def resize_instance(self, context, instance_uuid, migration):
        ok = False
        with self._move_step(context, instance_uuid, migration,
                             'compute_resize_instance',
                             lambda: self.rollback_move_at_source(
                                 context, instance_uuid, migration)):
            instance = self.conductor.move_step(
                context, instance_uuid, migration.id,
                migration_obj.MIGRATING, [states.RESIZE_PREP],
                {'task_state': states.RESIZE_MIGRATING})
            move = self._info(context, instance_uuid, migration)['move']
            self.driver.migrate_disk_and_power_off(
                instance, migration.dest_compute, move['new_flavor'])
            self.conductor.move_step(
                context, instance_uuid, migration.id,
                migration_obj.POST_MIGRATING, [states.RESIZE_MIGRATING],
                {'task_state': states.RESIZE_MIGRATED,
                 'host': migration.dest_compute,
                 'node': migration.dest_node})
            ok = True
        if ok:
            agent_rpcapi.AgentAPI().finish_resize(
                context, migration.dest_compute, instance_uuid, migration)

    # Destination: start the guest with its new flavor.

    def _drop_guest_and_undo(self, context, instance_uuid, migration):
        info = self._info(context, instance_uuid, migration)
        self.driver.destroy(info['instance'])
        self._undo(context, instance_uuid, migration)

    def finish_resize(self, context, instance_uuid, migration):
        with self._move_step(context, instance_uuid, migration,
                             'compute_finish_resize',
                             lambda: self._drop_guest_and_undo(
                                 context, instance_uuid, migration)):
            move = self._info(context, instance_uuid, migration)['move']
            instance = self.conductor.move_to_destination(
                context, instance_uuid, migration.id)
            self.driver.finish_migration(
                instance, move['new_flavor'], instance.network_info,
                power_on=move.get('old_vm_state') != states.STOPPED)
            self.conductor.move_step(
                context, instance_uuid, migration.id,
                migration_obj.FINISHED, [states.RESIZE_FINISH],
                {'vm_state': states.RESIZED, 'task_state': None,
                 'power_state': self.driver.get_power_state(instance)})
        self.update_available_resource()

    # Source: confirm drops the original guest.

    def confirm_resize(self, context, instance_uuid, migration):
        ok = False
        with self._move_step(context, instance_uuid, migration,
                             'compute_confirm_resize',
                             lambda: self.conductor.move_ended(
                                 context, instance_uuid, migration.id,
                                 False)):
            instance = self._info(context, instance_uuid,
                                  migration)['instance']
            self.driver.confirm_migration(instance)
            ok = True
        if ok:
            self.conductor.move_ended(context, instance_uuid,
                                          migration.id, True)
        self.update_available_resource()

    # Revert: the destination drops its guest, the source takes over.

    def revert_resize(self, context, instance_uuid, migration):
        ok = False
        with self._move_step(context, instance_uuid, migration,
                             'compute_revert_resize',
                             lambda: self._move_broken(
                                 context, instance_uuid, migration)):
            instance = self._info(context, instance_uuid,
                                  migration)['instance']
            self.driver.destroy(instance)
            ok = True
        if ok:
            if migration.source_compute == self.host:
                self.finish_revert_resize(context, instance_uuid, migration)
            else:
                agent_rpcapi.AgentAPI().finish_revert_resize(
                    context, migration.source_compute, instance_uuid,
                    migration)
        self.update_available_resource()

    def finish_revert_resize(self, context, instance_uuid, migration):
        with self._move_step(context, instance_uuid, migration,
                             'compute_finish_revert_resize',
                             lambda: self._move_broken(
                                 context, instance_uuid, migration)):
            self._restore_guest(context, instance_uuid, migration,
                                migration_obj.REVERTED)
        self.update_available_resource()

    def _move_broken(self, context, instance_uuid, migration):
        """A revert, or the undo of a move, that failed half-way leaves the
        server in ERROR where its record says it is (as Nova does: nobody
        knows which guest is whole); the migration's allocation goes."""
        self.conductor.move_ended(context, instance_uuid, migration.id,
                                  False)

    # Source: undo a failed move.

    def _restore_guest(self, context, instance_uuid, migration, status):
        info = self._info(context, instance_uuid, migration)
        power_on = info['move'].get('old_vm_state') != states.STOPPED
        try:
            self.driver.finish_revert_migration(info['instance'], power_on)
        except virt_driver.GuestNotFound:
            # The step that failed had not taken the guest away.
            pass
        try:
            power = self.driver.get_power_state(info['instance'])
        except virt_driver.GuestNotFound:
            power = states.NOSTATE
        self.conductor.move_back(context, instance_uuid, migration.id,
                                 status, power)

    def rollback_move_at_source(self, context, instance_uuid, migration):
        try:
            self._restore_guest(context, instance_uuid, migration,
                                migration_obj.ERROR)
        except Exception:  # noqa: BLE001 - nothing left to try
            LOG.exception('Could not undo the move of %s', instance_uuid)
            self._move_broken(context, instance_uuid, migration)
        self.update_available_resource()

    # Periodic work.

    def periodic_tasks_moves(self):
        return [(CONFIRM_POLL_SECONDS, self.confirm_expired_resizes)]

    def confirm_expired_resizes(self):
        """Confirm the moves to this host waiting longer than
        ``[DEFAULT] resize_confirm_window`` (0: never)."""
        window = CONF.resize_confirm_window
        if window <= 0:
            return 0
        return self.conductor.confirm_expired_resizes(
            compute_context.get_admin_context(), self.host, window)
