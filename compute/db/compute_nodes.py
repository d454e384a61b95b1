"""Queries on the compute_nodes table (cell database)."""

from oslo_utils import timeutils
import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session
from compute.objects import compute_node as node_obj


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
