"""Queries on the services table (cell database) and on what deleting or
forcing up a compute service has to check or clean up."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from compute.db import models_api
from compute.db import models_cell as models
from compute.db import session
from compute import exception
from compute.objects import service as service_obj


# The largest id a row can have (64-bit columns): larger numbers name none.
MAX_ROW_ID = 2 ** 63 - 1


def _live():
    return models.Service.deleted == 0


def register(host, binary, topic):
    """The service row for (host, binary), created if missing; counts a
    heartbeat either way."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        row = db.scalars(sa.select(models.Service).where(
            _live(), models.Service.host == host,
            models.Service.binary == binary)).first()
        if row is None:
            row = models.Service(uuid=uuidutils.generate_uuid(), host=host,
                                 binary=binary, topic=topic, report_count=0,
                                 disabled=False, forced_down=False,
                                 last_seen_up=now)
            db.add(row)
        row.report_count = (row.report_count or 0) + 1
        row.last_seen_up = now
        db.flush()
        return service_obj.Service.from_row(row)


def heartbeat(service_id):
    """Record that the service is alive; False if it was deleted."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        result = db.execute(sa.update(models.Service).where(
            models.Service.id == service_id, _live()).values(
                report_count=models.Service.report_count + 1,
                last_seen_up=now, updated_at=now))
        return result.rowcount > 0


def list_services(host=None, binary=None):
    query = sa.select(models.Service).where(_live()).order_by(
        models.Service.id)
    if host is not None:
        query = query.where(models.Service.host == host)
    if binary is not None:
        query = query.where(models.Service.binary == binary)
    with session.cell_session() as db:
        return [service_obj.Service.from_row(r) for r in db.scalars(query)]


def _get_row(db, service_id):
    column = models.Service.uuid if uuidutils.is_uuid_like(service_id) \
        else models.Service.id
    if column is models.Service.id:
        try:
            service_id = int(service_id)
        except (TypeError, ValueError):
            raise exception.ServiceNotFound(service_id=service_id)
        if abs(service_id) > MAX_ROW_ID:
            raise exception.ServiceNotFound(service_id=service_id)
    row = db.scalars(sa.select(models.Service).where(
        _live(), column == service_id)).first()
    if row is None:
        raise exception.ServiceNotFound(service_id=service_id)
    return row


def get(service_id):
    """By integer id or uuid; ServiceNotFound otherwise."""
    with session.cell_session() as db:
        return service_obj.Service.from_row(_get_row(db, service_id))


def get_by_host_binary(host, binary):
    services = list_services(host=host, binary=binary)
    if not services:
        raise exception.ComputeHostNotFound(host=host)
    return services[0]


def update(service_id, **values):
    """Set disabled / disabled_reason / forced_down; returns the service."""
    with session.cell_session() as db:
        row = _get_row(db, service_id)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = timeutils.utcnow(with_timezone=False)
        db.flush()
        return service_obj.Service.from_row(row)


def soft_delete(service_id):
    """Delete the service and its compute nodes (soft delete)."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        row = _get_row(db, service_id)
        db.execute(sa.update(models.ComputeNode).where(
            models.ComputeNode.service_id == row.id,
            models.ComputeNode.deleted == 0).values(
                deleted=models.ComputeNode.id, deleted_at=now))
        row.deleted = row.id
        row.deleted_at = now


# Migration statuses after which a migration no longer holds resources on
# its hosts.
_MIGRATION_DONE_STATUSES = ('confirmed', 'reverted', 'error', 'failed',
                            'completed', 'cancelled', 'done')


def count_instances_on_host(host):
    """How many live instances the host runs."""
    inst = models.Instance
    query = sa.select(sa.func.count()).select_from(inst).where(
        inst.deleted == 0, inst.host == host)
    with session.cell_session() as db:
        return db.scalar(query)


def has_in_progress_migrations(host, nodenames):
    """Whether a migration still under way has ``host`` (one of its
    ``nodenames``) as its source or destination."""
    if not nodenames:
        return False
    mig = models.Migration
    query = sa.select(mig.id).where(
        mig.deleted == 0, mig.status.not_in(_MIGRATION_DONE_STATUSES),
        sa.or_(sa.and_(mig.source_compute == host,
                       mig.source_node.in_(nodenames)),
               sa.and_(mig.dest_compute == host,
                       mig.dest_node.in_(nodenames)))).limit(1)
    with session.cell_session() as db:
        return db.scalar(query) is not None


def has_done_evacuations(host):
    """Whether evacuations away from ``host`` are still in the ``done``
    state, i.e. its agent has not restarted to clean them up."""
    mig = models.Migration
    query = sa.select(mig.id).where(
        mig.deleted == 0, mig.source_compute == host, mig.status == 'done',
        mig.migration_type == 'evacuation').limit(1)
    with session.cell_session() as db:
        return db.scalar(query) is not None


def delete_host_records(host):
    """Forget a deleted compute host in the API database: its host mapping
    and its membership of host aggregates."""
    with session.api_session() as db:
        db.execute(sa.delete(models_api.HostMapping).where(
            models_api.HostMapping.host == host))
        db.execute(sa.delete(models_api.AggregateHost).where(
            models_api.AggregateHost.host == host))
