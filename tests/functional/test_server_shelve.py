"""shelve, shelveOffload and unshelve through the API: the shelve
snapshot, offloading at once, on request or after
``[DEFAULT] shelved_offload_time`` (the agent's periodic task), the
allocations in placement after every step, unshelving on the same host or
through the scheduler (to a zone from 2.77, to a host and with the zone
``null`` rules from 2.91), instance actions and events, states, locks,
policy and validation."""

import time
import uuid

import pytest

from compute import conf as compute_conf
from compute.db import instances as instances_db
from compute.image import api as image_api
from compute import states
from tests.functional import client
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.test_server_images import _admin_ctx
from tests.functional.test_server_images import _gone
from tests.functional.test_server_images import _image
from tests.functional.test_server_images import _set_state
from tests.functional.test_server_images import _wait_events_done

CONF = compute_conf.CONF
ADMIN = 'admin:admin'


@pytest.fixture
def offload_time():
    """Sets [DEFAULT] shelved_offload_time for one test."""
    def set_time(seconds):
        CONF.set_override('shelved_offload_time', seconds)
    yield set_time
    CONF.clear_override('shelved_offload_time')


def _action(api, server_id, body, token, version=None, **kwargs):
    return api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version, **kwargs)


def _server(api, server_id, token=ADMIN):
    return api.get('/servers/%s' % server_id, token=token,
                   version='2.96').json()['server']


def _settled(api, server_id, statuses, timeout=30):
    """The server (admin view) once its status is one of ``statuses`` and
    it has no task."""
    deadline = time.time() + timeout
    while True:
        server = _server(api, server_id)
        if server['status'] in statuses and \
                server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.time() < deadline, (server['status'],
                                        server['OS-EXT-STS:task_state'])
        time.sleep(0.05)


def _shelve(api, server, status):
    resp = _action(api, server['id'], {'shelve': None}, server['token'])
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    return resp, _settled(api, server['id'], {status})


def _unshelve(api, server, body=None, token=None, version=None):
    return _action(api, server['id'], {'unshelve': body},
                   token or server['token'], version)


def _shelved_image_id(server_id):
    return instances_db.get(server_id).system_metadata.get(
        'shelved_image_id')


def _events(api, server_id, resp):
    """The action's name and its events, oldest first (the API lists
    the newest first)."""
    action = _wait_events_done(api, server_id,
                               resp.headers['x-openstack-request-id'])
    return action['action'], [(e['event'], e['result'])
                              for e in reversed(action['events'])]


@pytest.fixture
def server(api):
    token = live_servers.token()
    body = live_servers.boot_active(api, token, name='shelver')
    return {'id': body['id'], 'token': token, 'project': token.split(':')[1]}


def test_shelve_offloads_at_once_by_default(api, stack, server):
    held = live_servers.allocations(server['id'])
    assert held
    host = _server(api, server['id'])['OS-EXT-SRV-ATTR:host']
    resp, body = _shelve(api, server, 'SHELVED_OFFLOADED')
    assert body['OS-EXT-STS:vm_state'] == 'shelved_offloaded'
    assert body['OS-EXT-SRV-ATTR:host'] is None
    assert body['OS-EXT-SRV-ATTR:hypervisor_hostname'] is None
    assert live_servers.allocations(server['id']) == {}
    assert server['id'] not in stack.driver(host).guests
    image = _image(_shelved_image_id(server['id']))
    assert image['name'] == 'shelver-shelved'
    assert image['status'] == 'active'
    assert image['properties']['image_type'] == 'snapshot'
    assert image['properties']['instance_uuid'] == server['id']
    sysmeta = instances_db.get(server['id']).system_metadata
    assert sysmeta['shelved_host'] == host
    assert sysmeta['shelved_at']
    assert _events(api, server['id'], resp) == (
        'shelve', [('compute_shelve_instance', 'Success')])


