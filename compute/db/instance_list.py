"""The server list query (cell database) and the batched look-ups a page
of server bodies needs: volumes, compute services, server groups.

``get_instances`` takes filters already normalised by the API (Nova's
names: ``project_id``, ``vm_state``, ``display_name``, ``changes-since``,
``tags``...), sorts by any instance columns in mixed directions (the last
key unique) and pages with a marker. One query per page plus ``LOADS``;
``ip`` / ``ip6`` are regular expressions matched on the addresses of the
network info cache, as Nova does without Neutron's substring filter.
"""

import re

import sqlalchemy as sa

from compute.db import instances as instances_db
from compute.db import models_api
from compute.db import models_cell as models
from compute.db import session
from compute import exception
from compute.objects import service as service_obj
from compute import states

_INST = models.Instance

# Filters matched exactly (a list means "one of"); every other filter naming
# an instance column is a regular expression.
_EXACT = ('project_id', 'user_id', 'image_ref', 'vm_state',
          'instance_type_id', 'uuid', 'host', 'task_state', 'locked')
# Filters handled apart from the column matches.
_SPECIAL = frozenset(('deleted', 'soft_deleted', 'changes-since',
                      'changes-before', 'tags', 'tags-any', 'not-tags',
                      'not-tags-any', 'ip', 'ip6'))
# Sort keys the API accepts are instance columns; these hold no NULLs.
_NOT_NULL = frozenset(('id', 'uuid'))


class _NothingMatches(Exception):
    """A filter no row can pass (an empty list of allowed values)."""


def _column(name):
    """The instance column called ``name``, or None (relationships too)."""
    column = getattr(_INST, name, None)
    if not isinstance(getattr(column, 'property', None),
                      sa.orm.ColumnProperty):
        return None
    return column


def _deleted_condition(filters):
    """Nova's deleted / soft_deleted semantics (absent: no condition)."""
    if 'deleted' not in filters:
        return None
    soft_deleted = _INST.vm_state == states.SOFT_DELETED
    if filters['deleted']:
        if filters.get('soft_deleted', True):
            return sa.or_(_INST.deleted == _INST.id, soft_deleted)
        return _INST.deleted == _INST.id
    live = _INST.deleted == 0
    if filters.get('soft_deleted', False):
        return live
    return sa.and_(live, sa.or_(_INST.vm_state.is_(None), ~soft_deleted))


def _has_tag(tag):
    return _INST.tags.any(models.Tag.tag == tag)


def _tag_conditions(filters):
    conditions = []
    if filters.get('tags'):
        conditions += [_has_tag(tag) for tag in filters['tags']]
    if filters.get('tags-any'):
        conditions.append(_INST.tags.any(
            models.Tag.tag.in_(filters['tags-any'])))
    if filters.get('not-tags'):
        conditions.append(sa.not_(sa.and_(
            *[_has_tag(tag) for tag in filters['not-tags']])))
    if filters.get('not-tags-any'):
        conditions.append(~_INST.tags.any(
            models.Tag.tag.in_(filters['not-tags-any'])))
    return conditions


def _column_conditions(filters):
    conditions = []
    for name, value in filters.items():
        if name in _SPECIAL:
            continue
        column = _column(name)
        if column is None:
            continue
        if name in _EXACT:
            if isinstance(value, (list, tuple, set, frozenset)):
                if not value:
                    raise _NothingMatches()
                conditions.append(column.in_(list(value)))
            else:
                conditions.append(column == value)
        else:
            conditions.append(
                sa.cast(column, sa.String).regexp_match(str(value)))
    return conditions


def _conditions(filters):
    conditions = [sa.or_(_INST.hidden.is_(None), _INST.hidden == sa.false())]
    deleted = _deleted_condition(filters)
    if deleted is not None:
        conditions.append(deleted)
    if filters.get('changes-since'):
        conditions.append(_INST.updated_at >= filters['changes-since'])
    if filters.get('changes-before'):
        conditions.append(_INST.updated_at <= filters['changes-before'])
    return conditions + _tag_conditions(filters) + _column_conditions(
        filters)


def _order(query, keys, dirs, nulls_native):
    """Order by ``keys``; NULL sorts as the smallest value everywhere
    (natively so on SQLite and MySQL)."""
    for key, direction in zip(keys, dirs):
        column = _column(key)
        ordered = column.asc() if direction == 'asc' else column.desc()
        if not nulls_native and key not in _NOT_NULL:
            ordered = ordered.nulls_first() if direction == 'asc' \
                else ordered.nulls_last()
        query = query.order_by(ordered)
    return query


