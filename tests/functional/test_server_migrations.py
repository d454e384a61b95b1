"""A server's live migrations through HTTP: the in-progress list and one
migration (2.23; uuid 2.59; user and project 2.80), force-complete (2.22)
and abort (2.24; queued or preparing ones from 2.65), with their guards,
policies, instance actions, and placement after every step.

Live migrations here run for a minute unless forced or aborted
(``[fake_driver] live_migration_seconds``).
"""

import time

import pytest

from compute.db import instances as instances_db
from tests.functional.client import fault_message
from tests.functional import live_servers
from tests.functional.live_migrations import admin_view
from tests.functional.live_migrations import assert_only_on
from tests.functional.live_migrations import booted
from tests.functional.live_migrations import destination
from tests.functional.live_migrations import events
from tests.functional.live_migrations import held
from tests.functional.live_migrations import live_migrate
from tests.functional.live_migrations import MANAGER
from tests.functional.live_migrations import migration_of
from tests.functional.live_migrations import provider
from tests.functional.live_migrations import request_body
from tests.functional.live_migrations import resources_of
from tests.functional.live_migrations import slow_live_migrations  # noqa: F401
from tests.functional.live_migrations import wait_migration
from tests.functional.live_migrations import wait_running
from tests.functional.live_migrations import wait_task_done
from tests.functional.live_servers import cleanup_servers  # noqa: F401

FIELDS_2_23 = {'created_at', 'dest_compute', 'dest_host', 'dest_node', 'id',
               'server_uuid', 'source_compute', 'source_node', 'status',
               'memory_total_bytes', 'memory_processed_bytes',
               'memory_remaining_bytes', 'disk_total_bytes',
               'disk_processed_bytes', 'disk_remaining_bytes', 'updated_at'}

pytestmark = pytest.mark.usefixtures('slow_live_migrations')


@pytest.fixture
def running(api):
    """(token, server id, source host, migration) of a server whose live
    migration runs; the move is aborted afterwards if still running."""
    token, server_id, source = booted(api)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    yield token, server_id, source, migration
    if migration_of(server_id).status == 'running':
        api.delete('/servers/%s/migrations/%s' % (server_id, migration.id),
                   version='2.24')
    wait_task_done(api, server_id)


def _path(server_id, migration_id=None):
    path = '/servers/%s/migrations' % server_id
    return path if migration_id is None else '%s/%s' % (path, migration_id)


def force_complete(api, server_id, migration_id, version='2.22', **kwargs):
    return api.post(_path(server_id, migration_id) + '/action',
                    {'force_complete': None}, version=version, **kwargs)


# -- list and show ----------------------------------------------------------------

def test_list_and_show_by_microversion(api, running):
    _, server_id, source, migration = running
    for version, extra in (('2.23', set()), ('2.58', set()),
                           ('2.59', {'uuid'}),
                           ('2.80', {'uuid', 'user_id', 'project_id'})):
        resp = api.get(_path(server_id), version=version)
        assert resp.status_code == 200, resp.text
        (listed,) = resp.json()['migrations']
        assert set(listed) == FIELDS_2_23 | extra
        resp = api.get(_path(server_id, migration.id), version=version)
        assert resp.status_code == 200, resp.text
        shown = resp.json()['migration']
        assert set(shown) == FIELDS_2_23 | extra
    assert listed['id'] == migration.id
    assert listed['uuid'] == migration.uuid
    assert listed['server_uuid'] == server_id
    assert listed['status'] == 'running'
    dest = destination(server_id, source)
    assert (listed['source_compute'], listed['dest_compute']) == \
        (source, dest)
    assert (listed['source_node'], listed['dest_node']) == (source, dest)
    assert listed['dest_host'] == '127.0.0.1'
    assert listed['memory_total_bytes'] > 0
    assert listed['memory_processed_bytes'] + \
        listed['memory_remaining_bytes'] == listed['memory_total_bytes']
    assert listed['user_id'] == migration.user_id
    assert listed['project_id'] == migration.project_id
    # Progress moves on.
    before = listed['memory_processed_bytes']
    wait_for = before + 1
    for _ in range(100):
        shown = api.get(_path(server_id, migration.id),
                        version='2.80').json()['migration']
        if shown['memory_processed_bytes'] >= wait_for:
            break
        time.sleep(0.05)
    assert shown['memory_processed_bytes'] >= wait_for


