"""Conformance of resize, confirm, revert, cold migration and
GET /os-migrations with Nova's API samples (servers' resize /
confirmResize / revertResize requests, os-migrate-server's migrate
requests, every os-migrations response).

Every sample request is sent to a real server (booted through the API,
moved, confirmed or reverted, and deleted at the end) at the sample's
microversion, by its project's member (the administrator for migrate);
its status code is Nova's. The v2.56 request's host ``host1`` becomes
the host the server is not on. The os-migrations responses are those of
real moves (a resize and a cold migration of one server), listed with
the sample's query adapted: ``limit=1``, a marker, and
``changes-since`` / ``changes-before`` around the moves; as the marker
and changes-before samples show a live migration in progress, one is
written into the database for the server first.
"""

import datetime
import time

import pytest

from compute.db import instances as instances_db
from compute.db import migration_records
from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load
from tests.functional.samples.test_server_lifecycle_samples import ADMIN

HOSTS = ('compute1', 'compute2')


@pytest.fixture
def booted(fleet):
    """An ACTIVE server of a fresh project: (id, member token)."""
    return fleet.active('resize-sample')


def _send(api, server_id, body, token, version, status):
    resp = api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version)
    assert resp.status_code == status, resp.text
    assert resp.text == ''
    return resp


def _host(api, server_id):
    return api.get('/servers/' + server_id, version='2.1').json()[
        'server']['OS-EXT-SRV-ATTR:host']


@pytest.mark.parametrize('ending,status,settled', [
    ('servers/server-action-confirm-resize.json', 204, 'ACTIVE'),
    ('servers/server-action-revert-resize.json', 202, 'ACTIVE')])
def test_resize_requests(api, fleet, booted, ending, status, settled):
    server_id, token = booted
    _send(api, server_id, load('servers/server-action-resize.json'), token,
          '2.1', 202)
    fleet.wait(server_id, token, ('VERIFY_RESIZE',))
    _send(api, server_id, load(ending), token, '2.1', status)
    fleet.wait(server_id, token, (settled,))


@pytest.mark.parametrize('sample,version', [
    ('os-migrate-server/migrate-server.json', '2.1'),
    ('os-migrate-server/v2.56/migrate-server-null.json', '2.56'),
    ('os-migrate-server/v2.56/migrate-server.json', '2.56')])
def test_migrate_requests(api, fleet, booted, sample, version):
    server_id, token = booted
    body = load(sample)
    source = _host(api, server_id)
    if body['migrate']:
        body['migrate']['host'] = [h for h in HOSTS if h != source][0]
    _send(api, server_id, body, ADMIN, version, 202)
    fleet.wait(server_id, token, ('VERIFY_RESIZE',))
    assert _host(api, server_id) != source
    _send(api, server_id, load('servers/server-action-confirm-resize.json'),
          token, '2.1', 204)
    fleet.wait(server_id, token)


@pytest.fixture
def moved(api, fleet, booted):
    """The booted server with a live migration in progress written into
    the database (the samples' marker and changes-before pages show
    one), then resized (confirmed) and cold migrated (reverted) for
    real. (server id, times after the live one / between / after the
    real moves)."""
    server_id, token = booted
    instance = instances_db.get(server_id)
    live = migration_records.create(
        instance, 'live-migration', 'running',
        source_compute=instance.host, source_node=instance.node,
        dest_compute='elsewhere', dest_node='elsewhere',
        dest_host='192.0.2.1', old_instance_type_id=instance.instance_type_id,
        new_instance_type_id=instance.instance_type_id)
    migration_records.update(live.id, memory_processed=0)
    time.sleep(0.01)
    marks = [datetime.datetime.utcnow()]
    _send(api, server_id, load('servers/server-action-resize.json'), token,
          '2.1', 202)
    fleet.wait(server_id, token, ('VERIFY_RESIZE',))
    _send(api, server_id, load('servers/server-action-confirm-resize.json'),
          token, '2.1', 204)
    fleet.wait(server_id, token)
    marks.append(datetime.datetime.utcnow())
    _send(api, server_id, load('os-migrate-server/migrate-server.json'),
          ADMIN, '2.1', 202)
    fleet.wait(server_id, token, ('VERIFY_RESIZE',))
    _send(api, server_id, load('servers/server-action-revert-resize.json'),
          token, '2.1', 202)
    fleet.wait(server_id, token)
    marks.append(datetime.datetime.utcnow())
    return server_id, marks


def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def test_migrations_list(api, moved):
    server_id, marks = moved
    for sample, version in (
            ('os-migrations/migrations-get.json', '2.1'),
            ('os-migrations/v2.23/migrations-get.json', '2.23'),
            ('os-migrations/v2.59/migrations-get.json', '2.59'),
            ('os-migrations/v2.66/migrations-get.json', '2.66')):
        resp = api.get('/os-migrations', version=version,
                       params={'instance_uuid': server_id})
        check(resp, sample, 200)
        assert len(resp.json()['migrations']) == 3


@pytest.mark.parametrize('version', ['2.59', '2.66'])
def test_migrations_paged(api, moved, version):
    server_id, marks = moved
    folder = 'os-migrations/v%s/' % version
    resp = api.get('/os-migrations', version=version,
                   params={'instance_uuid': server_id, 'limit': 1})
    check(resp, folder + 'migrations-get-with-limit.json', 200)
    resp = api.get('/os-migrations', version=version,
                   params={'instance_uuid': server_id, 'limit': 2})
    marker = resp.json()['migrations'][1]['uuid']
    resp = api.get('/os-migrations', version=version,
                   params={'instance_uuid': server_id, 'marker': marker})
    check(resp, folder + 'migrations-get-with-marker.json', 200)
    assert [m['migration_type'] for m in resp.json()['migrations']] == \
        ['live-migration']
    resp = api.get('/os-migrations', version=version, params={
        'instance_uuid': server_id, 'changes-since': _iso(marks[0])})
    check(resp, folder + 'migrations-get-with-changes-since.json', 200)
    assert len(resp.json()['migrations']) == 2


def test_migrations_changes_before(api, moved):
    server_id, marks = moved
    resp = api.get('/os-migrations', version='2.66', params={
        'instance_uuid': server_id,
        'changes-before': _iso(marks[0])})
    check(resp, 'os-migrations/v2.66/migrations-get-with-changes-before.'
          'json', 200)
    assert [m['migration_type'] for m in resp.json()['migrations']] == \
        ['live-migration']
