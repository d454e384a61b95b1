"""The agent's side of image actions: snapshots, backups, shelving.

A snapshot (createImage, createBackup, shelve) records the guest's power
state, lets the hypervisor capture the root disk while the task goes
through ``image_pending_upload`` and ``image_uploading`` (their
``shelving_*`` names for a shelve), uploads the data to the image the API
registered and clears the task. The image goes again when the step fails;
a server deleted meanwhile ends the step quietly. A backup then rotates:
only the newest ``rotation`` backups of the server and backup type stay.

Shelving stops the guest and snapshots it; the server is then shelved,
its shelve snapshot, time and host kept in its system metadata, and
offloaded at once when ``[DEFAULT] shelved_offload_time`` is 0. Offloading
destroys the guest, gives the server's allocation back to placement and
takes the server off its host; the periodic ``offload_shelved_instances``
offloads the servers shelved longer than ``shelved_offload_time`` seconds
(never when it is -1). Unshelving starts the guest still here, or spawns
an offloaded server on the host the scheduler claimed, and deletes the
shelve snapshot. Events are Nova's ``compute_<method>`` names.
"""

import contextlib
import datetime
import logging

from oslo_utils import timeutils

from compute.agent import events
from compute import conf as compute_conf
from compute import context as compute_context
from compute.db import instances as instances_db
from compute.image import api as image_api
from compute.placement import allocations
from compute import states
from compute.virt import driver as virt_driver

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

# System metadata of a shelved server.
SHELVED_KEYS = ('shelved_at', 'shelved_image_id', 'shelved_host')
# The task states of a shelve's snapshot steps.
_SHELVING_STATES = {
    states.IMAGE_PENDING_UPLOAD: states.SHELVING_IMAGE_PENDING_UPLOAD,
    states.IMAGE_UPLOADING: states.SHELVING_IMAGE_UPLOADING,
    states.SHELVING: states.SHELVING,
}
# The server went away (or is being deleted) during the step.
_GONE = (instances_db.InstanceNotFound,
         instances_db.UnexpectedDeletingTaskState)


def _now():
    return timeutils.utcnow(with_timezone=False)


def _delete_image(context, image_id, unless_active=False):
    """Delete an image, quietly when it is gone or not ours to delete."""
    images = image_api.get_image_api()
    try:
        if unless_active and \
                images.get(context, image_id)['status'] == 'active':
            return
        images.delete(context, image_id)
    except (image_api.ImageNotFound, image_api.ImageNotAuthorized) as err:
        LOG.warning('Could not delete image %s: %s', image_id, err)


@contextlib.contextmanager
def _image_deleted_on_error(context, image_id):
    try:
        yield
    except Exception:
        _delete_image(context, image_id)
        raise


