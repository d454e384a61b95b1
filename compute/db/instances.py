"""Queries on instances and the rows hanging off them (cell database).

``update`` is the one place server state changes are written: it compares
the expected vm/task state and swaps in one statement, so two actors can
never both win a transition.
"""

import json

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm

from compute.db import models_cell as models
from compute.db import session
from compute import exception
from compute.objects import instance as instance_obj


class InstanceNotFound(exception.NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class UnexpectedTaskState(exception.Conflict):
    msg_fmt = ('Conflict updating instance %(instance_uuid)s. Expected: '
               '%(expected)s. Actual: %(actual)s')


class UnexpectedDeletingTaskState(UnexpectedTaskState):
    pass


# Always loaded with an instance: one query each per batch, never per row.
LOADS = (orm.selectinload(models.Instance.extra),
         orm.selectinload(models.Instance.info_cache),
         orm.selectinload(models.Instance.metadata_items),
         orm.selectinload(models.Instance.system_metadata),
         orm.selectinload(models.Instance.tags),
         orm.selectinload(models.Instance.faults))


def _json(text, default):
    return json.loads(text) if text else default


def to_object(row):
    """The Instance object of a row loaded with LOADS."""
    values = {name: getattr(row, name) for name in instance_obj.COLUMNS}
    extra = row.extra
    fault = row.faults[0] if row.faults else None
    return instance_obj.Instance(
        flavor=_json(extra.flavor if extra else None, {}),
        keypairs=_json(extra.keypairs if extra else None, []),
        trusted_certs=_json(extra.trusted_certs if extra else None, None),
        metadata={m.key: m.value for m in row.metadata_items},
        system_metadata={m.key: m.value for m in row.system_metadata},
        tags=sorted(t.tag for t in row.tags),
        fault=None if fault is None else {
            'code': fault.code, 'message': fault.message,
            'details': fault.details, 'host': fault.host,
            'created_at': fault.created_at},
        network_info=_json(row.info_cache.network_info
                           if row.info_cache else None, []),
        **values)


def create(values, flavor, metadata=None, system_metadata=None, tags=(),
           keypairs=(), trusted_certs=None):
    """Write a new instance with its extras; returns its object."""
    with session.cell_session() as db:
        row = models.Instance(**values)
        row.extra = models.InstanceExtra(
            instance_uuid=values['uuid'], flavor=json.dumps(flavor),
            keypairs=json.dumps(list(keypairs)),
            trusted_certs=json.dumps(trusted_certs)
            if trusted_certs is not None else None)
        row.info_cache = models.InstanceInfoCache(
            instance_uuid=values['uuid'], network_info='[]')
        row.metadata_items = [
            models.InstanceMetadata(instance_uuid=values['uuid'], key=k,
                                    value=v)
            for k, v in (metadata or {}).items()]
        row.system_metadata = [
            models.InstanceSystemMetadata(instance_uuid=values['uuid'],
                                          key=k, value=v)
            for k, v in (system_metadata or {}).items()]
        row.tags = [models.Tag(resource_id=values['uuid'], tag=t)
                    for t in tags]
        row.faults = []
        db.add(row)
        db.flush()
        return to_object(row)


def _query(uuid, read_deleted=False):
    query = sa.select(models.Instance).options(*LOADS).where(
        models.Instance.uuid == uuid)
    if not read_deleted:
        query = query.where(models.Instance.deleted == 0)
    return query


def get(uuid, read_deleted=False):
    """The instance ``uuid``; InstanceNotFound otherwise."""
    with session.cell_session() as db:
        row = db.scalars(_query(uuid, read_deleted)).first()
        if row is None:
            raise InstanceNotFound(instance_id=uuid)
        return to_object(row)


def _as_list(value):
    if value is None or isinstance(value, (list, tuple, set)):
        return value
    return [value]


def update(uuid, expected_task_state=..., expected_vm_state=..., **values):
    """Set ``values`` if the instance is in the expected states (``...``
    means "do not check"; a list means "one of"). Returns the object.

    UnexpectedDeletingTaskState when the instance is being deleted and
    another state was expected, UnexpectedTaskState for other mismatches,
    InstanceNotFound when it is gone.
    """
    with session.cell_session() as db:
        row = db.scalars(_query(uuid).with_for_update()).first()
        if row is None:
            raise InstanceNotFound(instance_id=uuid)
        if expected_task_state is not ...:
            expected = _as_list(expected_task_state)
            if row.task_state not in expected:
                cls = UnexpectedDeletingTaskState \
                    if row.task_state == 'deleting' else UnexpectedTaskState
                raise cls(instance_uuid=uuid, expected=expected,
                          actual=row.task_state)
        if expected_vm_state is not ...:
            expected = _as_list(expected_vm_state)
            if row.vm_state not in expected:
                raise UnexpectedTaskState(instance_uuid=uuid,
                                          expected=expected,
                                          actual=row.vm_state)
        network_info = values.pop('network_info', None)
        if network_info is not None:
            row.info_cache.network_info = json.dumps(network_info)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = timeutils.utcnow(with_timezone=False)
        db.flush()
        return to_object(row)


def add_fault(uuid, code, message, details=None, host=None):
    with session.cell_session() as db:
        db.add(models.InstanceFault(instance_uuid=uuid, code=code,
                                    message=(message or '')[:255],
                                    details=details, host=host))


def soft_delete(uuid):
    """Mark the instance and its dependent rows deleted (Nova keeps them
    for admins and for ``changes-since``)."""
    now = timeutils.utcnow(with_timezone=False)
    with session.cell_session() as db:
        row = db.scalars(_query(uuid)).first()
        if row is None:
            raise InstanceNotFound(instance_id=uuid)
        for table in (models.InstanceMetadata,
                      models.InstanceSystemMetadata, models.InstanceExtra,
                      models.InstanceInfoCache, models.BlockDeviceMapping):
            db.execute(sa.update(table).where(
                table.instance_uuid == uuid, table.deleted == 0).values(
                    deleted=table.id, deleted_at=now))
        row.vm_state = 'deleted'
        row.task_state = None
        row.power_state = 0
        row.terminated_at = now
        row.deleted = row.id
        row.deleted_at = now
        row.updated_at = now



def list_on_host(host):
    """The live instances placed on ``host``."""
    query = sa.select(models.Instance).options(*LOADS).where(
        models.Instance.deleted == 0, models.Instance.host == host)
    with session.cell_session() as db:
        return [to_object(row) for row in db.scalars(query)]


def usage_on_node(host, node):
    """(vcpus, memory_mb, disk_gb, count) of the live instances on a node."""
    query = sa.select(
        sa.func.coalesce(sa.func.sum(models.Instance.vcpus), 0),
        sa.func.coalesce(sa.func.sum(models.Instance.memory_mb), 0),
        sa.func.coalesce(sa.func.sum(models.Instance.root_gb +
                                     models.Instance.ephemeral_gb), 0),
        sa.func.count(models.Instance.id)).where(
        models.Instance.deleted == 0, models.Instance.host == host,
        models.Instance.node == node)
    with session.cell_session() as db:
        return tuple(int(v) for v in db.execute(query).one())
