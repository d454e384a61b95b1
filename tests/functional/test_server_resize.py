"""Resize, confirmResize, revertResize and cold migration (the migrate
action) through the API, with placement checked after every step, the
rollback of a move that fails half-way, and the automatic confirm."""

import contextlib
import time
import uuid

import pytest

from compute import conf as compute_conf
from compute.placement import client as placement_client
from tests.functional import client
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401

CONF = compute_conf.CONF
V = live_servers.VERSION

TINY = {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}
SMALL = {'VCPU': 1, 'MEMORY_MB': 2048, 'DISK_GB': 20}


@pytest.fixture
def overrides():
    """Set configuration for one test: overrides(name, value)."""
    names = []

    def override(name, value, group=None):
        CONF.set_override(name, value, group=group)
        names.append((name, group))
    yield override
    for name, group in names:
        CONF.clear_override(name, group=group)


@pytest.fixture(autouse=True)
def no_leftover_failures(stack, compute_hosts):
    yield
    for host in compute_hosts:
        stack.driver(host)._move_failures.clear()


def _action(api, server_id, body, token, version=V):
    return api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version)


def _server(api, server_id, token=client.ADMIN_TOKEN):
    return api.get('/servers/%s' % server_id, token=token,
                   version=V).json()['server']


def _host(api, server_id):
    return _server(api, server_id, 'admin:admin')['OS-EXT-SRV-ATTR:host']


def _provider_name(rp_uuid):
    """The name of a resource provider: its compute node's host."""
    return placement_client.get_client().get(
        '/resource_providers/%s' % rp_uuid)['name']


def held(consumer_uuid):
    """{host: resources} a consumer holds in placement."""
    return {_provider_name(rp): alloc['resources'] for rp, alloc in
            live_servers.allocations(consumer_uuid).items()}