def test_routes_before_their_microversions_are_404(api, running):
    _, server_id, _, migration = running
    assert api.get(_path(server_id), version='2.22').status_code == 404
    assert api.get(_path(server_id, migration.id),
                   version='2.22').status_code == 404
    assert api.delete(_path(server_id, migration.id),
                      version='2.23').status_code == 404
    assert force_complete(api, server_id, migration.id,
                          version='2.21').status_code == 404


def test_list_is_empty_without_a_move(api):
    _, server_id, _ = booted(api)
    resp = api.get(_path(server_id), version='2.23')
    assert resp.json() == {'migrations': []}


def test_show_what_is_not_an_in_progress_live_migration(api):
    _, server_id, source = booted(api)
    resp = api.get(_path(server_id, 424242), version='2.23')
    assert fault_message(resp, 404) == (
        'In-progress live migration 424242 is not found for server %s.'
        % server_id)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    api.post(_path(server_id, migration.id) + '/action',
             {'force_complete': None}, version='2.22')
    wait_task_done(api, server_id)
    resp = api.get(_path(server_id, migration.id), version='2.23')
    assert fault_message(resp, 404) == (
        'Live migration %s for server %s is not in progress.'
        % (migration.id, server_id))
    assert api.get(_path(server_id), version='2.23').json() == \
        {'migrations': []}


def test_list_and_show_policy(api, running):
    token, server_id, _, migration = running
    resp = api.get(_path(server_id), token=token, version='2.23')
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:servers:migrations:index to be "
        "performed.")
    # A manager lists them without hosts.
    resp = api.get(_path(server_id), token=token, headers=MANAGER,
                   version='2.80')
    assert resp.status_code == 200, resp.text
    (listed,) = resp.json()['migrations']
    for field in ('source_compute', 'source_node', 'dest_compute',
                  'dest_node', 'dest_host'):
        assert listed[field] is None
    assert listed['status'] == 'running'
    resp = api.get(_path(server_id, migration.id), token=token,
                   headers=MANAGER, version='2.23')
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:servers:migrations:show to be "
        "performed.")
    stranger = live_servers.token()
    resp = api.get(_path(server_id), token=stranger, headers=MANAGER,
                   version='2.23')
    assert fault_message(resp, 404) == \
        'Instance %s could not be found.' % server_id


# -- force complete ------------------------------------------------------------

def test_force_complete_finishes_the_move(api, running):
    token, server_id, source, migration = running
    resources = resources_of(server_id)
    resp = force_complete(api, server_id, migration.id, token=token,
                          headers=MANAGER)
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    server = wait_task_done(api, server_id)
    dest = destination(server_id, source)
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert migration_of(server_id).status == 'completed'
    assert_only_on(server_id, dest, resources)
    assert held(migration.uuid) == {}
    found = events(api, server_id, 'live_migration_force_complete')
    assert found['compute_live_migration_force_complete']['result'] == \
        'Success'


def test_force_complete_errors(api, running):
    token, server_id, _, migration = running
    resp = force_complete(api, server_id, migration.id, token=token)
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:servers:migrations:"
        "force_complete to be performed.")
    resp = force_complete(api, server_id, 424242)
    assert fault_message(resp, 400) == (
        'Migration 424242 not found for instance %s' % server_id)
    resp = api.post(_path(server_id, migration.id) + '/action',
                    {'force_complete': {}}, version='2.22')
    assert fault_message(resp, 400)


