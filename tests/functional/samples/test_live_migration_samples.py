"""Conformance of live migration with Nova's API samples: the
os-migrateLive requests of os-migrate-server and server-migrations, and
the server-migrations list, show and force_complete bodies.

Adapted to this cloud: the sample's destination host (a uuid-like name)
becomes the host the server is not on. The 2.80 fields (user_id,
project_id) have no sample folder here: they are checked against the
2.59 sample plus those two strings.
"""

import copy

import pytest

from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load
from tests.functional.samples import shape
from tests.functional.live_migrations import booted
from tests.functional.live_migrations import live_migrate
from tests.functional.live_migrations import migration_of
from tests.functional.live_migrations import other
from tests.functional.live_migrations import request_body
from tests.functional.live_migrations import slow_live_migrations  # noqa: F401
from tests.functional.live_migrations import wait_running
from tests.functional.live_migrations import wait_task_done
from tests.functional.live_servers import cleanup_servers  # noqa: F401


@pytest.mark.parametrize('sample,version', [
    ('os-migrate-server/live-migrate-server.json', '2.1'),
    ('os-migrate-server/v2.25/live-migrate-server.json', '2.25'),
    ('os-migrate-server/v2.30/live-migrate-server.json', '2.30'),
    ('os-migrate-server/v2.68/live-migrate-server.json', '2.68'),
    ('server-migrations/v2.22/live-migrate-server.json', '2.22'),
    ('server-migrations/v2.24/live-migrate-server.json', '2.24'),
    ('server-migrations/v2.65/live-migrate-server.json', '2.65'),
])
def test_live_migrate_requests(api, sample, version):
    _, server_id, source = booted(api)
    body = load(sample)
    if body['os-migrateLive']['host']:
        body['os-migrateLive']['host'] = other(source)
    resp = live_migrate(api, server_id, body, version=version)
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    server = wait_task_done(api, server_id)
    assert server['OS-EXT-SRV-ATTR:host'] == other(source)
    assert migration_of(server_id).status == 'completed'


@pytest.mark.parametrize('version', ['2.23', '2.59'])
@pytest.mark.usefixtures('slow_live_migrations')
def test_list_and_show(api, version):
    _, server_id, _ = booted(api)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    base = '/servers/%s/migrations' % server_id
    check(api.get(base, version=version),
          'server-migrations/v%s/migrations-index.json' % version, 200)
    check(api.get('%s/%s' % (base, migration.id), version=version),
          'server-migrations/v%s/migrations-get.json' % version, 200)
    api.delete('%s/%s' % (base, migration.id), version='2.24')
    wait_task_done(api, server_id)


@pytest.mark.usefixtures('slow_live_migrations')
def test_list_and_show_2_80(api):
    _, server_id, _ = booted(api)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    sample = copy.deepcopy(load('server-migrations/v2.59/migrations-get.json'))
    sample['migration'].update(user_id='user', project_id='project')
    base = '/servers/%s/migrations' % server_id
    resp = api.get('%s/%s' % (base, migration.id), version='2.80')
    assert resp.status_code == 200, resp.text
    assert not shape.differences(sample, resp.json())
    resp = api.get(base, version='2.80')
    assert not shape.differences({'migrations': [sample['migration']]},
                                 resp.json())
    api.delete('%s/%s' % (base, migration.id), version='2.24')
    wait_task_done(api, server_id)


@pytest.mark.usefixtures('slow_live_migrations')
def test_force_complete(api):
    _, server_id, source = booted(api)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    resp = api.post('/servers/%s/migrations/%s/action'
                    % (server_id, migration.id),
                    load('server-migrations/v2.22/force_complete.json'),
                    version='2.22')
    assert resp.status_code == 202, resp.text
    assert wait_task_done(api, server_id)['OS-EXT-SRV-ATTR:host'] == \
        other(source)
