"""os-migrateLive through HTTP: the move, its microversions, guards and
policy, failure and rollback, and placement after every step.

While a live migration runs, placement holds the source allocation
against the migration record and the destination's against the server;
afterwards the server holds exactly one allocation: the destination's on
success, the source's after a failure or an abort.
"""

import pytest

from compute.db import instances as instances_db
from compute import states
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
from tests.functional.live_migrations import other
from tests.functional.live_migrations import provider
from tests.functional.live_migrations import request_body
from tests.functional.live_migrations import resources_of
from tests.functional.live_migrations import slow_live_migrations  # noqa: F401
from tests.functional.live_migrations import wait_migration
from tests.functional.live_migrations import wait_running
from tests.functional.live_migrations import wait_task_done
from tests.functional.live_servers import cleanup_servers  # noqa: F401


# -- the move ----------------------------------------------------------------

def test_scheduler_picks_another_host(api):
    token, server_id, source = booted(api)
    resources = resources_of(server_id)
    resp = live_migrate(api, server_id, request_body())
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    assert admin_view(api, server_id)['status'] in ('MIGRATING', 'ACTIVE')

    server = wait_task_done(api, server_id)
    dest = destination(server_id, source)
    assert server['status'] == 'ACTIVE'
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] == dest
    assert server['OS-EXT-STS:power_state'] == states.RUNNING
    migration = migration_of(server_id)
    assert migration.status == 'completed'
    assert migration.migration_type == 'live-migration'
    assert migration.source_compute == source
    assert migration.memory_remaining == 0 and migration.memory_total > 0
    assert migration.disk_total > 0      # 'auto' on hosts sharing nothing
    # One allocation: the destination's, held by the server.
    assert_only_on(server_id, dest, resources)
    assert held(migration.uuid) == {}
    assert server_id in api.get('/servers', token=token).text

    found = events(api, server_id, 'live-migration')
    assert set(found) == {'conductor_live_migrate_instance',
                          'compute_live_migration',
                          'compute_pre_live_migration',
                          'compute_post_live_migration_at_destination'}
    assert {e['result'] for e in found.values()} == {'Success'}
    assert found['compute_live_migration']['host'] == source
    assert found['compute_pre_live_migration']['host'] == dest


@pytest.mark.usefixtures('slow_live_migrations')
def test_placement_while_the_move_runs(api, stack):
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    dest = destination(server_id, source)
    # Source held by the migration, destination claimed by the server.
    assert held(migration.uuid) == {provider(source): resources}
    assert_only_on(server_id, dest, resources)
    server = admin_view(api, server_id)
    assert (server['status'], server['OS-EXT-STS:task_state']) == \
        ('MIGRATING', 'migrating')
    assert server['OS-EXT-SRV-ATTR:host'] == source
    stack.driver(source).live_migration_force_complete(
        instances_db.get(server_id))
    wait_task_done(api, server_id)
    assert_only_on(server_id, dest, resources)
    assert held(migration.uuid) == {}


def test_paused_server_moves_and_stays_paused(api, stack):
    _, server_id, source = booted(api)
    instances_db.update(server_id, vm_state=states.PAUSED,
                        power_state=states.PAUSED_POWER)
    stack.driver(source).guests[server_id]['power_state'] = \
        states.PAUSED_POWER
    assert live_migrate(api, server_id, request_body()).status_code == 202
    server = wait_task_done(api, server_id)
    dest = destination(server_id, source)
    assert server['status'] == 'PAUSED'
    assert server['OS-EXT-SRV-ATTR:host'] == dest
    assert server['OS-EXT-STS:power_state'] == states.PAUSED_POWER
    assert server_id in stack.driver(dest).guests
    assert server_id not in stack.driver(source).guests


@pytest.mark.parametrize('version,extra', [
    ('2.1', {'block_migration': False, 'disk_over_commit': False}),
    ('2.25', {'block_migration': 'auto'}),      # before 2.30: forced
    ('2.30', {'block_migration': True, 'force': True}),
    ('2.30', {'block_migration': 'auto', 'force': False}),  # scheduled
    ('2.68', {'block_migration': 'auto'}),      # scheduled
])
def test_to_a_named_host(api, version, extra):
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    body = {'os-migrateLive': dict(extra, host=other(source))}
    resp = live_migrate(api, server_id, body, version=version)
    assert resp.status_code == 202, resp.text
    server = wait_task_done(api, server_id)
    assert server['OS-EXT-SRV-ATTR:host'] == other(source)
    assert migration_of(server_id).status == 'completed'
    assert_only_on(server_id, other(source), resources)


# -- target host checks --------------------------------------------------------

