"""Server side of the compute agent's RPC API and its periodic work.

The agent drives its hypervisor and reports through the conductor: it has
no database access of its own. Builds move a server through Nova's state
sequence (block_device_mapping -> spawning -> active) and come back to the
conductor for another host when the hypervisor fails them.
"""

import logging
import traceback

import oslo_messaging as messaging
from oslo_utils import timeutils

from compute.agent import group_policy
from compute.agent import image_cache
from compute.agent import images
from compute.agent import live_migration
from compute.agent import moves
from compute.agent import power
from compute.agent import rebuild
from compute.agent import resource_tracker
from compute.agent import rpcapi
from compute.conductor import rpcapi as conductor_rpcapi
from compute import conf as compute_conf
from compute import context as compute_context
from compute import exception
from compute import states
from compute.virt import driver as virt_driver

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

BUILD_EVENT = 'compute__do_build_and_run_instance'
TERMINATE_EVENT = 'compute_terminate_instance'


class InstanceNotRunning(exception.Conflict):
    msg_fmt = 'Instance %(instance_id)s is not running.'


class AgentManager(power.PowerOps, moves.MoveOps, images.ImageOps,
                   live_migration.LiveMigrationOps, rebuild.RebuildOps,
                   image_cache.ImageCacheOps):
    target = messaging.Target(version=rpcapi.VERSION)

    def __init__(self, host, driver=None):
        self.host = host
        self.driver = driver or virt_driver.load_driver(
            CONF.compute_driver, host)
        self.service = None
        self.tracker = resource_tracker.ResourceTracker(host, self.driver)
        self.conductor = conductor_rpcapi.ConductorAPI()

    def init_host(self):
        self.driver.init_host()
        self.recover_interrupted_live_migrations()
        self.destroy_evacuated_instances()
        self.update_available_resource()

    def periodic_tasks(self):
        tasks = [(CONF.update_resources_interval,
                  self.update_available_resource)]
        if CONF.sync_power_state_interval > 0:
            tasks.append((CONF.sync_power_state_interval,
                          self.sync_power_states))
        if CONF.reclaim_instance_interval > 0:
            tasks.append((CONF.reclaim_instance_interval,
                          self.reclaim_queued_deletes))
        # The mixins' own periodic work: methods named periodic_tasks_*
        # returning (interval, callable) pairs.
        for name in sorted(dir(self)):
            if name.startswith('periodic_tasks_'):
                tasks.extend(getattr(self, name)())
        return tasks

    def update_available_resource(self):
        self.tracker.update(self.service.id)

    # Helpers.

    def _update(self, ctxt, uuid, expected=None, check=False, **values):
        return self.conductor.instance_update(
            ctxt, uuid, values, expected_task_state=expected,
            check_task_state=check)

    def _event(self, ctxt, uuid, event, phase, result=None, details=None):
        self.conductor.action_event(ctxt, uuid, event, phase, host=self.host,
                                    result=result, details=details)

    # RPC methods.

    def get_host_uptime(self, context):
        return self.driver.get_host_uptime()

    def build_and_run_instance(self, context, build, instance_uuid,
                               selection):
        self._event(context, instance_uuid, BUILD_EVENT, 'start')
        try:
            instance = self._update(
                context, instance_uuid, expected=[states.NETWORKING],
                check=True, host=self.host, node=selection.nodename,
                launched_on=self.host,
                task_state=states.BLOCK_DEVICE_MAPPING)
            instance = self._update(
                context, instance_uuid,
                expected=[states.BLOCK_DEVICE_MAPPING], check=True,
                task_state=states.SPAWNING)
        except exception.ComputeException as err:
            # Deleted (or being deleted) before it got here: the delete
            # releases what it holds.
            LOG.info('Not building %s: %s', instance_uuid, err)
            return
        try:
            group_policy.check(context, self, build, instance)
            self.driver.spawn(instance, build.image, instance.network_info,
                              build.admin_password)
        except virt_driver.BuildFailed as err:
            self.driver.destroy(instance)
            self._event(context, instance_uuid, BUILD_EVENT, 'finish',
                        result='Error', details=str(err))
            self.conductor.reschedule_instance(
                context, build, instance_uuid, self.host, str(err))
            return
        try:
            self._update(context, instance_uuid, expected=[states.SPAWNING],
                         check=True, vm_state=states.ACTIVE, task_state=None,
                         power_state=states.RUNNING,
                         launched_at=timeutils.utcnow(with_timezone=False))
        except exception.ComputeException as err:
            # Deleted while spawning: the delete released what the server
            # held; the guest it could not see yet goes now.
            LOG.info('Build of %s ended by a delete: %s', instance_uuid, err)
            self.driver.destroy(instance)
            return
        self._event(context, instance_uuid, BUILD_EVENT, 'finish')
        self.update_available_resource()

    def terminate_instance(self, context, instance_uuid):
        self._event(context, instance_uuid, TERMINATE_EVENT, 'start')
        try:
            instance = self._update(context, instance_uuid,
                                    task_state=states.DELETING)
            self.driver.destroy(instance)
        except exception.NotFound:
            pass
        except Exception as err:  # noqa: BLE001 - record, then re-raise
            self._event(context, instance_uuid, TERMINATE_EVENT, 'finish',
                        result='Error', details=str(err))
            self.conductor.instance_fault(
                context, instance_uuid, 500, str(err),
                traceback.format_exc(), self.host)
            self._update(context, instance_uuid, vm_state=states.ERROR,
                         task_state=None)
            raise
        self._event(context, instance_uuid, TERMINATE_EVENT, 'finish')
        self.conductor.instance_destroy(context, instance_uuid)
        self.update_available_resource()

    def soft_delete_instance(self, context, instance_uuid):
        instance = self._update(context, instance_uuid,
                                expected=[states.SOFT_DELETING], check=True)
        try:
            self.driver.power_off(instance)
        except virt_driver.GuestNotFound:
            pass
        self._update(context, instance_uuid, vm_state=states.SOFT_DELETED,
                     task_state=None, power_state=states.SHUTDOWN)

    def restore_instance(self, context, instance_uuid):
        instance = self._update(context, instance_uuid,
                                expected=[states.RESTORING], check=True)
        try:
            self.driver.power_on(instance)
            power = states.RUNNING
        except virt_driver.GuestNotFound:
            power = states.NOSTATE
        self._update(context, instance_uuid, vm_state=states.ACTIVE,
                     task_state=None, power_state=power)

    def get_console_output(self, context, instance_uuid, tail_length):
        instance = self._instance_here(context, instance_uuid)
        text = self.driver.get_console_output(instance)
        if tail_length is not None:
            lines = text.splitlines()
            text = '\n'.join(lines[-tail_length:]) if tail_length else ''
        return text

    def get_diagnostics(self, context, instance_uuid):
        return self.driver.get_diagnostics(
            self._instance_here(context, instance_uuid))

    def _instance_here(self, context, instance_uuid):
        for instance in self.conductor.instances_on_host(context,
                                                         self.host):
            if instance.uuid == instance_uuid and \
                    instance.uuid in self.driver.list_instance_uuids():
                return instance
        raise InstanceNotRunning(instance_id=instance_uuid)

    # Periodic work.

    def sync_power_states(self):
        """Make the database agree with the hypervisor for every idle
        server of this host (Nova's rules: PowerOps.sync_instance_power_
        state)."""
        ctxt = compute_context.get_admin_context()
        guests = set(self.driver.list_instance_uuids())
        for instance in self.conductor.instances_on_host(ctxt, self.host):
            if instance.task_state is not None:
                continue
            power = self.driver.get_power_state(instance) \
                if instance.uuid in guests else states.NOSTATE
            try:
                self.sync_instance_power_state(ctxt, instance, power)
            except Exception:  # noqa: BLE001 - one server's trouble
                LOG.exception('Power state sync of %s failed', instance.uuid)

    def reclaim_queued_deletes(self):
        """Delete for good the soft-deleted servers older than
        ``[DEFAULT] reclaim_instance_interval``."""
        interval = CONF.reclaim_instance_interval
        ctxt = compute_context.get_admin_context()
        now = timeutils.utcnow(with_timezone=False)
        for instance in self.conductor.instances_on_host(ctxt, self.host):
            if instance.vm_state != states.SOFT_DELETED or \
                    instance.task_state is not None:
                continue
            age = (now - (instance.updated_at or now)).total_seconds()
            if age >= interval:
                self.terminate_instance(ctxt, instance.uuid)
