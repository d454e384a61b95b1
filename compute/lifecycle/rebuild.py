"""Rebuilding a server: what the rebuild action does before the conductor.

The new image must exist, be active and fit the server's flavor (Nova's
400s), as must the key pair (2.54), the metadata and injected files
(quotas). Then the server moves to ``rebuilding`` with its new image,
name, metadata, access addresses, disk config, description (2.19), key
(2.54), user data (2.57), trusted certificates (2.63) and hostname (2.90)
written, the request spec takes the new image, and the conductor carries
on: when the image changed the scheduler re-checks the server's own host
first (``compute.conductor.rebuild``), then the host's agent rebuilds the
guest (``compute.agent.rebuild``).
"""

from compute.api import parameter_types
from compute.conductor import rpcapi as conductor_rpcapi
from compute import crypto
from compute.db import instance_metadata
from compute.db import instance_rebuild
from compute.db import instances as instances_db
from compute.db import request_specs
from compute import exception
from compute.image import api as image_api
from compute.lifecycle import actions
from compute.lifecycle import create as create_logic
from compute import states

VM_STATES = (states.ACTIVE, states.STOPPED, states.ERROR)

# Body fields -> instance columns.
_COLUMNS = {'name': 'display_name', 'description': 'display_description',
            'accessIPv4': 'access_ip_v4', 'accessIPv6': 'access_ip_v6',
            'user_data': 'user_data', 'hostname': 'hostname'}


class ImageNotFoundForRebuild(exception.Invalid):
    msg_fmt = 'Cannot find image for rebuild'


class AutoDiskConfigDisabledByImage(exception.Invalid):
    msg_fmt = ('Requested image %(image)s has automatic disk resize '
               'disabled.')


def _image_property(image, name):
    """An image property the server keeps a column of ('' without)."""
    return (image.get('properties') or {}).get(name) or ''


def _image(context, image_ref, flavor):
    """The image, checked as a create checks it (active, fits the
    flavor); 400 'Cannot find image for rebuild' when there is none."""
    try:
        image_api.get_image_api().get(context, image_ref)
    except exception.NotFound:
        raise ImageNotFoundForRebuild()
    return create_logic.find_image(context, image_ref, flavor, False)


def _check_auto_disk_config(image, params):
    """An image may forbid growing its root partition (AUTO)."""
    allowed = _image_property(image, 'auto_disk_config')
    if params.get('OS-DCF:diskConfig') == 'AUTO' and allowed and \
            not parameter_types.to_bool(allowed):
        raise AutoDiskConfigDisabledByImage(image=image['id'])


def _keypair(context, params):
    """(instance columns, instance_extra keypairs) for a 2.54 key_name:
    null removes the key; nothing when key_name is not given."""
    if 'key_name' not in params:
        return {}, None
    if params['key_name'] is None:
        return {'key_name': None, 'key_data': None}, []
    keypair = create_logic.find_keypair(context, params['key_name'])
    return ({'key_name': keypair.name, 'key_data': keypair.public_key},
            [{'name': keypair.name, 'type': keypair.type,
              'public_key': keypair.public_key}])


def _columns(params):
    values = {column: params[field] for field, column in _COLUMNS.items()
              if field in params}
    if 'OS-DCF:diskConfig' in params:
        values['auto_disk_config'] = params['OS-DCF:diskConfig'] == 'AUTO'
    return values


def _write_extras(instance, params, image, keypairs):
    uuid = instance.uuid
    if 'metadata' in params:
        instance_metadata.update(uuid, params['metadata'], replace=True)
    instance_rebuild.replace_image_metadata(
        uuid, create_logic.image_system_metadata(image))
    if keypairs is not None:
        instance_rebuild.update_extra(uuid, keypairs=keypairs)
    if 'trusted_image_certificates' in params:
        instance_rebuild.update_extra(
            uuid, trusted_certs=params['trusted_image_certificates'])
    spec = request_specs.get(uuid)
    if spec is not None:
        spec.image = image
        request_specs.update(spec)


def rebuild(context, instance, params):
    """The rebuild action (``params``: the validated ``rebuild`` body);
    returns (the server as it is now, its new admin password)."""
    image = _image(context, params['imageRef'], instance.flavor)
    _check_auto_disk_config(image, params)
    files = params.get('personality') or []
    create_logic.check_request_quotas(
        context, {'metadata': params.get('metadata') or {},
                  'personality': files})
    key_columns, keypairs = _keypair(context, params)
    admin_password = params.get('adminPass') or crypto.generate_password()
    orig_image_ref = instance.image_ref
    orig_image_metadata = {
        key: value for key, value in instance.system_metadata.items()
        if key.startswith(instance_rebuild.IMAGE_PREFIX)}
    instance = actions.begin(
        context, instance, 'rebuild', task_state=states.REBUILDING,
        vm_states=VM_STATES, image_ref=image['id'], progress=0,
        kernel_id=_image_property(image, 'kernel_id'),
        ramdisk_id=_image_property(image, 'ramdisk_id'),
        **_columns(params), **key_columns)
    _write_extras(instance, params, image, keypairs)
    conductor_rpcapi.ConductorAPI().rebuild_instance(context, instance.uuid, {
        'image': image, 'image_ref': image['id'],
        'orig_image_ref': orig_image_ref,
        'orig_image_metadata': orig_image_metadata,
        'admin_password': admin_password, 'injected_files': files,
        'preserve_ephemeral': parameter_types.to_bool(
            params.get('preserve_ephemeral', False)),
        'evacuate': False, 'host': instance.host, 'node': instance.node,
        'target_state': None})
    return instances_db.get(instance.uuid), admin_password