@pytest.mark.parametrize('version', ['2.1', '2.30', 'latest'])
def test_unknown_host_is_400(api, version):
    _, server_id, source = booted(api)
    body = request_body(host='nowhere', block_migration=False) \
        if version != '2.1' else {'os-migrateLive': {
            'host': 'nowhere', 'block_migration': False,
            'disk_over_commit': False}}
    resp = live_migrate(api, server_id, body, version=version)
    assert fault_message(resp, 400) == \
        'Compute host nowhere could not be found.'
    server = admin_view(api, server_id)
    assert server['OS-EXT-STS:task_state'] is None
    assert migration_of(server_id) is None


def test_source_host_forced_before_2_34_is_400(api):
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    resp = live_migrate(api, server_id, request_body(host=source), version='2.30')
    # 2.30 without force: the scheduler, which never picks the source.
    assert fault_message(resp, 400).startswith('No valid host was found.')
    body = request_body(host=source, block_migration=False, force=True)
    resp = live_migrate(api, server_id, body, version='2.33')
    assert fault_message(resp, 400) == (
        'Unable to migrate instance (%s) to current host (%s).'
        % (server_id, source))
    server = admin_view(api, server_id)
    assert (server['status'], server['OS-EXT-STS:task_state']) == \
        ('ACTIVE', None)
    assert migration_of(server_id).status == 'error'
    assert_only_on(server_id, source, resources)


def test_source_host_from_2_34_fails_the_migration(api):
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    resp = live_migrate(api, server_id, request_body(host=source, force=True),
                        version='2.34')
    assert resp.status_code == 202, resp.text
    server = wait_task_done(api, server_id)
    assert (server['status'], server['OS-EXT-SRV-ATTR:host']) == \
        ('ACTIVE', source)
    assert migration_of(server_id).status == 'error'
    assert_only_on(server_id, source, resources)
    event = events(api, server_id, 'live-migration')[
        'conductor_live_migrate_instance']
    assert event['result'] == 'Error'
    assert event['details'] == (
        'Unable to migrate instance (%s) to current host (%s).'
        % (server_id, source))


def _forced_down(api, host, value):
    service = api.get('/os-services', params={'host': host},
                      version='2.53').json()['services'][0]
    resp = api.put('/os-services/%s' % service['id'],
                   {'forced_down': value}, version='2.53')
    assert resp.status_code == 200, resp.text


def test_destination_down_is_400_before_2_34(api, stack, compute_hosts):
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    # Every other host down: forced to one of them, or scheduled.
    others = [host for host in compute_hosts if host != source]
    try:
        for host in others:
            _forced_down(api, host, True)
        body = request_body(host=others[0], block_migration=False,
                            force=True)
        resp = live_migrate(api, server_id, body, version='2.30')
        assert fault_message(resp, 400) == (
            'Compute service of %s is unavailable at this time.'
            % others[0])
        # Scheduled: the down hosts are filtered out.
        resp = live_migrate(api, server_id, request_body(), version='2.33')
        assert fault_message(resp, 400).startswith('No valid host')
    finally:
        for host in others:
            _forced_down(api, host, False)
    assert_only_on(server_id, source, resources)
    assert admin_view(api, server_id)['OS-EXT-STS:task_state'] is None


# -- failure -------------------------------------------------------------------

def test_failed_copy_rolls_back(api, stack):
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    stack.driver(source).fail_next_live_migrations(1)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    server = wait_task_done(api, server_id)
    assert (server['status'], server['OS-EXT-SRV-ATTR:host']) == \
        ('ACTIVE', source)
    migration = migration_of(server_id)
    assert migration.status == 'failed'
    assert_only_on(server_id, source, resources)
    assert held(migration.uuid) == {}
    assert server_id in stack.driver(source).guests
    assert server_id not in stack.driver(
        destination(server_id, source)).incoming
    found = events(api, server_id, 'live-migration')
    assert found['compute_live_migration']['result'] == 'Error'
    assert 'Injected live migration failure' in \
        found['compute_live_migration']['details']
    assert found['compute_rollback_live_migration_at_destination'][
        'result'] == 'Success'


# -- guards, policy, bodies ------------------------------------------------------

def test_not_from_a_stopped_server(api):
    _, server_id, _ = booted(api)
    instances_db.update(server_id, vm_state=states.STOPPED,
                        power_state=states.SHUTDOWN)
    resp = live_migrate(api, server_id, request_body())
    assert fault_message(resp, 409) == (
        "Cannot 'os-migrateLive' instance %s while it is in vm_state "
        "stopped" % server_id)


