"""The server list query on every SQL back end: exact and regular
expression filters, deleted / soft-deleted, tags, change times, hidden
servers, mixed-direction sorting with NULLs and marker paging, the ip
filter; and the batched look-ups of server pages."""

import contextlib
import datetime
import json
import types
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy import pool

from compute import exception
from compute.db import instance_list
from compute.db import models_api
from compute.db import models_cell
from tests import db_backends

T0 = datetime.datetime(2020, 1, 1, 12, 0, 0)


def _maker(url, metadata):
    engine = sa.create_engine(url, poolclass=pool.NullPool)
    metadata.create_all(engine)
    return engine, orm.sessionmaker(bind=engine, expire_on_commit=False)


@pytest.fixture(scope='module', params=db_backends.BACKENDS)
def databases(request):
    """(cell engine and sessionmaker, API engine and sessionmaker) of
    fresh databases on one back end, for the whole module."""
    with db_backends.database(request.param) as cell_url, \
            db_backends.database(request.param) as api_url:
        cell = _maker(cell_url, models_cell.Base.metadata)
        api = _maker(api_url, models_api.Base.metadata)
        yield cell, api
        cell[0].dispose()
        api[0].dispose()


def _empty(engine, metadata):
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db(databases, monkeypatch):
    """The databases behind instance_list, emptied after the test;
    ``cell()`` / ``api()`` open a transaction on one of them."""
    (cell_engine, cell_maker), (api_engine, api_maker) = databases

    @contextlib.contextmanager
    def transaction(maker):
        with maker() as db_session, db_session.begin():
            yield db_session

    monkeypatch.setattr(instance_list, 'session', types.SimpleNamespace(
        CELL='cell', get_engine=lambda which: cell_engine,
        cell_session=lambda: transaction(cell_maker),
        api_session=lambda: transaction(api_maker)))
    yield types.SimpleNamespace(cell=lambda: transaction(cell_maker),
                                api=lambda: transaction(api_maker))
    _empty(cell_engine, models_cell.Base.metadata)
    _empty(api_engine, models_api.Base.metadata)


def _vif(address, version=4):
    return {'address': 'aa:bb:cc:dd:ee:ff', 'network': {
        'label': 'net', 'subnets': [{'ips': [{
            'address': address, 'version': version, 'type': 'fixed'}]}]}}


def _add(db, name, minutes, **values):
    """An instance created ``minutes`` after T0; returns its uuid."""
    server_uuid = values.pop('uuid', None) or str(uuid.uuid4())
    tags = values.pop('tags', ())
    network_info = values.pop('network_info', [])
    deleted = values.pop('deleted', False)
    row = models_cell.Instance(
        uuid=server_uuid, display_name=name, project_id='p', user_id='u',
        vm_state=values.pop('vm_state', 'active'),
        created_at=T0 + datetime.timedelta(minutes=minutes),
        updated_at=T0 + datetime.timedelta(minutes=minutes), **values)
    row.extra = models_cell.InstanceExtra(instance_uuid=server_uuid,
                                          flavor='{}')
    row.info_cache = models_cell.InstanceInfoCache(
        instance_uuid=server_uuid,
        network_info=json.dumps(network_info))
    row.tags = [models_cell.Tag(resource_id=server_uuid, tag=t)
                for t in tags]
    with db.cell() as session:
        session.add(row)
        session.flush()
        if deleted:
            row.deleted = row.id
    return server_uuid


@pytest.fixture
def five(db):
    """Five instances: name -> uuid."""
    return {
        'a': _add(db, 'alpha', 1, host='h2', power_state=1, tags=['x', 'y'],
                  network_info=[_vif('10.0.0.1')]),
        'b': _add(db, 'bravo', 2, host=None, power_state=4, tags=['x'],
                  network_info=[_vif('10.0.0.12'), _vif('fd00::1', 6)]),
        'c': _add(db, 'charlie', 3, host='h1', power_state=1,
                  vm_state='stopped', task_state='powering-on'),
        'd': _add(db, 'delta', 4, host=None, locked=True, tags=['y']),
        'e': _add(db, 'echo', 5, host='h1', key_name='k'),
    }


DEFAULT_SORT = (['created_at', 'id'], ['desc', 'desc'])


def _names(filters, keys=DEFAULT_SORT[0], dirs=DEFAULT_SORT[1], **kwargs):
    return [inst.display_name for inst in instance_list.get_instances(
        filters, list(keys), list(dirs), **kwargs)]


@pytest.mark.parametrize('filters,expected', [
    ({}, ['echo', 'delta', 'charlie', 'bravo', 'alpha']),
    ({'display_name': 'a$'}, ['delta', 'alpha']),
    ({'display_name': '^[ab]'}, ['bravo', 'alpha']),
    ({'vm_state': 'stopped'}, ['charlie']),
    ({'vm_state': ['active', 'stopped'], 'task_state': ['powering-on']},
     ['charlie']),
    ({'vm_state': []}, []),
    ({'host': 'h1'}, ['echo', 'charlie']),
    ({'node': 'nothing'}, []),
    ({'power_state': '4'}, ['bravo']),
    ({'created_at': '2020-01-01 12:0[23]'}, ['charlie', 'bravo']),
    ({'key_name': 'k'}, ['echo']),
    ({'locked': True}, ['delta']),
    ({'tags': ['x', 'y']}, ['alpha']),
    ({'tags-any': ['y']}, ['delta', 'alpha']),
    ({'not-tags': ['x', 'y']}, ['echo', 'delta', 'charlie', 'bravo']),
    ({'not-tags-any': ['x', 'y']}, ['echo', 'charlie']),
    ({'changes-since': T0 + datetime.timedelta(minutes=3)},
     ['echo', 'delta', 'charlie']),
    ({'changes-before': T0 + datetime.timedelta(minutes=2)},
     ['bravo', 'alpha']),
    ({'ip': r'10\.0\.0\.1'}, ['bravo', 'alpha']),
    ({'ip6': '^fd00'}, ['bravo']),
    # Names that are no instance columns (or relationships) match all.
    ({'no_such_column': 'x', 'metadata_items': 'y'},
     ['echo', 'delta', 'charlie', 'bravo', 'alpha']),
])
def test_filters(five, filters, expected):
    assert _names(filters) == expected