def test_shelve_and_unshelve_on_the_same_host(api, stack, server,
                                              offload_time):
    offload_time(-1)
    held = live_servers.allocations(server['id'])
    host = _server(api, server['id'])['OS-EXT-SRV-ATTR:host']
    _, body = _shelve(api, server, 'SHELVED')
    assert body['OS-EXT-SRV-ATTR:host'] == host
    assert body['OS-EXT-STS:power_state'] == states.SHUTDOWN
    assert stack.driver(host).guests[server['id']]['power_state'] == \
        states.SHUTDOWN
    assert live_servers.allocations(server['id']) == held
    image_id = _shelved_image_id(server['id'])

    resp = _unshelve(api, server)
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'ACTIVE'})
    assert body['OS-EXT-SRV-ATTR:host'] == host
    assert body['OS-EXT-STS:power_state'] == states.RUNNING
    assert live_servers.allocations(server['id']) == held
    _gone(image_id)
    sysmeta = instances_db.get(server['id']).system_metadata
    assert not {'shelved_at', 'shelved_image_id', 'shelved_host'} & \
        set(sysmeta)
    assert _events(api, server['id'], resp) == (
        'unshelve', [('compute_start_instance', 'Success')])


def test_shelve_offload_on_request(api, stack, server, offload_time):
    offload_time(-1)
    host = _server(api, server['id'])['OS-EXT-SRV-ATTR:host']
    _shelve(api, server, 'SHELVED')
    resp = _action(api, server['id'], {'shelveOffload': None},
                   server['token'])
    assert client.fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-shelve:shelve_offload to "
        "be performed.")
    resp = _action(api, server['id'], {'shelveOffload': None}, ADMIN)
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'SHELVED_OFFLOADED'})
    assert body['OS-EXT-SRV-ATTR:host'] is None
    assert live_servers.allocations(server['id']) == {}
    assert server['id'] not in stack.driver(host).guests
    assert _events(api, server['id'], resp) == (
        'shelveOffload', [('compute_shelve_offload_instance', 'Success')])
    # Only a shelved server is offloaded.
    resp = _action(api, server['id'], {'shelveOffload': None}, ADMIN)
    assert client.fault_message(resp, 409) == (
        "Cannot 'shelveOffload' instance %s while it is in vm_state "
        "shelved_offloaded" % server['id'])


def test_periodic_offload(api, stack, server, offload_time):
    offload_time(1)
    host = _server(api, server['id'])['OS-EXT-SRV-ATTR:host']
    _shelve(api, server, 'SHELVED')
    agent = stack.agent(host)
    agent.offload_shelved_instances()
    assert _server(api, server['id'])['status'] == 'SHELVED'
    time.sleep(1.1)
    agent.offload_shelved_instances()
    body = _settled(api, server['id'], {'SHELVED_OFFLOADED'})
    assert body['OS-EXT-SRV-ATTR:host'] is None
    assert live_servers.allocations(server['id']) == {}
    assert (CONF.shelved_poll_interval, agent.offload_shelved_instances) \
        in agent.periodic_tasks()


def test_unshelve_offloaded_through_the_scheduler(api, compute_hosts,
                                                   server):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    image_id = _shelved_image_id(server['id'])
    resp = _unshelve(api, server)
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'ACTIVE'})
    host = body['OS-EXT-SRV-ATTR:host']
    assert host in compute_hosts
    assert body['OS-EXT-SRV-ATTR:hypervisor_hostname'] == host
    held = live_servers.allocations(server['id'])
    assert [a['resources'] for a in held.values()] == [
        {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}]
    _gone(image_id)
    assert body['OS-EXT-AZ:availability_zone'] == 'nova'
    assert _events(api, server['id'], resp) == ('unshelve', [
        ('get_image_info', 'Success'), ('schedule_instances', 'Success'),
        ('compute_unshelve_instance', 'Success')])


@pytest.mark.parametrize('vm_state', [states.STOPPED, states.PAUSED,
                                      states.SUSPENDED])
def test_shelve_from_other_allowed_states(api, server, vm_state):
    _set_state(server['id'], vm_state=vm_state)
    _shelve(api, server, 'SHELVED_OFFLOADED')


