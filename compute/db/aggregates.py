"""Host aggregates, their hosts and their metadata in the API database.

Callers get plain ``Aggregate`` records, never ORM objects. Rows are
hard-deleted, as in Nova's API database. Also here: the two questions an
availability zone change asks (which zones other aggregates give the hosts,
and whether the hosts run instances).
"""

import dataclasses
import datetime

from oslo_utils import uuidutils
import sqlalchemy as sa

from compute import availability_zones
from compute.db import models_api as models
from compute.db import models_cell
from compute.db import services as services_db
from compute.db import session
from compute import exception


class AggregateNotFound(exception.NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s could not be found.'


class AggregateNameExists(exception.Conflict):
    msg_fmt = 'Aggregate %(aggregate_name)s already exists.'


class AggregateHostExists(exception.Conflict):
    msg_fmt = 'Aggregate %(aggregate_id)s already has host %(host)s.'


class AggregateHostNotFound(exception.NotFound):
    msg_fmt = 'Aggregate %(aggregate_id)s has no host %(host)s.'


class AggregateNotEmpty(exception.Invalid):
    # Nova's wording for a refused delete.
    msg_fmt = ('Cannot remove host from aggregate %(aggregate_id)s. '
               'Reason: Host aggregate is not empty.')


@dataclasses.dataclass(frozen=True)
class Aggregate:
    """One aggregate with its hosts (in the order they joined) and its
    metadata items."""

    id: int
    uuid: str
    name: str
    hosts: tuple[str, ...]
    metadata: dict[str, str]
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None

    @property
    def availability_zone(self):
        return self.metadata.get(availability_zones.AZ_METADATA_KEY)


def _record(row):
    return Aggregate(
        id=row.id, uuid=row.uuid, name=row.name,
        hosts=tuple(h.host for h in sorted(row.hosts, key=lambda h: h.id)),
        metadata={item.key: item.value for item in row.metadata_items},
        created_at=row.created_at, updated_at=row.updated_at)


def _row(db, aggregate_id):
    """The row of an id given as an integer or its text;
    AggregateNotFound (naming the id as given) otherwise."""
    try:
        row_id = int(aggregate_id)
    except (TypeError, ValueError):
        row_id = None
    row = None
    if row_id is not None and abs(row_id) <= services_db.MAX_ROW_ID:
        row = db.get(models.Aggregate, row_id)
    if row is None:
        raise AggregateNotFound(aggregate_id=aggregate_id)
    return row


def _check_name_free(db, name):
    taken = db.scalar(sa.select(models.Aggregate.id).where(
        models.Aggregate.name == name))
    if taken is not None:
        raise AggregateNameExists(aggregate_name=name)


def list_aggregates():
    query = sa.select(models.Aggregate).order_by(models.Aggregate.id)
    with session.api_session() as db:
        return [_record(row) for row in db.scalars(query)]


def get(aggregate_id):
    with session.api_session() as db:
        return _record(_row(db, aggregate_id))


def create(name, metadata):
    """A new aggregate with a fresh uuid; AggregateNameExists when the name
    is taken."""
    try:
        with session.api_session() as db:
            _check_name_free(db, name)
            row = models.Aggregate(uuid=uuidutils.generate_uuid(), name=name)
            row.metadata_items = [models.AggregateMetadata(key=k, value=v)
                                  for k, v in metadata.items()]
            db.add(row)
            db.flush()
            return _record(row)
    except sa.exc.IntegrityError:
        # A concurrent create took the name first.
        raise AggregateNameExists(aggregate_name=name)


def update(aggregate_id, name=None, metadata=None):
    """Rename (``name`` not None) and change metadata items (a None value
    deletes the item, a missing one is no error); the updated aggregate."""
    try:
        with session.api_session() as db:
            row = _row(db, aggregate_id)
            if name is not None and name != row.name:
                _check_name_free(db, name)
                row.name = name
            items = {item.key: item for item in row.metadata_items}
            for key, value in (metadata or {}).items():
                item = items.get(key)
                if value is None:
                    if item is not None:
                        row.metadata_items.remove(item)
                elif item is None:
                    row.metadata_items.append(
                        models.AggregateMetadata(key=key, value=value))
                else:
                    item.value = value
            row.updated_at = models.utcnow()
            db.flush()
            return _record(row)
    except sa.exc.IntegrityError:
        if name is None:
            raise
        # A concurrent rename took the name first.
        raise AggregateNameExists(aggregate_name=name)


def delete(aggregate_id):
    """Delete an aggregate without hosts, with its metadata."""
    with session.api_session() as db:
        row = _row(db, aggregate_id)
        if row.hosts:
            raise AggregateNotEmpty(aggregate_id=aggregate_id)
        db.delete(row)


def add_host(aggregate_id, host):
    try:
        with session.api_session() as db:
            row = _row(db, aggregate_id)
            if any(member.host == host for member in row.hosts):
                raise AggregateHostExists(aggregate_id=row.id, host=host)
            row.hosts.append(models.AggregateHost(host=host))
            db.flush()
            return _record(row)
    except sa.exc.IntegrityError:
        # A concurrent request added the host first.
        raise AggregateHostExists(aggregate_id=aggregate_id, host=host)


def remove_host(aggregate_id, host):
    with session.api_session() as db:
        row = _row(db, aggregate_id)
        member = next((m for m in row.hosts if m.host == host), None)
        if member is None:
            raise AggregateHostNotFound(aggregate_id=row.id, host=host)
        row.hosts.remove(member)
        db.flush()
        return _record(row)


def zones_of_other_aggregates(hosts, aggregate_id):
    """The zone of each aggregate other than ``aggregate_id`` that has an
    availability zone and holds one of ``hosts``, in aggregate order."""
    member = models.AggregateHost
    meta = models.AggregateMetadata
    query = sa.select(meta.aggregate_id, meta.value).where(
        meta.key == availability_zones.AZ_METADATA_KEY,
        meta.aggregate_id != aggregate_id,
        meta.aggregate_id.in_(sa.select(member.aggregate_id).where(
            member.host.in_(list(hosts))))).order_by(meta.aggregate_id)
    with session.api_session() as db:
        return [zone for _, zone in db.execute(query)]


def hosts_have_instances(hosts):
    """Whether any live instance (soft-deleted ones included) is on one of
    ``hosts``."""
    inst = models_cell.Instance
    query = sa.select(inst.id).where(
        inst.deleted == 0, inst.host.in_(list(hosts))).limit(1)
    with session.cell_session() as db:
        return db.scalar(query) is not None