def _migrations(api, server_id, **params):
    params['instance_uuid'] = server_id
    resp = api.get('/os-migrations', version='2.80', params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()['migrations']


def _migration(api, server_id):
    """The newest migration of the server."""
    return _migrations(api, server_id)[0]


def _wait_migration(api, server_id, status, timeout=30):
    deadline = time.time() + timeout
    while True:
        found = _migrations(api, server_id)
        migration = found[0] if found else None
        if migration and migration['status'] == status:
            return migration
        assert time.time() < deadline, migration
        time.sleep(0.05)


def _events(api, server_id, request_id):
    resp = api.get('/servers/%s/os-instance-actions/%s'
                   % (server_id, request_id), version='2.84')
    assert resp.status_code == 200, resp.text
    return resp.json()['instanceAction']


def _request_id(resp):
    return resp.headers['x-openstack-request-id']


def _resize(api, server, token, flavor='2'):
    resp = _action(api, server['id'], {'resize': {'flavorRef': flavor}},
                   token)
    assert resp.status_code == 202, resp.text
    return resp


def _resized(api, server, token, flavor='2'):
    """Resize ``server`` and wait for VERIFY_RESIZE; (body, request id)."""
    resp = _resize(api, server, token, flavor)
    body = live_servers.wait(api, server['id'], token, {'VERIFY_RESIZE'})
    return body, _request_id(resp)


def _wait_events(api, server_id, request_id, count, timeout=10):
    deadline = time.time() + timeout
    while True:
        action = _events(api, server_id, request_id)
        done = [e for e in action['events'] if e['finish_time']]
        if len(done) >= count:
            return action
        assert time.time() < deadline, action
        time.sleep(0.05)


# The whole resize, step by step.

def test_resize_confirm_moves_the_allocations(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    assert held(server['id']) == {source: TINY}

    body, request_id = _resized(api, server, token)
    dest = _host(api, server['id'])
    assert dest != source
    assert body['flavor']['original_name'] == 'm1.small'
    migration = _migration(api, server['id'])
    assert migration['status'] == 'finished'
    assert migration['migration_type'] == 'resize'
    assert (migration['source_compute'], migration['dest_compute']) == \
        (source, dest)
    # The migration holds the source, the server the destination.
    assert held(migration['uuid']) == {source: TINY}
    assert held(server['id']) == {dest: SMALL}
    assert server['id'] in stack.driver(source).resize_sources
    assert server['id'] in stack.driver(dest).guests

    action = _wait_events(api, server['id'], request_id, 4)
    assert action['action'] == 'resize'
    assert sorted(e['event'] for e in action['events']) == sorted([
        'conductor_migrate_server', 'compute_prep_resize',
        'compute_resize_instance', 'compute_finish_resize'])
    assert {e['result'] for e in action['events']} == {'Success'}

    resp = _action(api, server['id'], {'confirmResize': None}, token)
    assert resp.status_code == 204, resp.text
    body = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert body['flavor']['original_name'] == 'm1.small'
    migration = _wait_migration(api, server['id'], 'confirmed')
    assert held(migration['uuid']) == {}
    assert held(server['id']) == {dest: SMALL}
    assert server['id'] not in stack.driver(source).resize_sources
    action = _wait_events(api, server['id'], _request_id(resp), 1)
    assert action['action'] == 'confirmResize'
    assert [e['event'] for e in action['events']] == \
        ['compute_confirm_resize']


def test_resize_revert_goes_back(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    _resized(api, server, token)
    dest = _host(api, server['id'])

    resp = _action(api, server['id'], {'revertResize': None}, token)
    assert resp.status_code == 202, resp.text
    body = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert body['flavor']['original_name'] == 'm1.tiny'
    assert _host(api, server['id']) == source
    migration = _wait_migration(api, server['id'], 'reverted')
    assert held(migration['uuid']) == {}
    assert held(server['id']) == {source: TINY}
    assert server['id'] in stack.driver(source).guests
    assert server['id'] not in stack.driver(dest).guests
    action = _wait_events(api, server['id'], _request_id(resp), 2)
    assert action['action'] == 'revertResize'
    assert sorted(e['event'] for e in action['events']) == [
        'compute_finish_revert_resize', 'compute_revert_resize']


def test_stopped_server_resizes_and_reverts_stopped(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    assert _action(api, server['id'], {'os-stop': None},
                   token).status_code == 202
    server = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    body, _ = _resized(api, server, token)
    assert body['OS-EXT-STS:power_state'] == 4
    assert _action(api, server['id'], {'revertResize': None},
                   token).status_code == 202
    body = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert body['OS-EXT-STS:power_state'] == 4
    assert body['flavor']['original_name'] == 'm1.tiny'
    guest = stack.driver(_host(api, server['id'])).guests[server['id']]
    assert guest['power_state'] == 4


def test_stopped_server_confirms_stopped(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    assert _action(api, server['id'], {'os-stop': None},
                   token).status_code == 202
    server = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    _resized(api, server, token)
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'SHUTOFF'})


def test_cold_migrate_keeps_the_flavor(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    resp = _action(api, server['id'], {'migrate': None}, 'admin:admin')
    assert resp.status_code == 202, resp.text
    body = live_servers.wait(api, server['id'], token, {'VERIFY_RESIZE'})
    dest = _host(api, server['id'])
    assert dest != source
    assert body['flavor']['original_name'] == 'm1.tiny'
    migration = _migration(api, server['id'])
    assert migration['migration_type'] == 'migration'
    assert migration['old_instance_type_id'] == \
        migration['new_instance_type_id']
    assert held(migration['uuid']) == {source: TINY}
    assert held(server['id']) == {dest: TINY}
    action = _events(api, server['id'], _request_id(resp))
    assert action['action'] == 'migrate'
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    _wait_migration(api, server['id'], 'confirmed')
    assert held(server['id']) == {dest: TINY}


def test_cold_migrate_to_a_named_host(api, compute_hosts):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    other = [h for h in compute_hosts if h != source][-1]
    resp = _action(api, server['id'], {'migrate': {'host': other}},
                   'admin:admin', version='2.56')
    assert resp.status_code == 202, resp.text
    live_servers.wait(api, server['id'], token, {'VERIFY_RESIZE'})
    assert _host(api, server['id']) == other
    assert _action(api, server['id'], {'revertResize': None},
                   token).status_code == 202
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert _host(api, server['id']) == source
    assert held(server['id']) == {source: TINY}


def test_cold_migrate_host_errors(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    resp = _action(api, server['id'], {'migrate': {'host': source}},
                   'admin:admin', version='2.56')
    assert client.fault_message(resp, 400) == \
        'Cannot migrate to the host where the server exists.'
    resp = _action(api, server['id'], {'migrate': {'host': 'nowhere'}},
                   'admin:admin', version='2.56')
    assert client.fault_message(resp, 400) == \
        'Compute host nowhere could not be found.'
    # Before 2.56 the body must be null.
    resp = _action(api, server['id'], {'migrate': {'host': 'compute2'}},
                   'admin:admin', version='2.55')
    assert resp.status_code == 400
    resp = _action(api, server['id'], {'migrate': {'other': 1}},
                   'admin:admin', version='2.56')
    assert resp.status_code == 400
    assert _server(api, server['id'], token)['status'] == 'ACTIVE'


def test_migrate_policy(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    # A member is not a manager.
    resp = _action(api, server['id'], {'migrate': None}, token)
    assert client.fault_message(resp, 403) == (
        'Policy doesn\'t allow os_compute_api:os-migrate-server:migrate '
        'to be performed.')
    project = token.split(':')[1]
    manager = 'mgr:%s' % project
    roles = {'X-Roles': 'manager,member,reader'}
    resp = api.post('/servers/%s/action' % server['id'],
                    {'migrate': {'host': 'compute2'}}, token=manager,
                    version='2.56', headers=roles)
    assert client.fault_message(resp, 403) == (
        'Policy doesn\'t allow os_compute_api:os-migrate-server:migrate:host'
        ' to be performed.')
    resp = api.post('/servers/%s/action' % server['id'], {'migrate': None},
                    token=manager, version='2.56', headers=roles)
    assert resp.status_code == 202, resp.text
    live_servers.wait(api, server['id'], token, {'VERIFY_RESIZE'})
    assert _action(api, server['id'], {'revertResize': None},
                   token).status_code == 202
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


# 400s and 409s.

def test_resize_bad_requests(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    resp = _action(api, server['id'], {'resize': {'flavorRef': '1'}}, token)
    assert client.fault_message(resp, 400) == \
        'When resizing, instances must change flavor!'
    resp = _action(api, server['id'], {'resize': {'flavorRef': 'nope'}},
                   token)
    assert client.fault_message(resp, 400) == \
        'Flavor nope could not be found.'
    for body in ({'resize': {}}, {'resize': {'flavorRef': ''}},
                 {'resize': {'flavorRef': '2', 'extra': 1}},
                 {'resize': {'flavorRef': '2',
                             'OS-DCF:diskConfig': 'SOMETIMES'}},
                 {'confirmResize': {}}, {'revertResize': 1}):
        assert _action(api, server['id'], body, token).status_code == 400
    # Not resized: nothing to confirm or revert.
    for name in ('confirmResize', 'revertResize'):
        resp = _action(api, server['id'], {name: None}, token)
        assert client.fault_message(resp, 409) == (
            "Cannot '%s' instance %s while it is in vm_state active"
            % (name, server['id']))
    assert _server(api, server['id'], token)['status'] == 'ACTIVE'
    assert live_servers.allocations(server['id'])


def _flavor(api, **values):
    body = dict({'name': 'f-%s' % uuid.uuid4().hex[:8], 'ram': 512,
                 'vcpus': 1, 'disk': 1}, **values)
    resp = api.post('/flavors', {'flavor': body})
    assert resp.status_code == 200, resp.text
    flavor = resp.json()['flavor']
    return flavor['id']


def test_resize_to_zero_disk_and_too_small_flavors(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    resp = _action(api, server['id'],
                   {'resize': {'flavorRef': _flavor(api, disk=0)}}, token)
    assert client.fault_message(resp, 400) == (
        'Server disk was unable to be resized because: Resize to zero disk '
        'flavor is not allowed.')


def test_resize_quota_for_the_growth(api):
    token = live_servers.token()
    project = token.split(':')[1]
    server = live_servers.boot_active(api, token)
    resp = api.put('/os-quota-sets/%s' % project,
                   {'quota_set': {'cores': 1}})
    assert resp.status_code == 200, resp.text
    big = _flavor(api, vcpus=2)
    resp = _action(api, server['id'], {'resize': {'flavorRef': big}}, token)
    message = client.fault_message(resp, 403)
    assert message.startswith('Quota exceeded for cores: Requested 1, but '
                              'already used 1 of 1 cores'), message
    # Memory growth alone fits.
    _resized(api, server, token)


def test_resize_locked_and_busy(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    assert _action(api, server['id'], {'lock': None},
                   'admin:admin').status_code == 202
    resp = _action(api, server['id'], {'resize': {'flavorRef': '2'}}, token)
    assert client.fault_message(resp, 409) == \
        'Instance %s is locked' % server['id']
    assert _action(api, server['id'], {'unlock': None},
                   'admin:admin').status_code == 202
    _resized(api, server, token)
    # VERIFY_RESIZE: neither resize nor migrate.
    resp = _action(api, server['id'], {'resize': {'flavorRef': '3'}}, token)
    assert client.fault_message(resp, 409) == (
        "Cannot 'resize' instance %s while it is in vm_state resized"
        % server['id'])
    resp = _action(api, server['id'], {'migrate': None}, 'admin:admin')
    assert client.fault_message(resp, 409) == (
        "Cannot 'migrate' instance %s while it is in vm_state resized"
        % server['id'])
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    # A second confirm finds nothing to confirm.
    resp = _action(api, server['id'], {'confirmResize': None}, token)
    assert resp.status_code == 409


def test_resize_policy(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    other = live_servers.token()
    resp = _action(api, server['id'], {'resize': {'flavorRef': '2'}}, other)
    assert resp.status_code == 404
    resp = api.post('/servers/%s/action' % server['id'],
                    {'resize': {'flavorRef': '2'}}, token=token,
                    version=V, headers={'X-Roles': 'reader'})
    assert client.fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:servers:resize to be "
        "performed.")
    _resized(api, server, token)
    for name, rule in (('confirmResize', 'confirm_resize'),
                       ('revertResize', 'revert_resize')):
        resp = api.post('/servers/%s/action' % server['id'], {name: None},
                        token=token, version=V,
                        headers={'X-Roles': 'reader'})
        assert client.fault_message(resp, 403) == (
            "Policy doesn't allow os_compute_api:servers:%s to be "
            "performed." % rule)
        assert _action(api, server['id'], {name: None},
                       other).status_code == 404
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


# Same host.

@contextlib.contextmanager
def _only_enabled(api, compute_hosts, host):
    """Every compute service but ``host``'s disabled meanwhile (the
    legacy PUT /os-services/disable and enable)."""
    others = [h for h in compute_hosts if h != host]
    try:
        for other in others:
            resp = api.put('/os-services/disable',
                           {'host': other, 'binary': 'nova-compute'},
                           version='2.1')
            assert resp.status_code == 200, resp.text
        yield
    finally:
        for other in others:
            api.put('/os-services/enable',
                    {'host': other, 'binary': 'nova-compute'},
                    version='2.1')


def test_same_host_resize_when_allowed(api, stack, compute_hosts, overrides):
    overrides('allow_resize_to_same_host', True)
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    # Only the server's own host can take it.
    with _only_enabled(api, compute_hosts, source):
        _resized(api, server, token)
        assert _host(api, server['id']) == source
        migration = _migration(api, server['id'])
        assert held(migration['uuid']) == {source: TINY}
        assert held(server['id']) == {source: SMALL}
        assert _action(api, server['id'], {'revertResize': None},
                       token).status_code == 202
        live_servers.wait(api, server['id'], token, {'ACTIVE'})
        assert held(server['id']) == {source: TINY}
        assert held(migration['uuid']) == {}
        assert stack.driver(source).guests[server['id']][
            'power_state'] == 1


def test_same_host_not_allowed_by_default(api, compute_hosts):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    # Only the server's own host is enabled, and it may not take it.
    with _only_enabled(api, compute_hosts, source):
        resp = _resize(api, server, token)
        _wait_migration(api, server['id'], 'error')
        body = live_servers.wait(api, server['id'], token, {'ACTIVE'})
        assert body['flavor']['original_name'] == 'm1.tiny'
        assert held(server['id']) == {source: TINY}
        action = _wait_events(api, server['id'], _request_id(resp), 1)
        event = action['events'][0]
        assert event['event'] == 'conductor_migrate_server'
        assert event['result'] == 'Error'
        assert 'No valid host was found' in event['details']


# Failures half-way roll the move back.

@pytest.mark.parametrize('step,event', [
    ('migrate_disk_and_power_off', 'compute_resize_instance'),
    ('finish_migration', 'compute_finish_resize'),
])
def test_failure_half_way_rolls_back(api, stack, compute_hosts, step,
                                     event):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    for host in compute_hosts:
        stack.driver(host).fail_next_move_step(step)
    resp = _resize(api, server, token)
    migration = _wait_migration(api, server['id'], 'error')
    body = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert body['flavor']['original_name'] == 'm1.tiny'
    assert _host(api, server['id']) == source
    assert held(server['id']) == {source: TINY}
    assert held(migration['uuid']) == {}
    guests = {h: server['id'] in stack.driver(h).guests
              for h in compute_hosts}
    assert guests == {h: h == source for h in compute_hosts}
    assert stack.driver(source).guests[server['id']]['power_state'] == 1
    action = _events(api, server['id'], _request_id(resp))
    failed = [e for e in action['events'] if e['result'] == 'Error']
    assert [e['event'] for e in failed] == [event]
    assert 'Injected %s failure' % step in failed[0]['details']
    # The server can move again.
    _resized(api, server, token)
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


def test_disk_cannot_shrink(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token, flavor='2')
    source = _host(api, server['id'])
    resp = _resize(api, server, token, flavor='1')
    _wait_migration(api, server['id'], 'error')
    body = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert body['flavor']['original_name'] == 'm1.small'
    assert held(server['id']) == {source: SMALL}
    action = _events(api, server['id'], _request_id(resp))
    assert [e['details'] for e in action['events']
            if e['result'] == 'Error'] == [
        'Resize error: Unable to resize disk down.']


def test_failed_confirm_leaves_error_and_frees_the_source(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    _resized(api, server, token)
    dest = _host(api, server['id'])
    migration = _migration(api, server['id'])
    stack.driver(migration['source_compute']).fail_next_move_step(
        'confirm_migration')
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'ERROR'})
    assert _wait_migration(api, server['id'], 'error')
    assert held(migration['uuid']) == {}
    assert held(server['id']) == {dest: SMALL}


# Automatic confirm.

def test_resize_confirm_window(api, stack, overrides):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    _resized(api, server, token)
    dest = _host(api, server['id'])
    migration = _migration(api, server['id'])
    # Off by default.
    assert stack.agent(dest).confirm_expired_resizes() == 0
    overrides('resize_confirm_window', 3600)
    assert stack.agent(dest).confirm_expired_resizes() == 0
    overrides('resize_confirm_window', 1)
    time.sleep(1.1)
    assert stack.agent(dest).confirm_expired_resizes() == 1
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    _wait_migration(api, server['id'], 'confirmed')
    assert held(migration['uuid']) == {}
    resp = api.get('/servers/%s/os-instance-actions' % server['id'],
                   token=token)
    assert [a['action'] for a in resp.json()['instanceActions']][0] == \
        'confirmResize'


def test_revert_checks_quota_for_the_old_flavor(api):
    token = live_servers.token()
    project = token.split(':')[1]
    server = live_servers.boot_active(api, token,
                                      flavor=_flavor(api, vcpus=2))
    _resized(api, server, token, flavor='1')
    resp = api.put('/os-quota-sets/%s' % project,
                   {'quota_set': {'cores': 1}})
    assert resp.status_code == 200, resp.text
    resp = _action(api, server['id'], {'revertResize': None}, token)
    assert client.fault_message(resp, 403).startswith(
        'Quota exceeded for cores: Requested 1, but already used 1 of 1 '
        'cores')
    assert _server(api, server['id'], token)['status'] == 'VERIFY_RESIZE'
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


def test_delete_of_a_resized_server_confirms_first(api, stack):
    """What the delete path calls (resize.confirm_before_delete) leaves
    neither the source's copy nor the migration's allocation behind."""
    from compute import context as compute_context
    from compute.db import instances as instances_db
    from compute.lifecycle import resize as resize_logic

    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    _resized(api, server, token)
    migration = _migration(api, server['id'])
    resize_logic.confirm_before_delete(
        compute_context.get_admin_context(), instances_db.get(server['id']))
    assert api.delete('/servers/%s' % server['id'],
                      token=token).status_code == 204
    live_servers.wait(api, server['id'], token, {'DELETED'})
    _wait_migration(api, server['id'], 'confirmed')
    assert held(migration['uuid']) == {}
    assert held(server['id']) == {}
    assert server['id'] not in stack.driver(source).resize_sources


@pytest.mark.parametrize('action,token_of', [
    ({'resize': {'flavorRef': '2'}}, 'member'),
    ({'migrate': None}, 'admin')])
def test_no_move_while_another_task_runs(api, action, token_of):
    from compute.db import instances as instances_db

    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instances_db.update(server['id'], task_state='resize_prep')
    try:
        resp = _action(api, server['id'], action,
                       token if token_of == 'member' else 'admin:admin')
        assert client.fault_message(resp, 409) == (
            "Cannot '%s' instance %s while it is in task_state resize_prep"
            % (list(action)[0], server['id']))
    finally:
        instances_db.update(server['id'], task_state=None)
    assert _migrations(api, server['id']) == []


def test_auto_confirm_is_periodic(stack):
    tasks = [task for _, task in stack.agent('compute1').periodic_tasks()]
    assert stack.agent('compute1').confirm_expired_resizes in tasks


def test_failed_revert_leaves_error_with_a_fault(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    _resized(api, server, token)
    stack.driver(source).fail_next_move_step('finish_revert_migration')
    resp = _action(api, server['id'], {'revertResize': None}, token)
    assert resp.status_code == 202, resp.text
    body = live_servers.wait(api, server['id'], token, {'ERROR'})
    assert 'Injected finish_revert_migration failure' in \
        body['fault']['message']
    migration = _wait_migration(api, server['id'], 'error')
    # It stays on the destination, with the destination's allocation.
    assert held(migration['uuid']) == {}
    assert held(server['id']) == {_host(api, server['id']): SMALL}
    action = _events(api, server['id'], _request_id(resp))
    assert {e['event']: e['result'] for e in action['events']} == {
        'compute_revert_resize': 'Success',
        'compute_finish_revert_resize': 'Error'}


def test_cold_migrate_a_stopped_server(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host(api, server['id'])
    assert _action(api, server['id'], {'os-stop': None},
                   token).status_code == 202
    live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert _action(api, server['id'], {'migrate': None},
                   'admin:admin').status_code == 202
    body = live_servers.wait(api, server['id'], token, {'VERIFY_RESIZE'})
    assert body['OS-EXT-STS:power_state'] == 4
    dest = _host(api, server['id'])
    assert stack.driver(dest).guests[server['id']]['power_state'] == 4
    assert _action(api, server['id'], {'confirmResize': None},
                   token).status_code == 204
    live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert held(server['id']) == {dest: TINY}
    assert server['id'] not in stack.driver(source).resize_sources