def test_state_conflicts(api, server):
    for body in ({'unshelve': None}, {'shelveOffload': None}):
        resp = _action(api, server['id'], body, ADMIN)
        assert client.fault_message(resp, 409) == (
            "Cannot '%s' instance %s while it is in vm_state active"
            % (list(body)[0], server['id']))
    _set_state(server['id'], vm_state=states.ERROR)
    resp = _action(api, server['id'], {'shelve': None}, server['token'])
    assert client.fault_message(resp, 409) == (
        "Cannot 'shelve' instance %s while it is in vm_state error"
        % server['id'])
    _set_state(server['id'], vm_state=states.ACTIVE,
               task_state=states.REBOOTING)
    resp = _action(api, server['id'], {'shelve': None}, server['token'])
    assert client.fault_message(resp, 409) == (
        "Cannot 'shelve' instance %s while it is in task_state rebooting"
        % server['id'])
    _set_state(server['id'], task_state=None)


def test_locked(api, server, offload_time):
    offload_time(-1)
    _set_state(server['id'], locked=True, locked_by='admin')
    resp = _action(api, server['id'], {'shelve': None}, server['token'])
    assert client.fault_message(resp, 409) == (
        'Instance %s is locked' % server['id'])
    resp = _action(api, server['id'], {'shelve': None}, ADMIN)
    assert resp.status_code == 202, resp.text
    _settled(api, server['id'], {'SHELVED'})
    resp = _unshelve(api, server)
    assert client.fault_message(resp, 409) == (
        'Instance %s is locked' % server['id'])
    _set_state(server['id'], locked=False, locked_by=None)


@pytest.mark.parametrize('body', [{'shelve': None}, {'unshelve': None}])
def test_policy(api, server, body):
    resp = _action(api, server['id'], body, live_servers.token())
    assert client.fault_message(resp, 404) == (
        'Instance %s could not be found.' % server['id'])
    resp = _action(api, server['id'], body, server['token'],
                   headers={'X-Roles': 'reader'})
    assert client.fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-shelve:%s to be performed."
        % list(body)[0])


@pytest.mark.parametrize('version,body', [
    ('2.1', {'shelve': None, 'extra': 1}),
    ('2.77', {'unshelve': {}}),
    ('2.77', {'unshelve': {'availability_zone': None}}),
    ('2.77', {'unshelve': {'availability_zone': 'nova', 'x': 1}}),
    ('2.90', {'unshelve': {'host': 'compute1'}}),
    ('2.91', {'unshelve': {'host': None}}),
    ('2.91', {'unshelve': {'availability_zone': 1}}),
    ('2.91', {'unshelve': {'other': 'x'}}),
    ('2.91', {'unshelve': 'nova'}),
])
def test_validation(api, server, version, body):
    resp = _action(api, server['id'], body, ADMIN, version)
    assert resp.status_code == 400, resp.text


def test_unshelve_body_ignored_before_2_77(api, server):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    resp = _unshelve(api, server, {'availability_zone': 'nowhere'},
                     version='2.76')
    assert resp.status_code == 202, resp.text
    _settled(api, server['id'], {'ACTIVE'})


@pytest.fixture
def zone(api):
    """Availability zone 'az-<random>' holding compute2."""
    name = 'az-' + uuid.uuid4().hex[:6]
    resp = api.post('/os-aggregates', {'aggregate': {
        'name': name, 'availability_zone': name}})
    assert resp.status_code == 200, resp.text
    agg = resp.json()['aggregate']['id']
    path = '/os-aggregates/%s/action' % agg
    assert api.post(path, {'add_host': {'host': 'compute2'}}).status_code \
        == 200
    yield name
    api.post(path, {'remove_host': {'host': 'compute2'}})
    api.delete('/os-aggregates/%s' % agg)


