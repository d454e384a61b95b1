"""Power and state actions on the agent: stop, start, reboot, pause,
unpause, suspend, resume, rescue, unrescue, trigger_crash_dump,
inject_network_info and set_admin_password.

Each RPC method is one step of an action the API began (it set the
task_state and recorded the instance action): it drives the hypervisor
and ends the server in Nova's state, checking with a compare-and-swap
that the task it works for is still the server's. The step is recorded as
the action's ``compute_<method>`` event; a failure leaves a fault, an
Error event and no task (``compute.agent.events.recorded``). Where Nova
puts the server in ERROR on a hypervisor failure (a reboot that leaves
the guest down, rescue, unrescue), so does this.
"""

import logging

from oslo_utils import timeutils

from compute.agent import events
from compute import crypto
from compute import exception
from compute.image import api as image_api
from compute import states
from compute.virt import driver as virt_driver

LOG = logging.getLogger(__name__)

# Power states in which a guest counts as off (Nova's list).
_OFF = (states.NOSTATE, states.SHUTDOWN, states.CRASHED)


class InstancePasswordSetFailed(exception.Conflict):
    msg_fmt = 'Failed to set admin password on %(instance)s because ' \
              '%(reason)s'


class InstanceNotRescuable(exception.Invalid):
    msg_fmt = 'Instance %(instance_id)s cannot be rescued: %(reason)s'


