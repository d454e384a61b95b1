"""GET /os-migrations: fields per microversion, filters, paging,
changes-since / changes-before, and who sees what.

The records are written straight into the cell database for a real
server, so every kind and status of move can be listed without running
one (test_server_resize.py runs real ones)."""

import datetime
import time

import pytest

from compute.db import instances as instances_db
from compute.db import migration_records
from tests.functional import client
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401

BASE_KEYS = {'id', 'instance_uuid', 'status', 'source_compute',
             'source_node', 'dest_compute', 'dest_node', 'dest_host',
             'old_instance_type_id', 'new_instance_type_id', 'created_at',
             'updated_at'}
HOST_KEYS = ('source_compute', 'source_node', 'dest_compute', 'dest_node',
             'dest_host')


def _record(instance, migration_type='resize', status='finished',
            source='compute1', dest='compute2', **values):
    return migration_records.create(
        instance, migration_type, status, source_compute=source,
        source_node=source, dest_compute=dest, dest_node=dest,
        dest_host='127.0.0.1', old_instance_type_id=1,
        new_instance_type_id=2, **values)


@pytest.fixture
def seeded(api):
    """A server of a fresh project with four migrations, oldest first:
    a finished resize, a running live migration, an errored cold
    migration (compute2 -> compute1) and a done evacuation."""
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instance = instances_db.get(server['id'])
    records = []
    for kind, status, source, dest in (
            ('resize', 'finished', 'compute1', 'compute2'),
            ('live-migration', 'running', 'compute1', 'compute2'),
            ('migration', 'error', 'compute2', 'compute1'),
            ('evacuation', 'done', 'compute1', 'compute2')):
        records.append(_record(instance, kind, status, source, dest))
        time.sleep(0.01)
    return token, server, records


