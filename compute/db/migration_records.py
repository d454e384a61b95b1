"""Migration records in the cell database: created when a move starts,
updated as it goes, read by the migrations APIs and by the services.

(The package ``compute.db.migrations`` holds the schema migrations; this
module is about the ``migrations`` table.)
"""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session
from compute import exception
from compute.objects import migration as migration_obj


class MigrationNotFound(exception.NotFound):
    msg_fmt = 'Migration %(migration_id)s could not be found.'


class MigrationNotFoundForInstance(exception.NotFound):
    msg_fmt = ('Migration %(migration_id)s not found for instance '
               '%(instance_id)s')


def _now():
    return timeutils.utcnow(with_timezone=False)


def create(instance, migration_type, status, **values):
    """A new migration of ``instance`` (an Instance object); ``values``
    are further columns (source_compute, dest_compute, ...). Returns the
    Migration."""
    row = models.Migration(
        uuid=values.pop('uuid', None) or uuidutils.generate_uuid(),
        instance_uuid=instance.uuid, migration_type=migration_type,
        status=status, user_id=values.pop('user_id', instance.user_id),
        project_id=values.pop('project_id', instance.project_id),
        hidden=False, cross_cell_move=False, **values)
    with session.cell_session() as db:
        db.add(row)
        db.flush()
        return migration_obj.Migration.from_row(row)


def _live():
    return models.Migration.deleted == 0


def _by_id(migration_id):
    query = sa.select(models.Migration).where(_live())
    text = str(migration_id)
    if text.isdigit():
        return query.where(models.Migration.id == int(text))
    return query.where(models.Migration.uuid == text)


def get(migration_id):
    """By id (int or digit string) or uuid; MigrationNotFound."""
    query = _by_id(migration_id)
    with session.cell_session() as db:
        row = db.scalars(query).first()
        if row is None:
            raise MigrationNotFound(migration_id=migration_id)
        return migration_obj.Migration.from_row(row)


def get_for_instance(instance_uuid, migration_id):
    """The migration ``migration_id`` of the instance, or
    MigrationNotFoundForInstance (Nova's 404 on server migrations)."""
    try:
        found = get(migration_id)
    except MigrationNotFound:
        found = None
    if found is None or found.instance_uuid != instance_uuid:
        raise MigrationNotFoundForInstance(migration_id=migration_id,
                                           instance_id=instance_uuid)
    return found


def latest_for_instance(instance_uuid, statuses=None, migration_types=None):
    """The newest migration of the instance in one of ``statuses`` and
    ``migration_types`` (None: any), or None."""
    query = sa.select(models.Migration).where(
        _live(), models.Migration.instance_uuid == instance_uuid)
    if statuses is not None:
        query = query.where(models.Migration.status.in_(statuses))
    if migration_types is not None:
        query = query.where(
            models.Migration.migration_type.in_(migration_types))
    query = query.order_by(models.Migration.created_at.desc(),
                           models.Migration.id.desc())
    with session.cell_session() as db:
        row = db.scalars(query).first()
        return migration_obj.Migration.from_row(row) if row else None


def update(migration_id, expected_status=None, **values):
    """Set ``values`` on the migration (by id or uuid); with
    ``expected_status`` (a collection) only if its status is one of
    them, returning None when it is not. MigrationNotFound when absent."""
    with session.cell_session() as db:
        row = db.scalars(_by_id(migration_id).with_for_update()).first()
        if row is None:
            raise MigrationNotFound(migration_id=migration_id)
        if expected_status is not None and row.status not in expected_status:
            return None
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = _now()
        db.flush()
        return migration_obj.Migration.from_row(row)