def _after(column, value, direction):
    """(beyond, equal): rows past ``value`` in ``direction``, rows equal."""
    if isinstance(column.type, sa.Boolean) and value is not None:
        # Booleans only compare for equality; order them as integers.
        column, value = sa.cast(column, sa.Integer), int(value)
    if value is None:
        equal = column.is_(None)
        beyond = column.is_not(None) if direction == 'asc' else sa.false()
        return beyond, equal
    if direction == 'asc':
        return column > value, column == value
    return sa.or_(column < value, column.is_(None)), column == value


def _past_marker(keys, dirs, marker_row):
    alternatives = []
    equal_so_far = []
    for key, direction in zip(keys, dirs):
        column = _column(key)
        beyond, equal = _after(column, getattr(marker_row, key), direction)
        alternatives.append(sa.and_(*equal_so_far, beyond))
        equal_so_far.append(equal)
    return sa.or_(*alternatives)


def _marker_row(db, marker):
    row = db.scalars(sa.select(_INST).where(_INST.uuid == marker)).first()
    if row is None:
        raise exception.MarkerNotFound(marker=marker)
    return row


def _ip_matcher(filters):
    """A predicate on network_info for the ip / ip6 filters, or None."""
    if 'ip' not in filters and 'ip6' not in filters:
        return None
    patterns = {4: re.compile(str(filters.get('ip'))),
                6: re.compile(str(filters.get('ip6')))}

    def matches(network_info):
        for vif in network_info:
            for subnet in (vif.get('network') or {}).get('subnets', []):
                for ip in subnet.get('ips', []):
                    pattern = patterns.get(ip.get('version'))
                    if pattern and ip.get('address') and \
                            pattern.match(ip['address']):
                        return True
        return False
    return matches


def get_instances(filters, sort_keys, sort_dirs, limit=None, marker=None):
    """Instance objects passing ``filters`` in the order of ``sort_keys``
    (the last one unique) / ``sort_dirs``, after the ``marker`` instance,
    at most ``limit``. MarkerNotFound when the marker names no instance."""
    if limit == 0:
        return []
    try:
        conditions = _conditions(filters)
    except _NothingMatches:
        return []
    ip_matches = _ip_matcher(filters)
    engine = session.get_engine(session.CELL)
    nulls_native = engine.dialect.name in ('sqlite', 'mysql', 'mariadb')
    query = _order(sa.select(_INST).options(*instances_db.LOADS)
                   .where(*conditions), sort_keys, sort_dirs, nulls_native)
    with session.cell_session() as db:
        if marker is not None:
            query = query.where(_past_marker(sort_keys, sort_dirs,
                                             _marker_row(db, marker)))
        if limit is not None and ip_matches is None:
            query = query.limit(limit)
        instances = [instances_db.to_object(row) for row in db.scalars(query)]
    if ip_matches is not None:
        instances = [inst for inst in instances
                     if ip_matches(inst.network_info)]
        instances = instances[:limit] if limit is not None else instances
    return instances


def volumes_attached(instance_uuids):
    """{instance uuid: [(volume id, delete_on_termination)]} of the live
    volume block devices of the instances, in attachment order."""
    uuids = list(instance_uuids)
    found = {uuid: [] for uuid in uuids}
    if not uuids:
        return found
    bdm = models.BlockDeviceMapping
    query = sa.select(bdm.instance_uuid, bdm.volume_id,
                      bdm.delete_on_termination).where(
        bdm.instance_uuid.in_(uuids), bdm.deleted == 0,
        bdm.volume_id.is_not(None)).order_by(bdm.id)
    with session.cell_session() as db:
        for uuid, volume_id, delete_on_termination in db.execute(query):
            found[uuid].append((volume_id, bool(delete_on_termination)))
    return found


def compute_services(hosts):
    """{host: Service} of the compute services of ``hosts``."""
    hosts = {host for host in hosts if host}
    if not hosts:
        return {}
    query = sa.select(models.Service).where(
        models.Service.deleted == 0, models.Service.binary == 'nova-compute',
        models.Service.host.in_(hosts))
    with session.cell_session() as db:
        return {row.host: service_obj.Service.from_row(row)
                for row in db.scalars(query)}


def server_group_uuids(instance_uuid):
    """The uuids of the server groups the instance is a member of."""
    group = models_api.InstanceGroup
    member = models_api.InstanceGroupMember
    query = sa.select(group.uuid).join(
        member, member.group_id == group.id).where(
            member.instance_uuid == instance_uuid).order_by(group.id)
    with session.api_session() as db:
        return list(db.scalars(query))
