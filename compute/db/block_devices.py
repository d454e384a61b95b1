"""Block device mappings of servers (cell database): what disks a server
was asked to have, as Nova records them."""

import uuid as uuid_mod

from compute.db import models_cell as models
from compute.db import session

_FIELDS = ('source_type', 'destination_type', 'guest_format', 'device_type',
           'disk_bus', 'boot_index', 'device_name', 'delete_on_termination',
           'volume_size', 'volume_type', 'tag', 'no_device')


def root_image_mapping(image_id):
    """The mapping of a server's root disk made from an image."""
    return {'source_type': 'image', 'destination_type': 'local',
            'boot_index': 0, 'uuid': image_id, 'device_type': 'disk',
            'delete_on_termination': True}


def create_for_instance(instance_uuid, mappings):
    """Write the mappings of a new server."""
    with session.cell_session() as db:
        for mapping in mappings:
            values = {name: mapping.get(name) for name in _FIELDS}
            if mapping.get('source_type') == 'image':
                values['image_id'] = mapping.get('uuid')
            db.add(models.BlockDeviceMapping(
                instance_uuid=instance_uuid, uuid=str(uuid_mod.uuid4()),
                **values))
