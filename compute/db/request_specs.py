"""Request specs and instance mappings of servers (API database).

A server's request spec is what it was asked to be built with (flavor,
image, zone, hints...), kept for its later moves and for the API fields
derived from it; its mapping records where it lives.
"""

import json

import sqlalchemy as sa

from compute.db import models_api as models
from compute.db import server_groups
from compute.db import session
from compute.objects import request_spec as spec_obj


def create(spec, instance_uuids):
    """One spec row and one mapping row per server of a request."""
    with session.api_session() as db:
        for uuid in instance_uuids:
            values = dict(spec.to_dict(), instance_uuid=uuid)
            db.add(models.RequestSpec(instance_uuid=uuid,
                                      spec=json.dumps(values, default=str)))
            db.add(models.InstanceMapping(
                instance_uuid=uuid, project_id=spec.project_id,
                user_id=spec.user_id, queued_for_delete=False))


def get_many(instance_uuids):
    """{uuid: RequestSpec} of the servers that have one."""
    uuids = list(instance_uuids)
    if not uuids:
        return {}
    query = sa.select(models.RequestSpec.instance_uuid,
                      models.RequestSpec.spec).where(
        models.RequestSpec.instance_uuid.in_(uuids))
    with session.api_session() as db:
        return {uuid: spec_obj.RequestSpec(**json.loads(text))
                for uuid, text in db.execute(query)}


def get(instance_uuid):
    """The server's spec for a new scheduling decision (a move): its
    server group as it is now (members and their hosts), not as it was
    at boot."""
    spec = get_many([instance_uuid]).get(instance_uuid)
    group = spec.instance_group if spec else None
    if group and group.get('uuid'):
        spec.instance_group = server_groups.scheduling_view(
            group['uuid']) or group
    return spec


def update(spec):
    """Write ``spec`` back."""
    with session.api_session() as db:
        db.execute(sa.update(models.RequestSpec).where(
            models.RequestSpec.instance_uuid == spec.instance_uuid).values(
                spec=json.dumps(spec.to_dict(), default=str)))


def delete(instance_uuids):
    uuids = list(instance_uuids)
    with session.api_session() as db:
        db.execute(sa.delete(models.RequestSpec).where(
            models.RequestSpec.instance_uuid.in_(uuids)))
        db.execute(sa.delete(models.InstanceMapping).where(
            models.InstanceMapping.instance_uuid.in_(uuids)))