class PowerOps:
    """The agent's power and state actions (mixed into AgentManager)."""

    def _power_of(self, instance):
        try:
            return self.driver.get_power_state(instance)
        except virt_driver.GuestNotFound:
            return states.NOSTATE

    def _finish(self, ctxt, uuid, instance, task_state, vm_state,
                expected=None, **values):
        """End the step: the guest's power state, ``vm_state``, no task,
        if the server is still in ``task_state`` (or ``expected``)."""
        return self._update(ctxt, uuid, expected=expected or [task_state],
                            check=True, vm_state=vm_state, task_state=None,
                            power_state=self._power_of(instance), **values)

    def _error_out(self, ctxt, uuid):
        """Nova's ERROR state after a hypervisor failure it cannot undo."""
        self._update(ctxt, uuid, vm_state=states.ERROR, task_state=None)

    def sync_instance_power_state(self, context, instance, power):
        """Nova's power-state sync of one idle server whose guest is in
        ``power``: the database takes the hypervisor's power state, then
        a guest that went off (or suspended) by itself while the server is
        active, or off while paused, or that runs while the server is
        stopped, is stopped through the usual stop step. A paused guest of
        an active server, or a missing one, is only noted (Nova ignores
        both); building, rescued, resized, suspended and error servers keep
        their vm_state."""
        if power != instance.power_state:
            self._update(context, instance.uuid, expected=[None],
                         check=True, power_state=power)
        vm_state = instance.vm_state
        stop = (vm_state == states.ACTIVE and power in (
                    states.SHUTDOWN, states.CRASHED,
                    states.SUSPENDED_POWER)) or \
            (vm_state == states.PAUSED and power in (
                states.SHUTDOWN, states.CRASHED)) or \
            (vm_state == states.STOPPED and power not in _OFF)
        if stop:
            LOG.warning('Server %s is %s but its guest is in power state '
                        '%s: stopping it', instance.uuid, vm_state, power)
            self._update(context, instance.uuid, expected=[None],
                         check=True, task_state=states.POWERING_OFF)
            self.stop_instance(context, instance.uuid)

    # RPC methods.

    def stop_instance(self, context, instance_uuid):
        with events.recorded(self, context, instance_uuid,
                             'compute_stop_instance'):
            instance = self._update(context, instance_uuid)
            expected = [states.POWERING_OFF]
            if self._power_of(instance) in _OFF:
                # Already off in the hypervisor: another actor may have
                # finished the task already.
                expected.append(None)
            self.driver.power_off(instance)
            self._finish(context, instance_uuid, instance,
                         states.POWERING_OFF, states.STOPPED,
                         expected=expected)

    def start_instance(self, context, instance_uuid):
        with events.recorded(self, context, instance_uuid,
                             'compute_start_instance'):
            instance = self._update(context, instance_uuid)
            self.driver.power_on(instance)
            self._finish(context, instance_uuid, instance,
                         states.POWERING_ON, states.ACTIVE)

    def reboot_instance(self, context, instance_uuid, reboot_type):
        """Nova's reboot: <type>_pending (the agent has it), then
        <type>_started around the hypervisor's reboot, then no task; the
        vm_state becomes active (rescued stays rescued)."""
        if reboot_type == 'SOFT':
            group, pending, started = (states.SOFT_REBOOT_STATES,
                                       states.REBOOT_PENDING,
                                       states.REBOOT_STARTED)
        else:
            group, pending, started = (states.HARD_REBOOT_STATES,
                                       states.REBOOT_PENDING_HARD,
                                       states.REBOOT_STARTED_HARD)
        with events.recorded(self, context, instance_uuid,
                             'compute_reboot_instance'):
            instance = self._update(context, instance_uuid,
                                    expected=list(group), check=True,
                                    task_state=pending)
            self._update(context, instance_uuid, expected=[pending],
                         check=True, task_state=started,
                         power_state=self._power_of(instance))
            vm_state = states.RESCUED \
                if instance.vm_state == states.RESCUED else states.ACTIVE
            self._reboot_guest(context, instance, reboot_type)
            self._update(context, instance_uuid, vm_state=vm_state,
                         task_state=None,
                         power_state=self._power_of(instance))

    def _reboot_guest(self, context, instance, reboot_type):
        """The hypervisor's reboot. A failure that leaves the guest
        running is only a fault (the server stays usable); otherwise the
        server goes to ERROR and the step fails."""
        try:
            self.driver.reboot(instance, instance.network_info, reboot_type)
        except Exception as err:
            if self._power_of(instance) != states.RUNNING:
                self._error_out(context, instance.uuid)
                raise
            LOG.warning('Reboot of %s failed but the guest runs: %s',
                        instance.uuid, err)
            self.conductor.instance_fault(
                context, instance.uuid, 500, str(err) or
                type(err).__name__, None, self.host)

    def pause_instance(self, context, instance_uuid):
        self._simple_action(context, instance_uuid, 'pause',
                            states.PAUSING, states.PAUSED)

    def unpause_instance(self, context, instance_uuid):
        self._simple_action(context, instance_uuid, 'unpause',
                            states.UNPAUSING, states.ACTIVE)

    def suspend_instance(self, context, instance_uuid):
        self._simple_action(context, instance_uuid, 'suspend',
                            states.SUSPENDING, states.SUSPENDED)

    def resume_instance(self, context, instance_uuid):
        self._simple_action(context, instance_uuid, 'resume',
                            states.RESUMING, states.ACTIVE)

    def _simple_action(self, context, instance_uuid, action, task_state,
                       vm_state):
        """One driver call between the API's task_state and vm_state."""
        with events.recorded(self, context, instance_uuid,
                             'compute_%s_instance' % action):
            instance = self._update(context, instance_uuid,
                                    expected=[task_state], check=True)
            if action == 'resume':
                self.driver.resume(instance, instance.network_info)
            else:
                getattr(self.driver, action)(instance)
            self._finish(context, instance_uuid, instance, task_state,
                         vm_state)

    def rescue_instance(self, context, instance_uuid, rescue_password,
                        rescue_image_ref):
        """Stop the guest and boot it from the rescue image (the one
        asked for, else the server's own image)."""
        with events.recorded(self, context, instance_uuid,
                             'compute_rescue_instance'):
            instance = self._update(context, instance_uuid,
                                    expected=[states.RESCUING], check=True)
            image_ref = rescue_image_ref or instance.system_metadata.get(
                'image_base_image_ref') or instance.image_ref
            image = image_api.get_image_api().get(context, image_ref)
            try:
                self.driver.power_off(instance)
                self.driver.rescue(instance, instance.network_info, image,
                                   rescue_password or
                                   crypto.generate_password())
            except Exception as err:
                self._error_out(context, instance_uuid)
                raise InstanceNotRescuable(
                    instance_id=instance_uuid,
                    reason='Driver Error: %s' % err) from err
            self._finish(context, instance_uuid, instance, states.RESCUING,
                         states.RESCUED,
                         launched_at=timeutils.utcnow(with_timezone=False))

    def unrescue_instance(self, context, instance_uuid):
        with events.recorded(self, context, instance_uuid,
                             'compute_unrescue_instance'):
            instance = self._update(context, instance_uuid,
                                    expected=[states.UNRESCUING],
                                    check=True)
            try:
                self.driver.unrescue(instance)
            except Exception:
                self._error_out(context, instance_uuid)
                raise
            self._finish(context, instance_uuid, instance,
                         states.UNRESCUING, states.ACTIVE)

    def trigger_crash_dump(self, context, instance_uuid):
        """An NMI to the guest; states stay as they are (what follows is
        the guest's business)."""
        with events.recorded(self, context, instance_uuid,
                             'compute_trigger_crash_dump',
                             revert_task_state=False):
            self.driver.trigger_crash_dump(
                self._update(context, instance_uuid))

    def inject_network_info(self, context, instance_uuid):
        """Hand the guest its network information; as in Nova this leaves
        no event, only a fault when it fails."""
        instance = self._update(context, instance_uuid)
        try:
            self.driver.inject_network_info(instance, instance.network_info)
        except Exception as err:
            self.conductor.instance_fault(
                context, instance_uuid, 500, str(err) or
                type(err).__name__, None, self.host)
            raise

    def set_admin_password(self, context, instance_uuid, new_pass):
        """Called (not cast) by the API: a guest that is not running, or
        a driver failure, is a 409; a driver that cannot is
        NotImplementedError (the API's 501)."""
        with events.recorded(self, context, instance_uuid,
                             'compute_set_admin_password'):
            instance = self._update(context, instance_uuid,
                                    expected=[states.UPDATING_PASSWORD],
                                    check=True)
            if self._power_of(instance) != states.RUNNING:
                raise InstancePasswordSetFailed(
                    instance=instance_uuid,
                    reason='instance %s is not running' % instance_uuid)
            try:
                self.driver.set_admin_password(instance, new_pass)
            except NotImplementedError:
                raise NotImplementedError(
                    'set_admin_password is not implemented by this driver '
                    'or guest instance.') from None
            except Exception as err:
                # Not the driver's text: it might show the password.
                LOG.warning('Setting the password of %s failed: %s',
                            instance_uuid, type(err).__name__)
                raise InstancePasswordSetFailed(
                    instance=instance_uuid,
                    reason='error setting admin password') from None
            self._update(context, instance_uuid,
                         expected=[states.UPDATING_PASSWORD], check=True,
                         task_state=None)
