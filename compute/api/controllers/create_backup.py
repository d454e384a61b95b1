"""Handler of the createBackup server action."""

from compute.api import validation
from compute.api.controllers import server_images
from compute.api.schemas import create_backup as schema
from compute.lifecycle import snapshots
from compute import servers_access


@validation.body(schema.CREATE_BACKUP)
def create_backup(req, server_id, body):
    """POST /servers/{server_id}/action {"createBackup": {...}}: before
    2.45 the answer names the image only when a rotation keeps it."""
    instance = servers_access.get_authorized(
        req, server_id, 'os_compute_api:os-create-backup')
    entity = body['createBackup']
    rotation = int(entity['rotation'])
    metadata = entity.get('metadata', {})
    server_images.check_metadata_quota(req, metadata)
    image = snapshots.backup(req.context, instance, entity['name'],
                             entity['backup_type'], rotation, metadata)
    return server_images.image_response(req, image,
                                        with_location=rotation > 0)