def test_not_while_another_task_runs(api):
    _, server_id, _ = booted(api)
    instances_db.update(server_id, task_state=states.MIGRATING)
    resp = live_migrate(api, server_id, request_body())
    assert fault_message(resp, 409) == (
        "Cannot 'os-migrateLive' instance %s while it is in task_state "
        "migrating" % server_id)
    instances_db.update(server_id, task_state=None)


def test_locked_server_refuses_a_manager(api):
    token, server_id, _ = booted(api)
    instances_db.update(server_id, locked=True, locked_by='admin')
    resp = live_migrate(api, server_id, request_body(), token=token,
                        headers=MANAGER)
    assert fault_message(resp, 409) == 'Instance %s is locked' % server_id
    instances_db.update(server_id, locked=False, locked_by=None)


def test_policy(api):
    token, server_id, source = booted(api)
    resp = live_migrate(api, server_id, request_body(), token=token)
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live"
        " to be performed.")
    resp = live_migrate(api, server_id, request_body(host=other(source)),
                        token=token, headers=MANAGER)
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live"
        ":host to be performed.")
    stranger = live_servers.token()
    resp = live_migrate(api, server_id, request_body(), token=stranger,
                        headers=MANAGER)
    assert fault_message(resp, 404) == \
        'Instance %s could not be found.' % server_id
    # A manager of the project may let the scheduler choose.
    resp = live_migrate(api, server_id, request_body(), token=token,
                        headers=MANAGER)
    assert resp.status_code == 202, resp.text
    assert wait_task_done(api, server_id)['OS-EXT-SRV-ATTR:host'] == \
        destination(server_id, source)


@pytest.mark.parametrize('version,body', [
    ('2.1', {'os-migrateLive': {'host': None, 'block_migration': False}}),
    ('2.1', {'os-migrateLive': {'host': None, 'block_migration': 'auto',
                                'disk_over_commit': False}}),
    ('2.24', {'os-migrateLive': {'host': None, 'block_migration': False,
                                 'disk_over_commit': 'maybe'}}),
    ('2.25', {'os-migrateLive': {'host': None, 'block_migration': False,
                                 'disk_over_commit': False}}),
    ('2.25', {'os-migrateLive': {'host': None, 'block_migration': 'auto',
                                 'force': True}}),
    ('2.25', {'os-migrateLive': {'block_migration': 'auto'}}),
    ('2.30', {'os-migrateLive': {'host': None, 'block_migration': 'auto',
                                 'force': 'sometimes'}}),
    ('2.68', {'os-migrateLive': {'host': None, 'block_migration': 'auto',
                                 'force': False}}),
    ('2.68', {'os-migrateLive': {'host': 'bad host!',
                                 'block_migration': 'auto'}}),
    ('2.68', {'os-migrateLive': None}),
])
def test_bad_bodies_are_400(api, version, body):
    _, server_id, _ = booted(api)
    resp = live_migrate(api, server_id, body, version=version)
    assert fault_message(resp, 400)
    assert admin_view(api, server_id)['OS-EXT-STS:task_state'] is None


@pytest.mark.usefixtures('slow_live_migrations')
def test_deleting_the_server_mid_move_leaks_nothing(api):
    token, server_id, _ = booted(api)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    resp = api.delete('/servers/%s' % server_id, token=token)
    assert resp.status_code == 204, resp.text
    live_servers.wait(api, server_id, token, {'DELETED'})
    wait_migration(server_id, {'failed'})
    assert held(server_id) == {}
    assert held(migration.uuid) == {}


@pytest.mark.usefixtures('slow_live_migrations')
def test_agent_restart_rolls_back_what_it_was_running(api, stack,
                                                      monkeypatch):
    """The source agent stops mid-copy (nothing after that point runs);
    when it starts again, the move is rolled back."""
    _, server_id, source = booted(api)
    resources = resources_of(server_id)
    assert live_migrate(api, server_id, request_body()).status_code == 202
    migration = wait_running(server_id)
    agent = stack.agent(source)
    monkeypatch.setattr(agent, '_roll_back_live_migration',
                        lambda *args, **kwargs: None)
    stack.driver(source).live_migration_abort(instances_db.get(server_id))
    wait_migration(server_id, {'running'})
    assert held(migration.uuid) == {provider(source): resources}
    assert_only_on(server_id, destination(server_id, source), resources)

    assert agent.recover_interrupted_live_migrations() == 1
    server = admin_view(api, server_id)
    assert (server['status'], server['OS-EXT-STS:task_state'],
            server['OS-EXT-SRV-ATTR:host']) == ('ACTIVE', None, source)
    assert migration_of(server_id).status == 'error'
    assert_only_on(server_id, source, resources)
    assert held(migration.uuid) == {}
    assert agent.recover_interrupted_live_migrations() == 0