def test_unshelve_to_a_zone(api, server, zone, offload_time):
    offload_time(-1)
    _shelve(api, server, 'SHELVED')
    resp = _unshelve(api, server, {'availability_zone': zone},
                     version='2.77')
    assert client.fault_message(resp, 409) == (
        'Specifying an availability zone or a host when unshelving server '
        '"%s" with status "shelved" is not supported. The server status '
        'must be SHELVED_OFFLOADED.' % server['id'])
    resp = _action(api, server['id'], {'shelveOffload': None}, ADMIN)
    _settled(api, server['id'], {'SHELVED_OFFLOADED'})
    resp = _unshelve(api, server, {'availability_zone': 'nowhere'},
                     version='2.77')
    assert client.fault_message(resp, 400) == (
        'The requested availability zone is not available')
    resp = _unshelve(api, server, {'availability_zone': zone},
                     version='2.77')
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'ACTIVE'})
    assert body['OS-EXT-SRV-ATTR:host'] == 'compute2'
    assert body['OS-EXT-AZ:availability_zone'] == zone
    assert body['pinned_availability_zone'] == zone


def test_unshelve_to_a_host_2_91(api, server, zone):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    resp = _unshelve(api, server, {'host': 'compute1'}, version='2.91')
    assert client.fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-shelve:unshelve_to_host to "
        "be performed.")
    resp = _unshelve(api, server, {'host': 'nowhere'}, token=ADMIN,
                     version='2.91')
    assert client.fault_message(resp, 400) == (
        'Compute host nowhere could not be found.')
    resp = _unshelve(api, server, {'host': 'compute1',
                                   'availability_zone': zone},
                     token=ADMIN, version='2.91')
    assert client.fault_message(resp, 409) == (
        'Host "compute1" is not in the availability zone "%s".' % zone)
    # To compute2 in the zone: pinned there.
    resp = _unshelve(api, server, {'host': 'compute2',
                                   'availability_zone': zone},
                     token=ADMIN, version='2.91')
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'ACTIVE'})
    assert body['OS-EXT-SRV-ATTR:host'] == 'compute2'
    assert body['pinned_availability_zone'] == zone
    assert list(live_servers.allocations(server['id']))

    _shelve(api, server, 'SHELVED_OFFLOADED')
    # Pinned to the zone: compute1 is refused without a new zone.
    resp = _unshelve(api, server, {'host': 'compute1'}, token=ADMIN,
                     version='2.91')
    assert client.fault_message(resp, 409) == (
        'Host "compute1" is not in the availability zone "%s".' % zone)
    # A null zone unpins: compute1 then.
    resp = _unshelve(api, server, {'host': 'compute1',
                                   'availability_zone': None},
                     token=ADMIN, version='2.91')
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'ACTIVE'})
    assert body['OS-EXT-SRV-ATTR:host'] == 'compute1'
    assert body['pinned_availability_zone'] is None
    assert body['OS-EXT-AZ:availability_zone'] == 'nova'


def test_unshelve_null_zone_unpins(api, server, zone):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    resp = _unshelve(api, server, {'availability_zone': zone},
                     version='2.91')
    assert resp.status_code == 202, resp.text
    assert _settled(api, server['id'], {'ACTIVE'})[
        'pinned_availability_zone'] == zone
    _shelve(api, server, 'SHELVED_OFFLOADED')
    resp = _unshelve(api, server, {'availability_zone': None},
                     version='2.91')
    assert resp.status_code == 202, resp.text
    assert _settled(api, server['id'], {'ACTIVE'})[
        'pinned_availability_zone'] is None


def test_unshelve_spawn_failure(api, stack, server):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    stack.driver('compute1').fail_next_builds(1)
    try:
        resp = _unshelve(api, server, {'host': 'compute1'}, token=ADMIN,
                         version='2.91')
        assert resp.status_code == 202, resp.text
        body = _settled(api, server['id'], {'SHELVED_OFFLOADED'})
    finally:
        stack.driver('compute1').fail_next_builds(0)
    assert body['OS-EXT-SRV-ATTR:host'] is None
    assert live_servers.allocations(server['id']) == {}
    assert _events(api, server['id'], resp) == ('unshelve', [
        ('get_image_info', 'Success'), ('schedule_instances', 'Success'),
        ('compute_unshelve_instance', 'Error')])
    # The shelve snapshot stays for the next try.
    assert _image(_shelved_image_id(server['id']))['status'] == 'active'
    resp = _unshelve(api, server)
    assert resp.status_code == 202, resp.text
    _settled(api, server['id'], {'ACTIVE'})


