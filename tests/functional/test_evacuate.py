"""The evacuate server action through the whole stack: a server leaves a
host whose compute service is forced down (PUT /os-services, 2.53) for
another one, and placement is looked at after every step until the source
agent comes back (or its service is deleted) and nothing is held twice."""

import uuid

import pytest

from compute.db import instances as instances_db
from compute.db import migration_records
from compute import services_builder
from tests.functional.client import fault_message
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401

ADMIN = 'admin:admin'


def _service(api, host):
    resp = api.get('/os-services', version='2.53',
                   params={'host': host, 'binary': 'nova-compute'})
    assert resp.status_code == 200, resp.text
    return resp.json()['services'][0]


def _set_service(api, host, **values):
    return api.put('/os-services/%s' % _service(api, host)['id'], values,
                   version='2.53')


def _evacuate(api, server_id, version='2.90', token=ADMIN, **fields):
    return api.post('/servers/%s/action' % server_id, {'evacuate': fields},
                    token=token, version=version)


def _held(consumer):
    return {rp: held['resources'] for rp, held in
            live_servers.allocations(consumer).items()}


def _host_of(server_id):
    return instances_db.get(server_id).host


def _others(hosts, host):
    return [name for name in hosts if name != host]


def _migration(server_id):
    found = migration_records.list_migrations({'instance_uuid': server_id})
    assert len(found) == 1
    return found[0]


@pytest.fixture
def hosts_back(api, stack, compute_hosts):
    """Every host up and enabled again after the test, its evacuated
    guests cleaned up as a restarted agent does."""
    yield
    for host in compute_hosts:
        stack.agent(host).init_host()
        assert _set_service(api, host, forced_down=False).status_code == 200
        assert _set_service(api, host, status='enabled').status_code == 200


def _down_server(api, token, **boot):
    """An ACTIVE server whose host is then forced down: (server, host)."""
    server = live_servers.boot_active(api, token, **boot)
    host = _host_of(server['id'])
    resp = _set_service(api, host, forced_down=True)
    assert resp.status_code == 200, resp.text
    return server, host


def test_evacuation_holds_the_source_until_its_agent_returns(
        api, stack, compute_hosts, hosts_back):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host_of(server['id'])
    before = _held(server['id'])
    (source_rp,) = before

    resp = _evacuate(api, server['id'])
    assert fault_message(resp, 400) == \
        'Compute service of %s is still in use.' % source

    assert _set_service(api, source, forced_down=True).status_code == 200
    resp = _evacuate(api, server['id'])
    assert resp.status_code == 200, resp.text
    assert resp.content == b''
    server = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    dest = _host_of(server['id'])
    assert dest in _others(compute_hosts, source)
    migration = _migration(server['id'])
    assert (migration.migration_type, migration.status) == \
        ('evacuation', 'done')
    assert (migration.source_compute, migration.dest_compute) == \
        (source, dest)
    # Placement: the migration holds the source, the instance the
    # destination.
    assert _held(migration.uuid) == before
    (dest_rp,) = _held(server['id'])
    assert dest_rp != source_rp
    assert _held(server['id'])[dest_rp] == before[source_rp]
    # The source still runs its guest (it was only cut off).
    assert server['id'] in stack.driver(source).guests
    assert server['id'] in stack.driver(dest).guests

    resp = _set_service(api, source, forced_down=False)
    assert 'evacuation migration records remain' in fault_message(resp, 400)

    stack.agent(source).init_host()
    assert server['id'] not in stack.driver(source).guests
    assert migration_records.get(migration.id).status == 'completed'
    assert _held(migration.uuid) == {}
    assert list(_held(server['id'])) == [dest_rp]
    assert _set_service(api, source, forced_down=False).status_code == 200

    resp = api.get('/servers/%s/os-instance-actions' % server['id'],
                   token=token)
    assert [a['action'] for a in resp.json()['instanceActions']][0] == \
        'evacuate'
    request_id = resp.json()['instanceActions'][0]['request_id']
    action = api.get('/servers/%s/os-instance-actions/%s' % (
        server['id'], request_id), version='2.84').json()['instanceAction']
    assert {e['event']: e['result'] for e in action['events']} == {
        'rebuild_server': 'Success', 'compute_rebuild_instance': 'Success'}

    api.delete('/servers/%s' % server['id'], token=token)
    live_servers.wait(api, server['id'], token, {'DELETED'})
    assert _held(server['id']) == {}
    assert _held(migration.uuid) == {}


