"""Queries on the compute_nodes table (cell database), alone or with the
service record and the instances of each node's host."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import services
from compute.db import session
from compute import exception
from compute.objects import compute_node as node_obj
from compute.objects import service as service_obj


def _live():
    return models.ComputeNode.deleted == 0


def upsert(node, service_id):
    """Create or update the node a host reports; returns the stored node."""
    values = {name: getattr(node, name)
              for name in node_obj.REPORTED_FIELDS}
    with session.cell_session() as db:
        row = db.scalars(sa.select(models.ComputeNode).where(
            _live(), models.ComputeNode.uuid == node.uuid)).first()
        if row is None:
            row = models.ComputeNode(service_id=service_id, **values)
            db.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.service_id = service_id
            row.updated_at = timeutils.utcnow(with_timezone=False)
        db.flush()
        return node_obj.ComputeNode.from_row(row)


def list_nodes(host=None):
    query = sa.select(models.ComputeNode).where(_live()).order_by(
        models.ComputeNode.id)
    if host is not None:
        query = query.where(models.ComputeNode.host == host)
    with session.cell_session() as db:
        return [node_obj.ComputeNode.from_row(r) for r in db.scalars(query)]


def _with_service():
    """Live nodes joined with their live service record (None when the
    service is gone), in id order."""
    svc = models.Service
    return sa.select(models.ComputeNode, svc).outerjoin(
        svc, sa.and_(svc.id == models.ComputeNode.service_id,
                     svc.deleted == 0)).where(_live()).order_by(
        models.ComputeNode.id)


def _pairs(db, query):
    return [(node_obj.ComputeNode.from_row(node),
             service_obj.Service.from_row(svc) if svc is not None else None)
            for node, svc in db.execute(query)]


def _by_id_or_uuid(node_id):
    """A where clause matching a node by uuid or integer id, or None when
    ``node_id`` is neither."""
    if uuidutils.is_uuid_like(node_id):
        return models.ComputeNode.uuid == node_id
    try:
        row_id = int(node_id)
    except (TypeError, ValueError):
        return None
    if abs(row_id) > services.MAX_ROW_ID:
        return None
    return models.ComputeNode.id == row_id


def get_with_service(node_id):
    """(node, service or None) by uuid or integer id; ComputeHostNotFound
    otherwise."""
    clause = _by_id_or_uuid(node_id)
    if clause is not None:
        with session.cell_session() as db:
            found = _pairs(db, _with_service().where(clause))
        if found:
            return found[0]
    raise exception.ComputeHostNotFound(host=node_id)


def list_with_services(limit=None, marker=None):
    """[(node, service or None)] in id order: at most ``limit`` nodes (all
    when it is None or 0) after the node ``marker`` (uuid or id);
    MarkerNotFound when there is no such node."""
    query = _with_service()
    with session.cell_session() as db:
        if marker is not None:
            clause = _by_id_or_uuid(marker)
            marker_id = None if clause is None else db.scalars(
                sa.select(models.ComputeNode.id).where(_live(),
                                                       clause)).first()
            if marker_id is None:
                raise exception.MarkerNotFound(marker=marker)
            query = query.where(models.ComputeNode.id > marker_id)
        if limit:
            query = query.limit(limit)
        return _pairs(db, query)


def search_with_services(hostname_part):
    """[(node, service or None)] of the nodes whose hypervisor hostname
    contains ``hostname_part`` (SQL LIKE semantics, as Nova's search)."""
    query = _with_service().where(
        models.ComputeNode.hypervisor_hostname.like(
            '%' + hostname_part + '%'))
    with session.cell_session() as db:
        return _pairs(db, query)


_STATISTICS_FIELDS = (
    'vcpus', 'memory_mb', 'local_gb', 'vcpus_used', 'memory_mb_used',
    'local_gb_used', 'free_ram_mb', 'free_disk_gb', 'current_workload',
    'running_vms', 'disk_available_least')


def statistics():
    """Totals over the nodes of enabled compute services, with ``count``."""
    node = models.ComputeNode
    svc = models.Service
    columns = [sa.func.count().label('count')] + [
        sa.func.sum(getattr(node, name)).label(name)
        for name in _STATISTICS_FIELDS]
    query = sa.select(*columns).select_from(node).join(
        svc, sa.and_(svc.id == node.service_id, svc.deleted == 0,
                     svc.disabled == sa.false())).where(_live())
    with session.cell_session() as db:
        row = db.execute(query).one()
    return {name: int(value or 0) for name, value in row._mapping.items()}


def servers_on_hosts(hosts):
    """{host: [(instance id, instance uuid)]} of the live instances on
    ``hosts``, in id order."""
    found = {host: [] for host in hosts}
    if found:
        inst = models.Instance
        query = sa.select(inst.host, inst.id, inst.uuid).where(
            inst.deleted == 0, inst.host.in_(list(found))).order_by(inst.id)
        with session.cell_session() as db:
            for host, inst_id, inst_uuid in db.execute(query):
                found[host].append((inst_id, inst_uuid))
    return found
