"""The agent's side of rebuild and evacuation, the cleanup of evacuated
guests when the agent comes back, and the external events it receives.

``rebuild_instance`` runs Nova's sequence on the server's host (or an
evacuation's destination): rebuilding -> rebuild_block_device_mapping ->
rebuild_spawning, the old guest destroyed (a rebuild) and a new one
spawned from the image, then active, or stopped again when the server was
stopped (or when a 2.95 evacuation asks for it). A rebuild that fails
leaves the server in ERROR; an evacuation that fails goes back to its
source host and allocation, in ERROR (``compute.conductor.rebuild``).

``destroy_evacuated_instances`` (from ``init_host``): the guests of
servers evacuated away from this host while it was down are destroyed,
then the source allocations their finished evacuations held are freed and
those migrations complete.

``external_instance_event``: each event is kept in ``received_events``;
``network-changed`` and ``network-vif-deleted`` refresh the server's
network info, ``power-update`` (POWER_ON / POWER_OFF) makes the server
active or stopped as the other service says it is.
"""

import collections
import logging

from oslo_utils import timeutils

from compute.agent import events
from compute import context as compute_context
from compute import exception
from compute.network import api as network_api
from compute.objects import instance as instance_obj
from compute.objects import migration as migration_obj
from compute import states

LOG = logging.getLogger(__name__)

REBUILD_EVENT = 'compute_rebuild_instance'
STOP_EVENT = 'compute_stop_instance'
POWER_UPDATE_EVENT = 'compute_power_update'
# How many received external events an agent remembers.
_EVENTS_KEPT = 1000
_REBUILDING = (states.REBUILDING, states.REBUILD_BLOCK_DEVICE_MAPPING,
               states.REBUILD_SPAWNING, states.POWERING_OFF)
_NETWORK_REFRESH = ('network-changed', 'network-vif-deleted')
# power-update tag -> (vm_state, power_state, driver method).
_POWER_TARGETS = {'POWER_ON': (states.ACTIVE, states.RUNNING, 'power_on'),
                  'POWER_OFF': (states.STOPPED, states.SHUTDOWN,
                                'power_off')}


class PreserveEphemeralNotSupported(exception.Invalid):
    msg_fmt = ('The current driver does not support preserving ephemeral '
               'partitions.')


class RebuildOps:
    """Rebuild, evacuation and external events (mixed into
    AgentManager)."""

    @property
    def received_events(self):
        """The external events this agent got, oldest first."""
        if not hasattr(self, '_received_events'):
            self._received_events = collections.deque(maxlen=_EVENTS_KEPT)
        return self._received_events

    # Rebuild and evacuation.

    def rebuild_instance(self, context, instance_uuid, request):
        with events.recorded(self, context, instance_uuid, REBUILD_EVENT):
            try:
                self._rebuild_steps(context, instance_uuid, request)
            except Exception:
                self._rebuild_undo(context, instance_uuid, request)
                raise
        self.update_available_resource()

    def _rebuild_undo(self, context, uuid, request):
        """After a failure: an evacuation goes back to its source, a
        rebuild ends in ERROR (unless a delete got there first)."""
        try:
            if request['evacuate']:
                self.conductor.evacuation_failed(context, uuid,
                                                 request['migration_id'])
            else:
                self._update(context, uuid, expected=list(_REBUILDING),
                             check=True, vm_state=states.ERROR)
        except exception.ComputeException as err:
            LOG.info('Not putting %s in ERROR: %s', uuid, err)

    def _rebuild_steps(self, context, uuid, request):
        evacuate = request['evacuate']
        if evacuate:
            self.conductor.evacuation_status(
                context, request['migration_id'],
                migration_obj.PRE_MIGRATING)
            instance = self._update(
                context, uuid, expected=[states.REBUILDING], check=True,
                host=self.host, node=request['node'])
        else:
            instance = self._update(context, uuid,
                                    expected=[states.REBUILDING], check=True)
        stop = states.STOPPED in (instance.vm_state, request['target_state'])
        if request['preserve_ephemeral']:
            # The guest is always re-created from its image here.
            raise PreserveEphemeralNotSupported()
        if not evacuate:
            self.driver.destroy(instance)
        self._update(context, uuid, expected=[states.REBUILDING], check=True,
                     task_state=states.REBUILD_BLOCK_DEVICE_MAPPING)
        instance = self._update(
            context, uuid, expected=[states.REBUILD_BLOCK_DEVICE_MAPPING],
            check=True, task_state=states.REBUILD_SPAWNING)
        self.driver.spawn(instance, request['image'], instance.network_info,
                          request['admin_password'])
        self._update(context, uuid, expected=[states.REBUILD_SPAWNING],
                     check=True, vm_state=states.ACTIVE,
                     task_state=states.POWERING_OFF if stop else None,
                     power_state=states.RUNNING,
                     launched_at=timeutils.utcnow(with_timezone=False))
        if evacuate:
            self.conductor.evacuation_status(
                context, request['migration_id'], migration_obj.DONE)
        if stop:
            with events.recorded(self, context, uuid, STOP_EVENT):
                self.driver.power_off(instance)
                self._update(context, uuid, expected=[states.POWERING_OFF],
                             check=True, vm_state=states.STOPPED,
                             task_state=None, power_state=states.SHUTDOWN)

    def destroy_evacuated_instances(self):
        """Destroy the guests evacuated away from this host while it was
        down; free what their finished evacuations held here."""
        ctxt = compute_context.get_admin_context()
        guests = set(self.driver.list_instance_uuids())
        for migration in self.conductor.evacuations_from_host(ctxt,
                                                             self.host):
            if migration.instance_uuid in guests:
                LOG.info('Destroying %s: it was evacuated from this host',
                         migration.instance_uuid)
                self.driver.destroy(
                    instance_obj.Instance(uuid=migration.instance_uuid,
                                          host=self.host))
            if migration.status == migration_obj.DONE:
                self.conductor.evacuation_cleaned_up(ctxt, migration.id)

    # External events.

    def external_instance_event(self, context, instance_events):
        for event in instance_events:
            self.received_events.append(dict(event))
            uuid = event['server_uuid']
            if event['name'] in _NETWORK_REFRESH:
                self._update(context, uuid, network_info=network_api
                             .get_network_api()
                             .get_instance_nw_info(context, uuid))
            elif event['name'] == 'power-update':
                self._event_power_update(context, uuid, event['tag'])

    def _event_power_update(self, context, uuid, tag):
        vm_state, power_state, method = _POWER_TARGETS[tag]
        with events.recorded(self, context, uuid, POWER_UPDATE_EVENT,
                             revert_task_state=False):
            instance = self._update(context, uuid)
            if instance.task_state is not None or \
                    instance.vm_state == vm_state:
                LOG.info('Ignoring power-update %s for %s (%s, task %s)',
                         tag, uuid, instance.vm_state, instance.task_state)
                return
            getattr(self.driver, method)(instance)
            self._update(context, uuid, expected=[None], check=True,
                         vm_state=vm_state, power_state=power_state)
