"""The conductor's part of unshelving, and the system metadata agents
write while they shelve and unshelve.

A shelved server still has its guest on its host: its agent starts it
again (``powering-on``, then active). A shelved-offloaded one has none:
the conductor finds its shelve snapshot (the ``get_image_info`` event; a
snapshot that is gone puts the server in ERROR with a fault, as in Nova),
asks the scheduler for a host, which claims its allocation in placement
(the ``schedule_instances`` event; the request spec's zone, forced
destinations dropped, the host the unshelve named if any), and hands the
server to that host's agent. When no host fits, the server stays
shelved-offloaded with no task.
"""

import contextlib
import copy
import logging

from compute import availability_zones
from compute import conf as compute_conf
from compute import context as compute_context
from compute.db import instance_actions
from compute.db import instance_metadata
from compute.db import instances
from compute.db import request_specs
from compute import exception
from compute.image import api as image_api
from compute.scheduler import errors as scheduler_errors
from compute.scheduler import rpcapi as scheduler_rpcapi
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


class UnshelveException(exception.ComputeException):
    msg_fmt = 'Error during unshelve instance %(instance_id)s: %(reason)s'


@contextlib.contextmanager
def _event(context, instance_uuid, event):
    """An instance action event of the conductor (host: this service)."""
    instance_actions.event_start(context, instance_uuid, event,
                                 host=CONF.host)
    try:
        yield
    except Exception as err:
        instance_actions.event_finish(context, instance_uuid, event,
                                      result='Error', details=str(err))
        raise
    instance_actions.event_finish(context, instance_uuid, event)


class ShelveTasks:
    """Unshelve orchestration (mixed into ConductorManager)."""

    def instance_system_metadata(self, context, instance_uuid, values,
                                 delete):
        if values:
            instance_metadata.update_system(instance_uuid, values)
        if delete:
            instance_metadata.delete_system_items(instance_uuid, delete)

    def unshelve_instance(self, context, instance_uuid, host=None):
        instance = instances.get(instance_uuid)
        if instance.vm_state == states.SHELVED:
            instances.update(instance_uuid,
                             expected_task_state=[states.UNSHELVING],
                             task_state=states.POWERING_ON)
            self.agents.start_shelved_instance(context, instance.host,
                                               instance_uuid)
        elif instance.vm_state == states.SHELVED_OFFLOADED:
            self._unshelve_offloaded(context, instance, host)
        else:
            LOG.error('Unshelve of %s attempted in vm_state %s',
                      instance_uuid, instance.vm_state)
            instances.update(instance_uuid, vm_state=states.ERROR,
                             task_state=None)

    def _shelved_image(self, context, instance):
        """The shelve snapshot of an offloaded server (None if it had
        none); ERROR and UnshelveException when it is gone."""
        image_id = instance.system_metadata.get('shelved_image_id')
        if not image_id:
            return None
        with _event(context, instance.uuid, 'get_image_info'):
            try:
                # As the system: an administrator's shelve snapshot of
                # another project's server is not the owner's to see.
                return image_api.get_image_api().get(
                    compute_context.get_admin_context(), image_id)
            except image_api.ImageNotFound as err:
                reason = ('Unshelve attempted but the image %s cannot be '
                          'found.' % image_id)
                instances.add_fault(instance.uuid, err.code, reason,
                                    str(err), CONF.host)
                instances.update(instance.uuid, vm_state=states.ERROR,
                                 task_state=None)
                raise UnshelveException(instance_id=instance.uuid,
                                        reason=reason) from err

    def _select_host(self, context, instance, image, host):
        """The scheduler's choice for the server, claimed in placement."""
        spec = copy.deepcopy(request_specs.get(instance.uuid))
        spec.instance_uuid = instance.uuid
        spec.num_instances = 1
        spec.force_hosts, spec.force_nodes = [], []
        spec.requested_host, spec.requested_node = host, None
        if image:
            spec.image = image
        with _event(context, instance.uuid, 'schedule_instances'):
            return scheduler_rpcapi.SchedulerAPI().select_destinations(
                context, spec, [instance.uuid], return_alternates=False)[0][0]

    def _unshelve_offloaded(self, context, instance, host):
        image = self._shelved_image(context, instance)
        try:
            selection = self._select_host(context, instance, image, host)
            instances.update(
                instance.uuid, availability_zone=availability_zones
                .get_host_availability_zone(selection.service_host))
        except scheduler_errors.NoValidHost:
            LOG.warning('No valid host found to unshelve %s', instance.uuid)
            instances.update(instance.uuid, task_state=None)
            return
        except Exception:
            instances.update(instance.uuid, task_state=None)
            raise
        self.agents.unshelve_instance(context, selection.service_host,
                                      instance.uuid, image,
                                      selection.nodename)