def test_ip_filter_applies_the_limit_after_matching(five):
    assert _names({'ip': '10'}, limit=1) == ['bravo']


def test_deleted_soft_deleted_and_hidden(db, five):
    _add(db, 'gone', 6, deleted=True)
    _add(db, 'soft', 7, vm_state='soft-delete')
    _add(db, 'hidden', 8, hidden=True)
    live = ['echo', 'delta', 'charlie', 'bravo', 'alpha']
    assert _names({'deleted': False}) == live
    assert _names({'deleted': False, 'soft_deleted': True}) == \
        ['soft'] + live
    assert _names({'deleted': True}) == ['soft', 'gone']
    assert _names({'deleted': True, 'soft_deleted': False}) == ['gone']
    assert _names({}) == ['soft', 'gone'] + live


SORTS = [
    (['host', 'display_name', 'id'], ['asc', 'asc', 'asc']),
    (['host', 'display_name', 'id'], ['desc', 'asc', 'desc']),
    (['host', 'created_at', 'id'], ['asc', 'desc', 'desc']),
    (['power_state', 'host', 'id'], ['desc', 'desc', 'asc']),
    (['locked', 'created_at', 'id'], ['asc', 'desc', 'desc']),
]


def _expected(keys, dirs, rows):
    """Python's order of ``rows`` (dicts) with NULL as the smallest."""
    for key, direction in reversed(list(zip(keys, dirs))):
        rows = sorted(rows, key=lambda r: (r[key] is not None,
                                           r[key] if r[key] is not None
                                           else 0),
                      reverse=direction == 'desc')
    return [r['display_name'] for r in rows]


def _rows(db):
    with db.cell() as session:
        return [{'display_name': r.display_name, 'host': r.host,
                 'power_state': r.power_state, 'created_at': r.created_at,
                 'locked': r.locked, 'id': r.id}
                for r in session.scalars(sa.select(models_cell.Instance))]


@pytest.mark.parametrize('keys,dirs', SORTS)
def test_sorting_and_paging_with_nulls(db, five, keys, dirs):
    expected = _expected(keys, dirs, _rows(db))
    assert _names({}, keys, dirs) == expected
    paged, marker = [], None
    while True:
        page = instance_list.get_instances({}, keys, dirs, limit=2,
                                           marker=marker)
        if not page:
            break
        paged += [inst.display_name for inst in page]
        marker = page[-1].uuid
    assert paged == expected


def test_marker_may_be_deleted_but_must_exist(db, five):
    gone = _add(db, 'gone', 2.5, deleted=True)
    assert _names({'deleted': False}, marker=gone) == ['bravo', 'alpha']
    with pytest.raises(exception.MarkerNotFound):
        _names({}, marker=str(uuid.uuid4()))


def test_limit_zero_is_empty(five):
    assert _names({}, limit=0) == []


def test_volumes_attached(db, five):
    bdm = models_cell.BlockDeviceMapping
    with db.cell() as session:
        session.add_all([
            bdm(instance_uuid=five['a'], volume_id='v1',
                delete_on_termination=True),
            bdm(instance_uuid=five['a'], volume_id=None, source_type='image'),
            bdm(instance_uuid=five['a'], volume_id='v2'),
            bdm(instance_uuid=five['b'], volume_id='v3', deleted=99)])
    assert instance_list.volumes_attached([five['a'], five['b']]) == {
        five['a']: [('v1', True), ('v2', False)], five['b']: []}
    assert instance_list.volumes_attached([]) == {}


def test_compute_services(db):
    with db.cell() as session:
        session.add_all([
            models_cell.Service(host='h1', binary='nova-compute',
                                topic='compute', disabled=True),
            models_cell.Service(host='h1', binary='nova-conductor',
                                topic='conductor'),
            models_cell.Service(host='h2', binary='nova-compute',
                                topic='compute', deleted=5)])
    services = instance_list.compute_services(['h1', 'h2', None])
    assert list(services) == ['h1']
    assert services['h1'].disabled is True
    assert instance_list.compute_services([None]) == {}


def test_server_group_uuids(db):
    with db.api() as session:
        groups = [models_api.InstanceGroup(uuid=str(uuid.uuid4()))
                  for _ in range(3)]
        session.add_all(groups)
        session.flush()
        session.add_all([
            models_api.InstanceGroupMember(instance_uuid='i1',
                                           group_id=groups[0].id),
            models_api.InstanceGroupMember(instance_uuid='i1',
                                           group_id=groups[2].id),
            models_api.InstanceGroupMember(instance_uuid='i2',
                                           group_id=groups[1].id)])
    assert instance_list.server_group_uuids('i1') == [groups[0].uuid,
                                                      groups[2].uuid]
    assert instance_list.server_group_uuids('none') == []