def test_unshelve_without_a_host_left(api, server):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    services = api.get('/os-services', params={'binary': 'nova-compute'},
                       version='2.53').json()['services']
    for service in services:
        api.put('/os-services/%s' % service['id'], {'status': 'disabled'},
                version='2.53')
    try:
        resp = _unshelve(api, server)
        assert resp.status_code == 202, resp.text
        _settled(api, server['id'], {'SHELVED_OFFLOADED'})
        assert _events(api, server['id'], resp) == ('unshelve', [
            ('get_image_info', 'Success'), ('schedule_instances', 'Error')])
    finally:
        for service in services:
            api.put('/os-services/%s' % service['id'],
                    {'status': 'enabled'}, version='2.53')
    assert live_servers.allocations(server['id']) == {}


def test_unshelve_with_its_snapshot_gone(api, server):
    _shelve(api, server, 'SHELVED_OFFLOADED')
    image_id = _shelved_image_id(server['id'])
    image_api.get_image_api().delete(_admin_ctx(), image_id)
    resp = _unshelve(api, server)
    assert resp.status_code == 202, resp.text
    body = _settled(api, server['id'], {'ERROR'})
    assert body['fault']['message'] == (
        'Unshelve attempted but the image %s cannot be found.' % image_id)
    assert _events(api, server['id'], resp) == ('unshelve', [
        ('get_image_info', 'Error')])


def _spy(stack, hosts, monkeypatch, method, seen, wrap_update=False):
    """Record the server's task_state when the drivers' ``method`` runs
    on any of ``hosts`` (and after each task update it makes, with
    ``wrap_update``)."""
    for host in hosts:
        driver = stack.driver(host)
        original = getattr(driver, method)

        def spy(instance, *args, _original=original):
            seen.append(instances_db.get(instance.uuid).task_state)
            if wrap_update:
                update_task_state = args[0]

                def update(task_state, **kwargs):
                    update_task_state(task_state, **kwargs)
                    seen.append(instances_db.get(instance.uuid).task_state)
                args = (update,)
            return _original(instance, *args)
        monkeypatch.setattr(driver, method, spy)


def test_task_state_sequences(api, stack, compute_hosts, server, monkeypatch,
                              offload_time):
    seen = []
    _spy(stack, compute_hosts, monkeypatch, 'snapshot', seen,
         wrap_update=True)
    for method in ('destroy', 'spawn', 'power_on'):
        _spy(stack, compute_hosts, monkeypatch, method, seen)
    _shelve(api, server, 'SHELVED_OFFLOADED')
    assert seen == [states.SHELVING, states.SHELVING_IMAGE_PENDING_UPLOAD,
                    states.SHELVING_IMAGE_UPLOADING,
                    states.SHELVING_OFFLOADING]
    del seen[:]
    assert _unshelve(api, server).status_code == 202
    _settled(api, server['id'], {'ACTIVE'})
    assert seen == [states.SPAWNING]
    del seen[:]
    offload_time(-1)
    _shelve(api, server, 'SHELVED')
    assert _unshelve(api, server).status_code == 202
    _settled(api, server['id'], {'ACTIVE'})
    assert seen == [states.SHELVING, states.SHELVING_IMAGE_PENDING_UPLOAD,
                    states.SHELVING_IMAGE_UPLOADING, states.POWERING_ON]


def test_owner_unshelves_what_an_administrator_shelved(api, server):
    resp = _action(api, server['id'], {'shelve': None}, ADMIN)
    assert resp.status_code == 202, resp.text
    _settled(api, server['id'], {'SHELVED_OFFLOADED'})
    image_id = _shelved_image_id(server['id'])
    image = _image(image_id)
    assert image['visibility'] == 'shared'
    assert image['properties']['instance_owner'] == server['project']
    resp = _unshelve(api, server)
    assert resp.status_code == 202, resp.text
    _settled(api, server['id'], {'ACTIVE'})
    _gone(image_id)