class ImageOps:
    """Snapshots, backups and shelving (mixed into AgentManager)."""

    # Snapshots.

    def _snapshot(self, context, instance, image_id, task_state,
                  state_names=None):
        """Capture the guest into ``image_id``: the server is in
        ``task_state`` and its task is cleared at the end unless
        ``state_names`` (a shelve's) is given. False when the server or
        the image went away meanwhile."""
        uuid = instance.uuid

        def update_task_state(new_state, expected_state=task_state):
            if state_names:
                new_state = state_names[new_state]
                expected_state = state_names[expected_state]
            self._update(context, uuid, expected=[expected_state],
                         check=True, task_state=new_state)

        images = image_api.get_image_api()
        try:
            self._update(context, uuid, power_state=self._power_of(instance))
            disk_format, container_format, data = self.driver.snapshot(
                instance, update_task_state)
            images.update(context, image_id, disk_format=disk_format,
                          container_format=container_format)
            images.upload(context, image_id, data)
            if not state_names:
                self._update(context, uuid, expected=[states.IMAGE_UPLOADING],
                             check=True, task_state=None)
        except _GONE:
            LOG.info('Server %s disappeared during its snapshot', uuid)
            _delete_image(context, image_id, unless_active=True)
            return False
        except image_api.ImageNotFound:
            LOG.warning('Image %s went away during the snapshot of %s',
                        image_id, uuid)
            self._update(context, uuid, task_state=None)
            return False
        return True

    def snapshot_instance(self, context, instance_uuid, image_id):
        with events.recorded(self, context, instance_uuid,
                             'compute_snapshot_instance'), \
                _image_deleted_on_error(context, image_id):
            try:
                instance = self._update(
                    context, instance_uuid,
                    expected=[states.IMAGE_SNAPSHOT_PENDING], check=True,
                    task_state=states.IMAGE_SNAPSHOT)
            except _GONE:
                _delete_image(context, image_id)
                return
            self._snapshot(context, instance, image_id,
                           states.IMAGE_SNAPSHOT)

    def backup_instance(self, context, instance_uuid, image_id, backup_type,
                        rotation):
        with events.recorded(self, context, instance_uuid,
                             'compute_backup_instance'), \
                _image_deleted_on_error(context, image_id):
            instance = self._update(context, instance_uuid)
            self._snapshot(context, instance, image_id, states.IMAGE_BACKUP)
            self._rotate_backups(context, instance_uuid, backup_type,
                                 rotation)

    def _rotate_backups(self, context, instance_uuid, backup_type,
                        rotation):
        """Delete the server's backups of ``backup_type`` beyond the
        newest ``rotation``."""
        backups = image_api.get_image_api().list(
            context, filters={'image_type': 'backup',
                              'backup_type': backup_type,
                              'instance_uuid': instance_uuid},
            sort=[('created_at', 'desc')])
        for image in backups[rotation:]:
            LOG.info('Rotating out backup %s of %s', image['id'],
                     instance_uuid)
            _delete_image(context, image['id'])

    # Shelving.

    def shelve_instance(self, context, instance_uuid, image_id):
        with events.recorded(self, context, instance_uuid,
                             'compute_shelve_instance'):
            with _image_deleted_on_error(context, image_id):
                instance = self._update(context, instance_uuid)
                self.driver.power_off(instance)
                if not self._snapshot(context, instance, image_id,
                                      states.SHELVING, _SHELVING_STATES):
                    return
                self.conductor.instance_system_metadata(
                    context, instance_uuid, {
                        'shelved_at': _now().isoformat(),
                        'shelved_image_id': image_id,
                        'shelved_host': self.host})
            offload = CONF.shelved_offload_time == 0
            self._update(
                context, instance_uuid,
                expected=[states.SHELVING, states.SHELVING_IMAGE_UPLOADING],
                check=True, vm_state=states.SHELVED,
                task_state=states.SHELVING_OFFLOADING if offload else None,
                power_state=self._power_of(instance))
            if offload:
                self._offload(context, instance_uuid)

    def shelve_offload_instance(self, context, instance_uuid):
        with events.recorded(self, context, instance_uuid,
                             'compute_shelve_offload_instance'):
            self._offload(context, instance_uuid)

    def _offload(self, context, instance_uuid):
        """Take the shelved server off this host: no guest, no
        allocation, no host."""
        instance = self._update(context, instance_uuid)
        with contextlib.suppress(virt_driver.GuestNotFound):
            self.driver.power_off(instance)
        power = self._power_of(instance)
        self.driver.destroy(instance)
        allocations.delete_allocations(instance_uuid)
        self._update(context, instance_uuid,
                     expected=[states.SHELVING, states.SHELVING_OFFLOADING],
                     check=True, vm_state=states.SHELVED_OFFLOADED,
                     task_state=None, power_state=power, host=None,
                     node=None, compute_id=None, launched_on=None,
                     availability_zone=None)
        self.update_available_resource()

    def periodic_tasks_shelve(self):
        if CONF.shelved_poll_interval <= 0:
            return []
        return [(CONF.shelved_poll_interval, self.offload_shelved_instances)]

    def offload_shelved_instances(self):
        """Offload the servers shelved here longer than
        ``[DEFAULT] shelved_offload_time`` seconds."""
        if CONF.shelved_offload_time <= 0:
            return
        ctxt = compute_context.get_admin_context()
        oldest = _now() - datetime.timedelta(
            seconds=CONF.shelved_offload_time)
        for instance in self.conductor.instances_on_host(ctxt, self.host):
            shelved_at = instance.system_metadata.get('shelved_at')
            if instance.vm_state != states.SHELVED or \
                    instance.task_state is not None or not shelved_at or \
                    datetime.datetime.fromisoformat(shelved_at) > oldest:
                continue
            try:
                self._update(ctxt, instance.uuid, expected=[None],
                             check=True,
                             task_state=states.SHELVING_OFFLOADING)
                self.shelve_offload_instance(ctxt, instance.uuid)
            except Exception:  # noqa: BLE001 - the next server still goes
                LOG.exception('Periodic offload of %s failed', instance.uuid)

    # Unshelving.

    def _unshelved(self, context, instance, expected, image_id):
        """The server runs again: its shelve snapshot and shelve records
        go, and it is active."""
        if image_id:
            # As the system, whoever shelved it (see the conductor).
            _delete_image(compute_context.get_admin_context(), image_id)
        self.conductor.instance_system_metadata(context, instance.uuid,
                                                delete=SHELVED_KEYS)
        self._update(context, instance.uuid, expected=[expected], check=True,
                     vm_state=states.ACTIVE, task_state=None,
                     power_state=self._power_of(instance),
                     **({'launched_at': _now()}
                        if expected == states.SPAWNING else {}))

    def start_shelved_instance(self, context, instance_uuid):
        with events.recorded(self, context, instance_uuid,
                             'compute_start_instance'):
            instance = self._update(context, instance_uuid)
            self.driver.power_on(instance)
            self._unshelved(context, instance, states.POWERING_ON,
                            instance.system_metadata.get('shelved_image_id'))

    def unshelve_instance(self, context, instance_uuid, image, node):
        with events.recorded(self, context, instance_uuid,
                             'compute_unshelve_instance'):
            instance = self._update(
                context, instance_uuid, expected=[states.UNSHELVING],
                check=True, task_state=states.SPAWNING, host=self.host,
                node=node, launched_on=self.host)
            try:
                self.driver.spawn(instance, image, instance.network_info,
                                  None)
            except Exception:
                allocations.delete_allocations(instance_uuid)
                self._update(context, instance_uuid, host=None, node=None,
                             launched_on=None, availability_zone=None)
                raise
            self._unshelved(context, instance, states.SPAWNING,
                            image['id'] if image else None)
        self.update_available_resource()
