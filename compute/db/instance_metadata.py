"""Writing a server's metadata and system metadata (cell database).

Both are key/value rows soft-deleted as Nova does (``deleted`` set to the
row's id). Reads come with the instance (compute.db.instances.LOADS).
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session


def _live_rows(db, table, instance_uuid):
    return {row.key: row for row in db.scalars(sa.select(table).where(
        table.instance_uuid == instance_uuid, table.deleted == 0))}


def _soft_delete(row, now):
    row.deleted = row.id
    row.deleted_at = now


def _write(table, instance_uuid, values, replace):
    """Set ``values`` on the live rows of ``table``; with ``replace`` the
    keys not in ``values`` are deleted. Returns the resulting dict."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        rows = _live_rows(db, table, instance_uuid)
        if replace:
            for key in set(rows) - set(values):
                _soft_delete(rows.pop(key), now)
        for key, value in values.items():
            row = rows.get(key)
            if row is None:
                rows[key] = table(instance_uuid=instance_uuid, key=key,
                                  value=value)
                db.add(rows[key])
            elif row.value != value:
                row.value = value
        return {key: row.value for key, row in rows.items()}


def update(instance_uuid, metadata, replace=False):
    """Merge ``metadata`` into the server's (or replace it all); returns
    the server's metadata afterwards."""
    return _write(models.InstanceMetadata, instance_uuid, metadata, replace)


def delete_item(instance_uuid, key):
    """Delete one metadata item (nothing happens when there is none)."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        row = _live_rows(db, models.InstanceMetadata, instance_uuid).get(key)
        if row is not None:
            _soft_delete(row, now)


def update_system(instance_uuid, values):
    """Merge ``values`` into the server's system metadata."""
    return _write(models.InstanceSystemMetadata, instance_uuid, values,
                  replace=False)


def delete_system_items(instance_uuid, keys):
    """Delete the server's system metadata items named in ``keys``."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        rows = _live_rows(db, models.InstanceSystemMetadata, instance_uuid)
        for key in keys:
            if key in rows:
                _soft_delete(rows[key], now)
