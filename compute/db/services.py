"""Queries on the services table (cell database)."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session
from compute import exception
from compute.objects import service as service_obj


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
