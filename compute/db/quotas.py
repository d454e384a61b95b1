"""Quota limits and resource usage counts, as the quota engine needs them.

Limits live in the API database: per project (``quotas``), per user within
a project (``project_user_quotas``) and per named class
(``quota_classes``); each is a ``{resource: hard_limit}`` mapping here.
Usage is counted from the live rows it stands for: servers (and their vCPUs
and memory) in the cell database, keypairs, server groups and their members
in the API database.
"""

import sqlalchemy as sa

from compute.db import models_api as api_models
from compute.db import models_cell as cell_models
from compute.db import session

# vm_state of a server deleted with deferred delete: it no longer counts.
_SOFT_DELETED = 'soft-delete'


def _as_dict(rows):
    return {row.resource: row.hard_limit for row in rows}


def get_project_limits(project_id):
    """The limits set on ``project_id`` itself."""
    with session.api_session() as db:
        return _as_dict(db.execute(
            sa.select(api_models.Quota.resource, api_models.Quota.hard_limit)
            .where(api_models.Quota.project_id == project_id)))


def get_user_limits(project_id, user_id):
    """The limits set on ``user_id`` within ``project_id``."""
    model = api_models.ProjectUserQuota
    with session.api_session() as db:
        return _as_dict(db.execute(
            sa.select(model.resource, model.hard_limit)
            .where(model.project_id == project_id, model.user_id == user_id)))


def get_user_limit_totals(project_id):
    """Per resource, the sum of the limits set on the project's users."""
    model = api_models.ProjectUserQuota
    with session.api_session() as db:
        rows = db.execute(
            sa.select(model.resource, sa.func.sum(model.hard_limit))
            .where(model.project_id == project_id)
            .group_by(model.resource))
        return {resource: int(total) for resource, total in rows}


def get_class_limits(class_name):
    """The limits of quota class ``class_name``."""
    model = api_models.QuotaClass
    with session.api_session() as db:
        return _as_dict(db.execute(
            sa.select(model.resource, model.hard_limit)
            .where(model.class_name == class_name)
            .order_by(model.id)))


def _upsert(db, model, scope, limits):
    """Set ``limits`` on the rows of ``model`` matching ``scope`` (a dict of
    column values), creating the rows that do not exist yet."""
    existing = db.scalars(sa.select(model).filter_by(**scope).where(
        model.resource.in_(list(limits)))).all()
    by_resource = {row.resource: row for row in existing}
    for resource, limit in limits.items():
        row = by_resource.get(resource)
        if row is None:
            db.add(model(resource=resource, hard_limit=limit, **scope))
        else:
            row.hard_limit = limit


def set_project_limits(project_id, limits):
    with session.api_session() as db:
        _upsert(db, api_models.Quota, {'project_id': project_id}, limits)


def set_user_limits(project_id, user_id, limits):
    with session.api_session() as db:
        _upsert(db, api_models.ProjectUserQuota,
                {'project_id': project_id, 'user_id': user_id}, limits)


def set_class_limits(class_name, limits):
    with session.api_session() as db:
        _upsert(db, api_models.QuotaClass, {'class_name': class_name},
                limits)


def destroy_project_limits(project_id):
    """Forget every limit set on the project and on its users."""
    with session.api_session() as db:
        for model in (api_models.Quota, api_models.ProjectUserQuota):
            db.execute(sa.delete(model).where(model.project_id == project_id))


def destroy_user_limits(project_id, user_id):
    """Forget every limit set on one user of the project."""
    model = api_models.ProjectUserQuota
    with session.api_session() as db:
        db.execute(sa.delete(model).where(model.project_id == project_id,
                                          model.user_id == user_id))


def _scoped_sum(condition, value=1):
    """SUM(value) over the rows meeting ``condition``."""
    return sa.func.coalesce(sa.func.sum(
        sa.case((condition, value), else_=0)), 0)


def count_instances(project_id, user_id=None):
    """Servers, vCPUs and memory in use by the project and by the user:
    ``{'project': {'instances': n, 'cores': n, 'ram': n}, 'user': {...}}``
    (no 'user' key without ``user_id``). Soft-deleted servers and hidden
    copies do not count."""
    model = cell_models.Instance
    mine = model.user_id == user_id
    query = sa.select(
        sa.func.count(model.id),
        sa.func.coalesce(sa.func.sum(model.vcpus), 0),
        sa.func.coalesce(sa.func.sum(model.memory_mb), 0),
        _scoped_sum(mine), _scoped_sum(mine, model.vcpus),
        _scoped_sum(mine, model.memory_mb),
    ).where(
        model.project_id == project_id, model.deleted == 0,
        sa.or_(model.vm_state != _SOFT_DELETED, model.vm_state.is_(None)),
        sa.or_(model.hidden == sa.false(), model.hidden.is_(None)))
    with session.cell_session() as db:
        row = db.execute(query).one()
    names = ('instances', 'cores', 'ram')
    counts = {'project': dict(zip(names, map(int, row[:3])))}
    if user_id is not None:
        counts['user'] = dict(zip(names, map(int, row[3:])))
    return counts


def count_server_groups(project_id, user_id=None):
    """Server groups of the project and of the user, in the same shape as
    ``count_instances``."""
    model = api_models.InstanceGroup
    query = sa.select(sa.func.count(model.id),
                      _scoped_sum(model.user_id == user_id)).where(
        model.project_id == project_id)
    with session.api_session() as db:
        total, own = db.execute(query).one()
    counts = {'project': {'server_groups': int(total)}}
    if user_id is not None:
        counts['user'] = {'server_groups': int(own)}
    return counts


def count_key_pairs(user_id):
    """Keypairs of the user: ``{'user': {'key_pairs': n}}``."""
    model = api_models.KeyPair
    with session.api_session() as db:
        total = db.scalar(sa.select(sa.func.count(model.id))
                          .where(model.user_id == user_id))
    return {'user': {'key_pairs': int(total)}}


def count_group_members(group_uuid, user_id):
    """Servers of the user in server group ``group_uuid`` that are not on
    their way out: ``{'user': {'server_group_members': n}}``."""
    member = api_models.InstanceGroupMember
    group = api_models.InstanceGroup
    mapping = api_models.InstanceMapping
    query = (sa.select(sa.func.count(member.id))
             .join(group, group.id == member.group_id)
             .join(mapping, mapping.instance_uuid == member.instance_uuid)
             .where(group.uuid == group_uuid, mapping.user_id == user_id,
                    sa.or_(mapping.queued_for_delete == sa.false(),
                           mapping.queued_for_delete.is_(None))))
    with session.api_session() as db:
        total = db.scalar(query)
    return {'user': {'server_group_members': int(total)}}
