"""Migration records in the cell database: created when a move starts,
updated as it goes, read by the migrations APIs and by the services.

(The package ``compute.db.migrations`` holds the schema migrations; this
module is about the ``migrations`` table.)
"""

import json

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import paging
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


# GET /os-migrations, and what a resize keeps on the instance meanwhile.

def _filtered(query, filters):
    """``filters``: status (list), host (source or destination),
    source_compute, node, migration_type, hidden, instance_uuid, user_id,
    project_id, changes_since / changes_before (on updated_at)."""
    m = models.Migration
    equal = {'source_compute': m.source_compute,
             'migration_type': m.migration_type, 'hidden': m.hidden,
             'instance_uuid': m.instance_uuid, 'user_id': m.user_id,
             'project_id': m.project_id}
    for key, column in equal.items():
        if key in filters:
            query = query.where(column == filters[key])
    if 'status' in filters:
        query = query.where(m.status.in_(filters['status']))
    if 'host' in filters:
        query = query.where(sa.or_(m.source_compute == filters['host'],
                                   m.dest_compute == filters['host']))
    if 'node' in filters:
        query = query.where(sa.or_(m.source_node == filters['node'],
                                   m.dest_node == filters['node']))
    if filters.get('changes_since') is not None:
        query = query.where(m.updated_at >= filters['changes_since'])
    if filters.get('changes_before') is not None:
        query = query.where(m.updated_at <= filters['changes_before'])
    return query


def list_migrations(filters, limit=None, marker=None, newest_first=False):
    """The migrations matching ``filters`` (see ``_filtered``), in id
    order, or newest first (created_at, id) for a paged list after the
    migration whose uuid is ``marker`` (MarkerNotFound if unknown)."""
    if limit == 0:
        return []
    query = _filtered(sa.select(models.Migration).where(_live()), filters)
    with session.cell_session() as db:
        marker_row = None
        if marker is not None:
            marker_row = db.scalars(sa.select(models.Migration).where(
                _live(), models.Migration.uuid == marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        if newest_first:
            query = paging.page(query, [models.Migration.created_at,
                                        models.Migration.id],
                                limit, marker_row, descending=True)
        else:
            query = query.order_by(models.Migration.id).limit(limit)
        return [migration_obj.Migration.from_row(row)
                for row in db.scalars(query)]


def _set_extra(instance_uuid, column, value):
    """Write a column of the instance's extras (a deleted instance has
    none left: nothing to write)."""
    with session.cell_session() as db:
        db.execute(sa.update(models.InstanceExtra).where(
            models.InstanceExtra.instance_uuid == instance_uuid,
            models.InstanceExtra.deleted == 0).values(
                {column: None if value is None else json.dumps(value)}))


def set_instance_flavor(instance_uuid, flavor):
    """Make ``flavor`` (the flavor dict an Instance carries) the
    instance's own, as a resize switches it."""
    _set_extra(instance_uuid, 'flavor', flavor)


def get_move_context(instance_uuid):
    """What a move in flight stashed on the instance (its old and new
    flavor, the vm_state to go back to...), or None."""
    with session.cell_session() as db:
        text = db.scalar(sa.select(
            models.InstanceExtra.migration_context).where(
            models.InstanceExtra.instance_uuid == instance_uuid,
            models.InstanceExtra.deleted == 0))
        return json.loads(text) if text else None


def set_move_context(instance_uuid, move_context):
    """Stash ``move_context`` (a JSON-able dict) on the instance; None
    drops it when the move ends."""
    _set_extra(instance_uuid, 'migration_context', move_context)

