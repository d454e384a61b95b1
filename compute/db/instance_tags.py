"""Writing a server's tags (cell database ``tags`` table).

Tags are plain rows keyed by (resource_id, tag), hard-deleted as in Nova.
Reads come with the instance (compute.db.instances.LOADS).
"""

import sqlalchemy as sa

from compute.db import models_cell as models
from compute.db import session
from compute import exception

Tag = models.Tag


class InstanceTagNotFound(exception.NotFound):
    msg_fmt = "Instance %(instance_id)s has no tag '%(tag)s'"


def _tags(db, instance_uuid):
    return set(db.scalars(sa.select(Tag.tag).where(
        Tag.resource_id == instance_uuid)))


def add(instance_uuid, tag):
    """Add ``tag`` (nothing happens when the server already has it)."""
    with session.cell_session() as db:
        if db.get(Tag, (instance_uuid, tag)) is None:
            db.add(Tag(resource_id=instance_uuid, tag=tag))


def replace(instance_uuid, tags):
    """Make ``tags`` (duplicates ignored) the server's whole tag set;
    returns it sorted."""
    wanted = set(tags)
    with session.cell_session() as db:
        existing = _tags(db, instance_uuid)
        if existing - wanted:
            db.execute(sa.delete(Tag).where(
                Tag.resource_id == instance_uuid,
                Tag.tag.in_(existing - wanted)))
        db.add_all(Tag(resource_id=instance_uuid, tag=tag)
                   for tag in wanted - existing)
    return sorted(wanted)


def delete(instance_uuid, tag):
    """Remove ``tag``; InstanceTagNotFound when the server lacks it."""
    with session.cell_session() as db:
        result = db.execute(sa.delete(Tag).where(
            Tag.resource_id == instance_uuid, Tag.tag == tag))
        if not result.rowcount:
            raise InstanceTagNotFound(instance_id=instance_uuid, tag=tag)


def delete_all(instance_uuid):
    with session.cell_session() as db:
        db.execute(sa.delete(Tag).where(Tag.resource_id == instance_uuid))