def _list(api, version, token=client.ADMIN_TOKEN, headers=None, **params):
    resp = api.get('/os-migrations', version=version, token=token,
                   params=params, headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _ids(body):
    return [m['id'] for m in body['migrations']]


def test_fields_per_microversion(api, seeded):
    _, server, records = seeded
    ids = [r.id for r in records]

    old = _list(api, '2.1', instance_uuid=server['id'])['migrations']
    assert [m['id'] for m in old] == ids
    assert all(set(m) == BASE_KEYS for m in old)
    first = old[0]
    assert first['instance_uuid'] == server['id']
    assert (first['source_compute'], first['dest_compute']) == \
        ('compute1', 'compute2')
    assert (first['old_instance_type_id'], first['new_instance_type_id']) \
        == (1, 2)
    assert first['created_at'].count('.') == 1  # 2012-10-29T13:42:02.000000

    v223 = _list(api, '2.23', instance_uuid=server['id'])['migrations']
    assert [m['migration_type'] for m in v223] == [
        'resize', 'live-migration', 'migration', 'evacuation']
    # Links for the live migration in progress only.
    assert ['links' in m for m in v223] == [False, True, False, False]
    link = v223[1]['links'][0]
    assert link['rel'] == 'self'
    assert link['href'].endswith('/v2.1/servers/%s/migrations/%d'
                                 % (server['id'], ids[1]))
    assert 'uuid' not in v223[0]

    v259 = _list(api, '2.59', instance_uuid=server['id'])
    assert _ids(v259) == ids[::-1]  # newest first
    assert [m['uuid'] for m in v259['migrations']] == \
        [r.uuid for r in records[::-1]]
    assert 'user_id' not in v259['migrations'][0]
    assert 'migrations_links' not in v259

    v280 = _list(api, '2.80', instance_uuid=server['id'])['migrations']
    assert {(m['user_id'], m['project_id']) for m in v280} == \
        {(server['user_id'], server['tenant_id'])}


@pytest.mark.parametrize('version', ['2.1', '2.59'])
def test_filters(api, seeded, version):
    _, server, records = seeded
    ids = [r.id for r in records]

    def listed(**params):
        found = _ids(_list(api, version, instance_uuid=server['id'],
                           **params))
        return sorted(found)

    assert listed(status='error') == [ids[2]]
    assert listed(migration_type='live-migration') == [ids[1]]
    assert listed(host='compute2') == sorted(ids)
    assert listed(source_compute='compute2') == [ids[2]]
    assert listed(hidden='0') == sorted(ids)
    assert listed(hidden='1') == []
    assert listed(status='nope') == []


def test_unknown_params_ignored_then_refused(api, seeded):
    _, server, records = seeded
    body = _list(api, '2.58', instance_uuid=server['id'], foo='bar',
                 limit='1')
    assert len(body['migrations']) == len(records)
    resp = api.get('/os-migrations', version='2.59',
                   params={'foo': 'bar'})
    assert client.fault_message(resp, 400).startswith(
        'Additional properties are not allowed')
    for version, name in (('2.65', 'changes-before'), ('2.79', 'user_id'),
                          ('2.79', 'project_id')):
        resp = api.get('/os-migrations', version=version,
                       params={name: 'x'})
        assert resp.status_code == 400, (version, name)


def test_paging(api, seeded):
    _, server, records = seeded
    newest = records[::-1]
    page = _list(api, '2.59', instance_uuid=server['id'], limit=2)
    assert _ids(page) == [r.id for r in newest[:2]]
    link = page['migrations_links'][0]
    assert link['rel'] == 'next'
    assert 'marker=%s' % newest[1].uuid in link['href']
    assert 'limit=2' in link['href']
    rest = _list(api, '2.59', instance_uuid=server['id'], limit=2,
                 marker=newest[1].uuid)
    assert _ids(rest) == [r.id for r in newest[2:]]
    last = _list(api, '2.59', instance_uuid=server['id'], limit=2,
                 marker=newest[3].uuid)
    assert last == {'migrations': []}
    assert _list(api, '2.59', instance_uuid=server['id'],
                 limit=0) == {'migrations': []}
    resp = api.get('/os-migrations', version='2.59',
                   params={'marker': 'unknown'})
    assert client.fault_message(resp, 400) == \
        'Marker unknown could not be found.'
    resp = api.get('/os-migrations', version='2.59', params={'limit': -1})
    assert resp.status_code == 400


def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def test_changes_since_and_before(api, seeded):
    _, server, records = seeded
    # Only updated rows have updated_at.
    before_update = datetime.datetime.utcnow()
    time.sleep(0.01)
    migration_records.update(records[0].id, status='confirmed')
    time.sleep(0.01)
    middle = datetime.datetime.utcnow()
    time.sleep(0.01)
    migration_records.update(records[2].id, status='error')
    after = datetime.datetime.utcnow()

    def listed(version, **params):
        return _ids(_list(api, version, instance_uuid=server['id'],
                          **params))

    assert listed('2.59', **{'changes-since': _iso(before_update)}) == \
        [records[2].id, records[0].id]
    assert listed('2.59', **{'changes-since': _iso(middle)}) == \
        [records[2].id]
    assert listed('2.59', **{'changes-since': _iso(after)}) == []
    # Ignored before 2.59.
    assert len(listed('2.58', **{'changes-since': _iso(after)})) == 4
    assert listed('2.66', **{'changes-before': _iso(middle)}) == \
        [records[0].id]
    assert listed('2.66', **{'changes-since': _iso(before_update),
                             'changes-before': _iso(after)}) == \
        [records[2].id, records[0].id]
    resp = api.get('/os-migrations', version='2.66', params={
        'changes-since': _iso(after), 'changes-before': _iso(middle)})
    assert client.fault_message(resp, 400) == (
        'The value of changes-since must be less than or equal to '
        'changes-before.')
    resp = api.get('/os-migrations', version='2.59',
                   params={'changes-since': 'yesterday'})
    assert resp.status_code == 400


def test_user_and_project_filters(api, seeded):
    _, server, records = seeded
    assert len(_ids(_list(api, '2.80', user_id=server['user_id']))) == 4
    assert len(_ids(_list(api, '2.80',
                          project_id=server['tenant_id']))) == 4
    assert _list(api, '2.80', user_id='nobody') == {'migrations': []}


def test_policy(api, seeded):
    token, server, records = seeded
    project = server['tenant_id']
    # A member (not a manager) may not list.
    resp = api.get('/os-migrations', token=token)
    assert client.fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-migrations:index to be "
        "performed.")
    manager = ('mgr:%s' % project, {'X-Roles': 'manager,member,reader'})
    mine = _list(api, '2.80', token=manager[0], headers=manager[1])
    assert _ids(mine) == [r.id for r in records[::-1]]
    # Without index:host the hosts are hidden.
    assert all(m[key] is None for m in mine['migrations']
               for key in HOST_KEYS)
    other = live_servers.token()
    other_manager = ('mgr:%s' % other.split(':')[1], manager[1])
    assert _list(api, '2.80', token=other_manager[0],
                 headers=other_manager[1]) == {'migrations': []}
    resp = api.get('/os-migrations', version='2.80', token=other_manager[0],
                   headers=other_manager[1], params={'project_id': project})
    assert resp.status_code == 403
    # The administrator sees every project's, with hosts.
    admin = _list(api, '2.80', instance_uuid=server['id'])['migrations']
    assert admin[0]['source_compute'] == 'compute1'
