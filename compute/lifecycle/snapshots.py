"""createImage and createBackup on the API side, and the image every
snapshot of a server goes to (shelve's too).

``create_image`` registers the image before any data exist, as Nova does:
named by the caller, with the properties Nova records (``instance_uuid``,
``user_id``, ``image_type``, plus what the server's base image had, kept
in its system metadata, less the properties snapshots never inherit and
the block device mappings Nova does not keep in system metadata), private
to the project (shared, with ``instance_owner``, when an administrator of
another project takes it). A snapshot leaves out the base image's disk and
container formats: the hypervisor says which ones its data have.

``snapshot`` and ``backup`` check the server's state, register the image,
move the server to ``image_snapshot_pending`` / ``image_backup`` (the
image goes again when the server disappears meanwhile) and hand the work
to the server's agent. Neither refuses a locked server, as in Nova.
"""

import contextlib
import logging

from compute.agent import rpcapi as agent_rpcapi
from compute import conf as compute_conf
from compute.db import instances as instances_db
from compute.image import api as image_api
from compute.lifecycle import actions
from compute import servers_access
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

# vm_states in which a server may be snapshotted or backed up.
SNAPSHOT_VM_STATES = (states.ACTIVE, states.STOPPED, states.PAUSED,
                      states.SUSPENDED)

# Properties no snapshot inherits, whatever [DEFAULT]
# non_inheritable_image_properties says (signatures, volume encryption).
_NEVER_INHERITED = frozenset([
    'cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy',
    'img_signature', 'img_signature_hash_method', 'img_signature_key_type',
    'img_signature_certificate_uuid'])
# Block device mappings of the base image are not kept with the server.
_SKIPPED = ('mappings', 'block_device_mapping', 'img_mappings',
            'img_block_device_mapping')
# Base image fields kept in system metadata that are image attributes.
_ATTRIBUTES = ('min_ram', 'min_disk', 'disk_format', 'container_format')
_INTEGERS = ('min_ram', 'min_disk')
_PREFIX = 'image_'


def base_image(system_metadata):
    """(attributes, properties) of the image a server was built from, as
    its ``image_*`` system metadata remember them."""
    attributes, properties = {}, {}
    for key, value in system_metadata.items():
        if not key.startswith(_PREFIX) or value is None:
            continue
        name = key[len(_PREFIX):]
        if name in _SKIPPED:
            continue
        if name in _INTEGERS:
            attributes[name] = int(value or 0)
        elif name in _ATTRIBUTES:
            attributes[name] = value
        else:
            properties[name] = value
    return attributes, properties


def image_fields(context, instance, name, image_type, extra_properties=None):
    """The fields of the image service's ``create`` for a new snapshot."""
    fields, properties = base_image(instance.system_metadata)
    own = {'instance_uuid': instance.uuid, 'user_id': str(context.user_id),
           'image_type': image_type}
    own.update(extra_properties or {})
    if context.project_id != instance.project_id:
        fields['visibility'] = 'shared'
        own['instance_owner'] = instance.project_id
    else:
        fields['visibility'] = 'private'
    for key in _NEVER_INHERITED.union(CONF.non_inheritable_image_properties):
        properties.pop(key, None)
    properties.update(own)
    if image_type == 'snapshot':
        fields.pop('disk_format', None)
        fields.pop('container_format', None)
    fields.update(name=name, properties=properties)
    return fields


def create_image(context, instance, name, image_type, extra_properties=None):
    """Register the image a snapshot of ``instance`` will fill."""
    return image_api.get_image_api().create(
        context, **image_fields(context, instance, name, image_type,
                                extra_properties))


def delete_image(context, image_id):
    """Delete an image nobody will fill, if it is still there."""
    with contextlib.suppress(image_api.ImageNotFound):
        image_api.get_image_api().delete(context, image_id)


def begin_with_image(context, instance, action, image, **begin_args):
    """``actions.begin`` for an action whose image is registered already:
    the image goes again when the server cannot start it, and a server
    deleted meanwhile is Nova's 409."""
    try:
        return actions.begin(context, instance, action, **begin_args)
    except Exception as err:
        delete_image(context, image['id'])
        if isinstance(err, instances_db.InstanceNotFound):
            raise servers_access.InstanceInvalidState(
                action=action, server_id=instance.uuid, attr='vm_state',
                state=states.DELETED) from err
        if isinstance(err, instances_db.UnexpectedDeletingTaskState):
            raise servers_access.InstanceInvalidState(
                action=action, server_id=instance.uuid, attr='task_state',
                state=states.DELETING) from err
        raise


def _start(context, instance, action, name, image_type, extra, task_state):
    servers_access.check_state(instance, action, SNAPSHOT_VM_STATES)
    image = create_image(context, instance, name, image_type, extra)
    begin_with_image(context, instance, action, image,
                     task_state=task_state, vm_states=SNAPSHOT_VM_STATES,
                     check_lock=False)
    return image


def snapshot(context, instance, name, metadata):
    """The createImage action; the new image."""
    image = _start(context, instance, 'createImage', name, 'snapshot',
                   metadata, states.IMAGE_SNAPSHOT_PENDING)
    agent_rpcapi.AgentAPI().snapshot_instance(
        context, instance.host, instance.uuid, image['id'])
    return image


def backup(context, instance, name, backup_type, rotation, metadata):
    """The createBackup action; the new image (deleted again by the
    rotation when ``rotation`` is 0)."""
    image = _start(context, instance, 'createBackup', name, 'backup',
                   dict(metadata, backup_type=backup_type),
                   states.IMAGE_BACKUP)
    agent_rpcapi.AgentAPI().backup_instance(
        context, instance.host, instance.uuid, image['id'], backup_type,
        rotation)
    return image