def test_force_complete_needs_a_migrating_server(api):
    _, server_id, _ = booted(api)
    resp = force_complete(api, server_id, 1)
    assert fault_message(resp, 409)
    assert 'force_complete' in resp.json()['conflictingRequest']['message']


# -- abort --------------------------------------------------------------------

def test_abort_running_move(api, running):
    token, server_id, source, migration = running
    resources = resources_of(server_id)
    assert held(migration.uuid) == {provider(source): resources}
    resp = api.delete(_path(server_id, migration.id), token=token,
                      headers=MANAGER, version='2.24')
    assert resp.status_code == 202, resp.text
    server = wait_task_done(api, server_id)
    assert (server['status'], server['OS-EXT-SRV-ATTR:host']) == \
        ('ACTIVE', source)
    assert migration_of(server_id).status == 'cancelled'
    assert_only_on(server_id, source, resources)
    assert held(migration.uuid) == {}
    found = events(api, server_id, 'live_migration_cancel')
    assert found['compute_live_migration_abort']['result'] == 'Success'
    found = events(api, server_id, 'live-migration')
    assert found['compute_live_migration']['result'] == 'Success'
    assert found['compute_rollback_live_migration_at_destination'][
        'result'] == 'Success'


def test_abort_errors(api, running):
    token, server_id, _, migration = running
    resp = api.delete(_path(server_id, migration.id), token=token,
                      version='2.24')
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:servers:migrations:delete to "
        "be performed.")
    resp = api.delete(_path(server_id, 424242), version='2.24')
    assert fault_message(resp, 404) == (
        'Migration 424242 not found for instance %s' % server_id)


def test_abort_needs_a_migrating_server(api):
    _, server_id, _ = booted(api)
    resp = api.delete(_path(server_id, 1), version='2.24')
    assert fault_message(resp, 409)
    assert 'abort live migration' in \
        resp.json()['conflictingRequest']['message']


def test_abort_a_queued_move(api, stack):
    """One move at a time per source host: the second one waits queued,
    abortable from 2.65 only."""
    first = booted(api)
    second = booted(api)
    for _ in range(6):
        if second[2] == first[2]:
            break
        second = booted(api)
    assert second[2] == first[2]
    _, first_id, source = first
    _, second_id, _ = second
    resources = resources_of(second_id)
    assert live_migrate(api, first_id, request_body()).status_code == 202
    wait_running(first_id)
    assert live_migrate(api, second_id, request_body()).status_code == 202
    queued = wait_migration(second_id, {'queued'})
    # Its destination (another host) is claimed, the source held by the
    # migration.
    assert queued.source_compute == source
    assert held(queued.uuid) == {provider(source): resources}
    assert_only_on(second_id, destination(second_id, source), resources)

    resp = force_complete(api, second_id, queued.id)
    assert fault_message(resp, 400) == (
        'Migration %s state of instance %s is queued. Cannot force complete'
        ' while the migration is in this state.' % (queued.id, second_id))
    resp = api.delete(_path(second_id, queued.id), version='2.64')
    assert fault_message(resp, 400) == (
        'Migration %s state of instance %s is queued. Cannot abort live '
        'migration while the migration is in this state.'
        % (queued.id, second_id))
    resp = api.delete(_path(second_id, queued.id), version='2.65')
    assert resp.status_code == 202, resp.text
    server = wait_task_done(api, second_id)
    assert (server['status'], server['OS-EXT-SRV-ATTR:host']) == \
        ('ACTIVE', source)
    assert migration_of(second_id).status == 'cancelled'
    assert_only_on(second_id, source, resources)
    assert held(queued.uuid) == {}

    first_dest = destination(first_id, source)
    resp = force_complete(api, first_id, migration_of(first_id).id)
    assert resp.status_code == 202
    assert wait_task_done(api, first_id)['OS-EXT-SRV-ATTR:host'] == \
        first_dest
    assert admin_view(api, second_id)['OS-EXT-SRV-ATTR:host'] == source
    assert instances_db.get(second_id).task_state is None
