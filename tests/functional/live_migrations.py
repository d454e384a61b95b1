"""Helpers of the live migration tests: start a move, wait for its
migration record and for the server's task to end, read placement and
instance action events."""

import time

import pytest

from compute import conf as compute_conf
from compute.db import compute_nodes
from compute.db import migration_records
from tests.functional import live_servers

CONF = compute_conf.CONF
VERSION = '2.90'
MANAGER = {'X-Roles': 'manager,member,reader'}


@pytest.fixture
def slow_live_migrations():
    """Live migrations that run until forced or aborted (a minute)."""
    CONF.set_override('live_migration_seconds', 60, group='fake_driver')
    yield
    CONF.clear_override('live_migration_seconds', group='fake_driver')


def request_body(host=None, block_migration='auto', **extra):
    return {'os-migrateLive': dict(host=host, block_migration=block_migration,
                                   **extra)}


def live_migrate(api, server_id, body, version=VERSION, **kwargs):
    return api.post('/servers/%s/action' % server_id, body,
                    version=version, **kwargs)


def admin_view(api, server_id):
    return api.get('/servers/%s' % server_id, version=VERSION).json()[
        'server']


def host_of(api, server_id):
    return admin_view(api, server_id)['OS-EXT-SRV-ATTR:host']


def other(host):
    """A host other than ``host``, to name in a request."""
    return 'compute2' if host == 'compute1' else 'compute1'


def destination(server_id, source):
    """The host the server's latest live migration goes to (the
    scheduler's pick when none was named): never its source."""
    dest = migration_of(server_id).dest_compute
    assert dest is not None and dest != source, dest
    return dest


def provider(host):
    return compute_nodes.list_nodes(host=host)[0].uuid


def held(consumer_uuid):
    """{provider uuid: resources} of a placement consumer."""
    return {rp: alloc['resources'] for rp, alloc in
            live_servers.allocations(consumer_uuid).items()}


def migration_of(server_id):
    return migration_records.latest_for_instance(server_id)


def wait_migration(server_id, statuses, timeout=30):
    deadline = time.time() + timeout
    while True:
        migration = migration_of(server_id)
        if migration is not None and migration.status in statuses:
            return migration
        assert time.time() < deadline, migration
        time.sleep(0.05)


def wait_running(server_id):
    """The migration once it runs and has reported progress."""
    deadline = time.time() + 30
    while True:
        migration = wait_migration(server_id, {'running'})
        if migration.memory_total is not None:
            return migration
        assert time.time() < deadline, migration
        time.sleep(0.05)


def wait_task_done(api, server_id, timeout=30):
    """The admin view of the server once it has no task (and the
    migration record has ended)."""
    deadline = time.time() + timeout
    while True:
        server = admin_view(api, server_id)
        migration = migration_of(server_id)
        if server['OS-EXT-STS:task_state'] is None and (
                migration is None or migration.status in (
                    'completed', 'error', 'failed', 'cancelled')):
            return server
        assert time.time() < deadline, (server['status'], migration)
        time.sleep(0.05)


def events(api, server_id, action):
    listed = api.get('/servers/%s/os-instance-actions' % server_id,
                     version='2.84').json()['instanceActions']
    found = [a for a in listed if a['action'] == action]
    assert found, listed
    shown = api.get('/servers/%s/os-instance-actions/%s'
                    % (server_id, found[0]['request_id']),
                    version='2.84').json()['instanceAction']
    return {event['event']: event for event in shown['events']}


def booted(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = host_of(api, server['id'])
    return token, server['id'], source


def assert_only_on(server_id, host, flavor_resources):
    assert held(server_id) == {provider(host): flavor_resources}


def resources_of(server_id):
    (resources,) = held(server_id).values()
    return resources
