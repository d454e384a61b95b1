"""Server groups in the API database (Nova's ``instance_groups``, one
``instance_group_policy`` row holding the policy and its JSON rules, and
``instance_group_member`` rows), and where their members run.

Callers get plain ``ServerGroup`` records. Members are listed only while
their server is not deleted (the server lives in the cell database), as
Nova does; rows are hard-deleted with their group.
"""

import dataclasses
import datetime
import json
import uuid as uuid_mod

import sqlalchemy as sa

from compute import exception
from compute import states
from compute.db import models_api as models
from compute.db import models_cell
from compute.db import session


class ServerGroupNotFound(exception.NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


@dataclasses.dataclass(frozen=True)
class ServerGroup:
    id: int
    uuid: str
    name: str | None
    project_id: str | None
    user_id: str | None
    policy: str | None
    rules: dict
    # Uuids of the members whose server is not deleted, in joining order.
    members: list
    created_at: datetime.datetime | None


def _rules(text):
    """The stored rules with ``max_server_per_host`` as a number."""
    rules = json.loads(text) if text else {}
    if 'max_server_per_host' in rules:
        rules['max_server_per_host'] = int(rules['max_server_per_host'])
    return rules


def _fields(row):
    """What a record needs of a group row, read while its session is
    open: the row's columns, its policy row and its member uuids."""
    policy = row.policies[0] if row.policies else None
    return {'id': row.id, 'uuid': row.uuid, 'name': row.name,
            'project_id': row.project_id, 'user_id': row.user_id,
            'policy': policy.policy if policy else None,
            'rules': _rules(policy.rules) if policy else {},
            'members': [m.instance_uuid for m in sorted(row.members,
                                                        key=lambda m: m.id)],
            'created_at': row.created_at}


def _live_instances(instance_uuids):
    """{uuid: row with host, vm_state, launched_at} of the servers among
    ``instance_uuids`` that are not deleted (one query)."""
    if not instance_uuids:
        return {}
    inst = models_cell.Instance
    query = sa.select(inst.uuid, inst.host, inst.vm_state,
                      inst.launched_at).where(
        inst.deleted == 0, inst.uuid.in_(sorted(set(instance_uuids))))
    with session.cell_session() as db:
        return {row.uuid: row for row in db.execute(query)}


def _records(groups):
    """ServerGroups of ``_fields`` dicts, their members cut down to the
    servers not deleted (one cell query for all, after the API database
    session ended)."""
    live = _live_instances([uuid for group in groups
                            for uuid in group['members']])
    return [ServerGroup(**dict(group, members=[
        uuid for uuid in group['members'] if uuid in live]))
        for group in groups]


def _visible(query, project_id):
    """``query`` of groups limited to ``project_id`` unless it is None
    (an administrator sees every project's)."""
    if project_id is None:
        return query
    return query.where(models.InstanceGroup.project_id == project_id)


def _get_row(db, group_uuid, project_id=None):
    query = _visible(sa.select(models.InstanceGroup).where(
        models.InstanceGroup.uuid == group_uuid), project_id)
    row = db.scalars(query).first()
    if row is None:
        raise ServerGroupNotFound(group_uuid=group_uuid)
    return row


def create(*, name, project_id, user_id, policy, rules=None):
    """A new group with one policy and its rules."""
    with session.api_session() as db:
        row = models.InstanceGroup(
            uuid=str(uuid_mod.uuid4()), name=name, project_id=project_id,
            user_id=user_id)
        row.policies = [models.InstanceGroupPolicy(
            policy=policy, rules=json.dumps(rules or {}))]
        db.add(row)
        db.flush()
        fields = _fields(row)
    return ServerGroup(**fields)


def get(group_uuid, project_id=None):
    """The group ``group_uuid``, looked for in ``project_id`` only unless
    it is None; ServerGroupNotFound otherwise."""
    with session.api_session() as db:
        fields = _fields(_get_row(db, group_uuid, project_id))
    return _records([fields])[0]


def get_all(project_id=None, limit=None, offset=0):
    """The groups of ``project_id`` (of every project when None) in
    creation order, ``offset`` of them skipped, at most ``limit``."""
    query = _visible(sa.select(models.InstanceGroup), project_id).order_by(
        models.InstanceGroup.id).offset(offset).limit(limit)
    with session.api_session() as db:
        groups = [_fields(row) for row in db.scalars(query)]
    return _records(groups)


def destroy(group_uuid, project_id=None):
    """Delete the group with its policy and memberships."""
    with session.api_session() as db:
        db.delete(_get_row(db, group_uuid, project_id))


def add_members(group_uuid, instance_uuids):
    with session.api_session() as db:
        row = _get_row(db, group_uuid)
        db.add_all([models.InstanceGroupMember(instance_uuid=uuid,
                                               group_id=row.id)
                    for uuid in instance_uuids])


def remove_members(group_uuid, instance_uuids):
    member = models.InstanceGroupMember
    query = sa.delete(member).where(
        member.instance_uuid.in_(list(instance_uuids)),
        member.group_id.in_(sa.select(models.InstanceGroup.id).where(
            models.InstanceGroup.uuid == group_uuid)))
    with session.api_session() as db:
        db.execute(query)


def forget_deleted_members(group_uuid):
    """Drop the memberships of the group's servers that are deleted (so
    they count no more against ``server_group_members``)."""
    member = models.InstanceGroupMember
    query = sa.select(member.instance_uuid).join(
        models.InstanceGroup, models.InstanceGroup.id == member.group_id
    ).where(models.InstanceGroup.uuid == group_uuid)
    with session.api_session() as db:
        uuids = set(db.scalars(query))
    gone = uuids - set(_live_instances(uuids))
    if gone:
        remove_members(group_uuid, gone)


def group_uuid_of(instance_uuid):
    """The uuid of the group ``instance_uuid`` is a member of, or None."""
    member = models.InstanceGroupMember
    query = sa.select(models.InstanceGroup.uuid).join(
        member, member.group_id == models.InstanceGroup.id).where(
            member.instance_uuid == instance_uuid)
    with session.api_session() as db:
        return db.scalars(query).first()


def _holds_host(server):
    """Whether a member occupies its host: it has one, and it is not a
    server whose build failed (ERROR, never launched: in Nova a failed
    build leaves the server without a host)."""
    return bool(server.host) and not (server.vm_state == states.ERROR and
                                      server.launched_at is None)


def placement(group):
    """{member uuid: {'host', 'vm_state'}} of the group's members that are
    not deleted and occupy a host."""
    return {uuid: {'host': server.host, 'vm_state': server.vm_state}
            for uuid, server in _live_instances(group.members).items()
            if _holds_host(server)}


def _policy_view(group):
    return {'uuid': group.uuid, 'policy': group.policy,
            'rules': dict(group.rules), 'members': list(group.members)}


def scheduling_view(group_uuid):
    """The group as a request spec carries it to the scheduler, as it is
    now: uuid, policy, rules, members and the hosts they run on; None
    when the group is gone."""
    try:
        group = get(group_uuid)
    except ServerGroupNotFound:
        return None
    hosts = {member['host'] for member in placement(group).values()}
    return dict(_policy_view(group), hosts=sorted(hosts))


def placement_of_instance(instance_uuid):
    """For the late policy check of a build: uuid, policy, rules and
    members of the group of ``instance_uuid`` and, as ``located``, where
    its members run (see ``placement``); None when the server is in no
    group."""
    group_uuid = group_uuid_of(instance_uuid)
    if group_uuid is None:
        return None
    group = get(group_uuid)
    return dict(_policy_view(group), located=placement(group))