def test_a_server_deleted_while_its_source_is_down_leaks_nothing(
        api, stack, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    assert _evacuate(api, server['id']).status_code == 200
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    migration = _migration(server['id'])
    held = _held(migration.uuid)
    assert held
    api.delete('/servers/%s' % server['id'], token=token)
    live_servers.wait(api, server['id'], token, {'DELETED'})
    assert _held(server['id']) == {}
    # The source is still down: its allocation stays held.
    assert _held(migration.uuid) == held
    stack.agent(source).init_host()
    assert _held(migration.uuid) == {}
    assert server['id'] not in stack.driver(source).guests
    assert migration_records.get(migration.id).status == 'completed'


@pytest.fixture
def spare_host(stack):
    """A third agent for the test only (its service gets deleted)."""
    svc = services_builder.agent('spare-' + uuid.uuid4().hex[:6])
    svc.start()
    yield svc
    svc.stop()


def test_deleting_the_source_service_frees_what_it_held(
        api, spare_host, compute_hosts, hosts_back):
    token = live_servers.token(admin=True)
    server = live_servers.boot_active(
        api, token, availability_zone='nova:%s' % spare_host.host)
    source = _host_of(server['id'])
    assert source == spare_host.host
    assert _set_service(api, source, forced_down=True).status_code == 200
    assert _evacuate(api, server['id']).status_code == 200
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert _host_of(server['id']) in compute_hosts
    migration = _migration(server['id'])
    assert _held(migration.uuid)

    service = _service(api, source)
    resp = api.delete('/os-services/%s' % service['id'], version='2.53')
    assert resp.status_code == 204, resp.text
    assert _held(migration.uuid) == {}
    assert len(_held(server['id'])) == 1


def test_scheduler_picks_the_host_and_a_stopped_server_stays_stopped(
        api, compute_hosts, hosts_back):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instances_db.update(server['id'], vm_state='stopped', power_state=4)
    source = _host_of(server['id'])
    _set_service(api, source, forced_down=True)
    assert _evacuate(api, server['id']).status_code == 200
    server = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert server['OS-EXT-STS:power_state'] == 4
    assert _host_of(server['id']) in _others(compute_hosts, source)


def test_from_2_95_the_evacuated_server_ends_stopped(
        api, compute_hosts, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    resp = _evacuate(api, server['id'], version='2.95')
    assert resp.status_code == 200, resp.text
    server = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert server['OS-EXT-STS:task_state'] is None
    assert _host_of(server['id']) in _others(compute_hosts, source)


def test_before_2_14_shared_storage_and_the_admin_password(
        api, compute_hosts, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    fault_message(_evacuate(api, server['id'], version='2.13'), 400)
    resp = _evacuate(api, server['id'], version='2.13',
                     onSharedStorage=True, adminPass='pw')
    assert fault_message(resp, 400) == \
        "admin password can't be changed on existing disk"
    resp = _evacuate(api, server['id'], version='2.13',
                     onSharedStorage='False', adminPass='MySecretPass',
                     host=_others(compute_hosts, source)[0])
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'adminPass': 'MySecretPass'}
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    fault_message(_evacuate(api, server['id'], version='2.14',
                            onSharedStorage=False), 400)


def test_force_window_and_forced_host(api, compute_hosts, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    resp = _evacuate(api, server['id'], version='2.29', force=True)
    assert fault_message(resp, 400) == \
        "Can't force to a non-provided destination"
    fault_message(_evacuate(api, server['id'], version='2.68',
                            force=False), 400)
    before = _held(server['id'])
    dest = _others(compute_hosts, source)[-1]
    resp = _evacuate(api, server['id'], version='2.29', force=True,
                     host=dest)
    assert resp.status_code == 200, resp.text
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert _host_of(server['id']) == dest
    migration = _migration(server['id'])
    assert _held(migration.uuid) == before
    assert list(_held(server['id'])) != list(before)


def test_target_host_checks(api, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    resp = _evacuate(api, server['id'], host='nowhere')
    assert fault_message(resp, 404) == 'Compute host nowhere not found.'
    resp = _evacuate(api, server['id'], host=source)
    assert fault_message(resp, 400) == "The target host can't be the same one."


def test_no_valid_host_gives_the_allocation_back(
        api, compute_hosts, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    before = _held(server['id'])
    # Every other host disabled: none is left to take the server.
    for host in _others(compute_hosts, source):
        resp = _set_service(api, host, status='disabled')
        assert resp.status_code == 200, resp.text
    assert _evacuate(api, server['id']).status_code == 200
    server = live_servers.wait(api, server['id'], token, {'ERROR'})
    assert server['fault']['message'].startswith('No valid host was found')
    assert _host_of(server['id']) == source
    migration = _migration(server['id'])
    assert migration.status == 'error'
    assert _held(migration.uuid) == {}
    assert _held(server['id']) == before


def test_a_failed_rebuild_on_the_destination_goes_back(
        api, stack, compute_hosts, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    before = _held(server['id'])
    # Whichever host the scheduler picks fails the rebuild.
    others = _others(compute_hosts, source)
    for host in others:
        stack.driver(host).fail_next_builds(1)
    try:
        assert _evacuate(api, server['id']).status_code == 200
        server = live_servers.wait(api, server['id'], token, {'ERROR'})
    finally:
        for host in others:
            stack.driver(host).fail_next_builds(0)
    assert _host_of(server['id']) == source
    migration = _migration(server['id'])
    assert migration.status == 'failed'
    assert _held(migration.uuid) == {}
    assert _held(server['id']) == before
    assert 'Injected build failure' in server['fault']['message']


def test_refusals(api, hosts_back):
    token = live_servers.token()
    server, source = _down_server(api, token)
    resp = _evacuate(api, server['id'], token=token)
    assert 'os_compute_api:os-evacuate' in fault_message(resp, 403)
    fault_message(_evacuate(api, str(uuid.uuid4())), 404)
    fault_message(_evacuate(api, server['id'], bogus=1), 400)
    instances_db.update(server['id'], vm_state='suspended')
    resp = _evacuate(api, server['id'])
    assert fault_message(resp, 409) == (
        "Cannot 'evacuate' instance %s while it is in vm_state suspended"
        % server['id'])
    instances_db.update(server['id'], vm_state='active')
