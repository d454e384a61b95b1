"""What a rebuild rewrites besides the instance columns and the metadata:
the image's system metadata (``image_*`` keys), and the keypairs and
trusted image certificates kept in ``instance_extra``."""

import json

from oslo_utils import timeutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session

IMAGE_PREFIX = 'image_'


def replace_image_metadata(instance_uuid, image_values):
    """Make ``image_values`` the server's only ``image_*`` system
    metadata (the old image's keys go, the other keys stay)."""
    table = models.InstanceSystemMetadata
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        rows = {row.key: row for row in db.scalars(sa.select(table).where(
            table.instance_uuid == instance_uuid, table.deleted == 0))}
        for key, row in rows.items():
            if key.startswith(IMAGE_PREFIX) and key not in image_values:
                row.deleted = row.id
                row.deleted_at = now
        for key, value in image_values.items():
            if key in rows:
                rows[key].value = value
            else:
                db.add(table(instance_uuid=instance_uuid, key=key,
                             value=value))


_UNSET = object()


def update_extra(instance_uuid, keypairs=_UNSET, trusted_certs=_UNSET):
    """Write the server's keypairs (a list of {name, type, public_key})
    and/or trusted certificates (a list of ids, or None)."""
    with session.cell_session() as db:
        row = db.scalars(sa.select(models.InstanceExtra).where(
            models.InstanceExtra.instance_uuid == instance_uuid,
            models.InstanceExtra.deleted == 0)).first()
        if keypairs is not _UNSET:
            row.keypairs = json.dumps(list(keypairs))
        if trusted_certs is not _UNSET:
            row.trusted_certs = json.dumps(trusted_certs) \
                if trusted_certs is not None else None
