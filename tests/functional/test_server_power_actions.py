"""The power and state server actions through the whole stack (API ->
agent -> fake driver): os-start, os-stop, reboot, trigger_crash_dump,
pause, unpause, suspend, resume, lock, unlock, rescue, unrescue,
os-resetState, injectNetworkInfo and changePassword.

Each is checked from its allowed states (the server ends in Nova's state,
the guest in the matching power state, the instance action has its
events) and refused from a disallowed one with Nova's 409; plus policy,
microversion windows, body validation, a locked server, and the agent's
power-state sync agreeing with every resulting state.
"""

import concurrent.futures
import time

import pytest

from compute import conf as compute_conf
from compute import context as compute_context
from compute.db import instances as instances_db
from compute import states
from tests.functional.client import fault_message
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401

CONF = compute_conf.CONF
ADMIN = 'admin:admin'
VERSION = live_servers.VERSION


# Helpers.

def _act(api, server_id, body, token=ADMIN, version=None, headers=None):
    return api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version, headers=headers)


def _settled(api, server_id, token, vm_state, timeout=30):
    """The server once its vm_state is ``vm_state`` with no task."""
    deadline = time.time() + timeout
    while True:
        server = api.get('/servers/%s' % server_id, token=token,
                         version=VERSION).json()['server']
        if server['OS-EXT-STS:vm_state'] == vm_state and \
                server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.time() < deadline, (
            server['OS-EXT-STS:vm_state'], server['OS-EXT-STS:task_state'])
        time.sleep(0.05)


def _do(api, server, body, token, vm_state, status=202):
    """Run an action and wait for the server to settle in ``vm_state``;
    (server body, request id)."""
    resp = _act(api, server['id'], body, token)
    assert resp.status_code == status, resp.text
    request_id = resp.headers['x-openstack-request-id']
    return _settled(api, server['id'], token, vm_state), request_id


def _action(api, server_id, request_id, events=True, timeout=30):
    """The instance action of ``request_id`` (as the admin, with events)
    once it has ``events`` (or none at all) and all have finished."""
    deadline = time.time() + timeout
    while True:
        resp = api.get('/servers/%s/os-instance-actions/%s'
                       % (server_id, request_id), version='2.84')
        assert resp.status_code == 200, resp.text
        action = resp.json()['instanceAction']
        if bool(action['events']) == events and \
                all(event['finish_time'] for event in action['events']):
            return action
        assert time.time() < deadline, action
        time.sleep(0.05)


def _events(api, server_id, request_id, events=True):
    return [(e['event'], e['result'])
            for e in _action(api, server_id, request_id, events)['events']]


def _guest(stack, server_id):
    """The fake hypervisor's record of the server's guest."""
    host = instances_db.get(server_id).host
    return stack.driver(host).guests[server_id]


def _sync(stack, server_id):
    """Run the power-state sync of the server's host."""
    stack.agent(instances_db.get(server_id).host).sync_power_states()


def _states(api, server_id, token=ADMIN):
    server = api.get('/servers/%s' % server_id, token=token,
                     version=VERSION).json()['server']
    return (server['status'], server['OS-EXT-STS:vm_state'],
            server['OS-EXT-STS:task_state'], server['OS-EXT-STS:power_state'])


def _invalid_state(server_id, action, attr, state):
    return "Cannot '%s' instance %s while it is in %s %s" % (
        action, server_id, attr, state)


@pytest.fixture
def member():
    return live_servers.token()


@pytest.fixture
def server(api, member):
    return live_servers.boot_active(api, member)


@pytest.fixture
def admin_password_off():
    CONF.set_override('enable_instance_password', False)
    yield
    CONF.clear_override('enable_instance_password')


# os-stop / os-start.

def test_stop_and_start(api, stack, member, server):
    stopped, request_id = _do(api, server, {'os-stop': None}, member,
                              'stopped')
    assert stopped['status'] == 'SHUTOFF'
    assert stopped['OS-EXT-STS:power_state'] == states.SHUTDOWN
    assert _guest(stack, server['id'])['power_state'] == states.SHUTDOWN
    assert _events(api, server['id'], request_id) == [
        ('compute_stop_instance', 'Success')]

    started, request_id = _do(api, server, {'os-start': None}, member,
                              'active')
    assert started['status'] == 'ACTIVE'
    assert started['OS-EXT-STS:power_state'] == states.RUNNING
    assert _guest(stack, server['id'])['power_state'] == states.RUNNING
    assert _events(api, server['id'], request_id) == [
        ('compute_start_instance', 'Success')]
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=member).json()['instanceActions']
    assert [a['action'] for a in actions] == ['start', 'stop', 'create']


def test_stop_and_start_refused_from_wrong_states(api, member, server):
    msg = fault_message(_act(api, server['id'], {'os-start': None}, member),
                        409)
    assert msg == _invalid_state(server['id'], 'start', 'vm_state',
                                 'active')
    _do(api, server, {'os-stop': None}, member, 'stopped')
    msg = fault_message(_act(api, server['id'], {'os-stop': None}, member),
                        409)
    assert msg == _invalid_state(server['id'], 'stop', 'vm_state',
                                 'stopped')


def test_stop_from_error(api, member, server):
    _do(api, server, {'os-resetState': {'state': 'error'}}, ADMIN, 'error')
    stopped, _ = _do(api, server, {'os-stop': None}, member, 'stopped')
    assert stopped['status'] == 'SHUTOFF'


def test_stop_refused_during_a_task(api, member, server):
    instances_db.update(server['id'], task_state=states.PAUSING)
    try:
        msg = fault_message(_act(api, server['id'], {'os-stop': None},
                                 member), 409)
        assert msg == _invalid_state(server['id'], 'stop', 'task_state',
                                     'pausing')
    finally:
        instances_db.update(server['id'], task_state=None)


# reboot.

@pytest.mark.parametrize('reboot_type', ['SOFT', 'HARD', 'soft', 'Hard'])
def test_reboot_active(api, stack, member, server, reboot_type):
    rebooted, request_id = _do(api, server,
                               {'reboot': {'type': reboot_type}}, member,
                               'active')
    assert rebooted['OS-EXT-STS:power_state'] == states.RUNNING
    assert _events(api, server['id'], request_id) == [
        ('compute_reboot_instance', 'Success')]
    assert _guest(stack, server['id'])['console'][-1] == \
        'reboot (%s)' % reboot_type.upper()


@pytest.mark.parametrize('setup,vm_state', [
    ({'os-stop': None}, 'stopped'), ({'pause': None}, 'paused'),
    ({'suspend': None}, 'suspended'),
    ({'os-resetState': {'state': 'error'}}, 'error')])
def test_hard_reboot_brings_back_to_active(api, member, server, setup,
                                           vm_state):
    _do(api, server, setup, ADMIN, vm_state)
    msg = fault_message(_act(api, server['id'],
                             {'reboot': {'type': 'SOFT'}}, member), 409)
    assert msg == _invalid_state(server['id'], 'reboot', 'vm_state',
                                 vm_state)
    rebooted, _ = _do(api, server, {'reboot': {'type': 'HARD'}}, member,
                      'active')
    assert rebooted['status'] == 'ACTIVE'
    assert rebooted['OS-EXT-STS:power_state'] == states.RUNNING


def test_hard_reboot_allowed_during_a_soft_reboot(api, member, server):
    instances_db.update(server['id'], task_state=states.REBOOTING)
    assert _states(api, server['id'])[0] == 'REBOOT'
    msg = fault_message(_act(api, server['id'],
                             {'reboot': {'type': 'SOFT'}}, member), 409)
    assert msg == _invalid_state(server['id'], 'reboot', 'task_state',
                                 'rebooting')
    _do(api, server, {'reboot': {'type': 'HARD'}}, member, 'active')


def test_hard_reboot_refused_from_rescue(api, member, server):
    _do(api, server, {'rescue': None}, member, 'rescued', status=200)
    msg = fault_message(_act(api, server['id'],
                             {'reboot': {'type': 'HARD'}}, member), 409)
    assert msg == _invalid_state(server['id'], 'reboot', 'vm_state',
                                 'rescued')


def test_reboot_failure_with_guest_down_errors_the_server(api, stack,
                                                          member, server):
    _do(api, server, {'os-stop': None}, member, 'stopped')
    stack.driver(instances_db.get(server['id']).host).fail_next_action(
        'reboot', RuntimeError('disk gone'))
    failed, request_id = _do(api, server, {'reboot': {'type': 'HARD'}},
                             member, 'error')
    assert failed['status'] == 'ERROR'
    assert failed['fault']['message'] == 'disk gone'
    assert _events(api, server['id'], request_id) == [
        ('compute_reboot_instance', 'Error')]


def test_reboot_failure_with_guest_running_keeps_the_server(api, stack,
                                                            member, server):
    stack.driver(instances_db.get(server['id']).host).fail_next_action(
        'reboot', RuntimeError('guest ignored ACPI'))
    resp = _act(api, server['id'], {'reboot': {'type': 'SOFT'}}, member)
    assert resp.status_code == 202
    _action(api, server['id'], resp.headers['x-openstack-request-id'])
    assert _states(api, server['id']) == ('ACTIVE', 'active', None,
                                          states.RUNNING)


@pytest.mark.parametrize('body', [
    {'reboot': {}}, {'reboot': {'type': 'WARM'}}, {'reboot': None},
    {'reboot': {'type': 'SOFT', 'force': True}},
    {'reboot': {'type': 'SOFT'}, 'extra': 1}])
def test_reboot_bad_body(api, member, server, body):
    fault_message(_act(api, server['id'], body, member), 400)


# The states while the hypervisor works (the fake driver holds the step).

@pytest.mark.parametrize('setup,body,step,during,end', [
    (None, {'reboot': {'type': 'SOFT'}}, 'reboot',
     ('REBOOT', 'active', 'reboot_started'), 'active'),
    (None, {'reboot': {'type': 'HARD'}}, 'reboot',
     ('HARD_REBOOT', 'active', 'reboot_started_hard'), 'active'),
    (None, {'pause': None}, 'pause', ('ACTIVE', 'active', 'pausing'),
     'paused'),
    ({'pause': None}, {'unpause': None}, 'unpause',
     ('PAUSED', 'paused', 'unpausing'), 'active'),
    (None, {'suspend': None}, 'suspend', ('ACTIVE', 'active', 'suspending'),
     'suspended'),
    ({'suspend': None}, {'resume': None}, 'resume',
     ('SUSPENDED', 'suspended', 'resuming'), 'active'),
    (None, {'rescue': None}, 'rescue', ('ACTIVE', 'active', 'rescuing'),
     'rescued'),
    ({'rescue': None}, {'unrescue': None}, 'unrescue',
     ('RESCUE', 'rescued', 'unrescuing'), 'active'),
])
def test_states_during_the_step(api, stack, member, server, setup, body,
                                step, during, end):
    if setup:
        resp = _act(api, server['id'], setup, member)
        assert resp.status_code in (200, 202), resp.text
        _settled(api, server['id'], member, during[1])
    gate = stack.driver(instances_db.get(server['id']).host) \
        .hold_next_action(step)
    try:
        resp = _act(api, server['id'], body, member)
        assert resp.status_code in (200, 202), resp.text
        deadline = time.time() + 30
        while _states(api, server['id'], member)[:3] != during:
            assert time.time() < deadline, _states(api, server['id'])
            time.sleep(0.05)
        # Refused: by the task, where the vm_state would allow a stop.
        attr, state = ('task_state', during[2]) \
            if during[1] == 'active' else ('vm_state', during[1])
        msg = fault_message(_act(api, server['id'], {'os-stop': None},
                                 member), 409)
        assert msg == _invalid_state(server['id'], 'stop', attr, state)
    finally:
        gate.set()
    _settled(api, server['id'], member, end)


def test_password_status_during_change(api, stack, member, server):
    gate = stack.driver(instances_db.get(server['id']).host) \
        .hold_next_action('set_admin_password')
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(_act, api, server['id'],
                             {'changePassword': {'adminPass': 'n3w'}},
                             member)
        try:
            deadline = time.time() + 30
            while _states(api, server['id'], member)[:3] != (
                    'PASSWORD', 'active', 'updating_password'):
                assert time.time() < deadline, _states(api, server['id'])
                time.sleep(0.05)
        finally:
            gate.set()
        assert future.result().status_code == 202
    assert _states(api, server['id'])[:3] == ('ACTIVE', 'active', None)


# pause / unpause, suspend / resume.

@pytest.mark.parametrize('on,off,vm_state,status,power', [
    ('pause', 'unpause', 'paused', 'PAUSED', states.PAUSED_POWER),
    ('suspend', 'resume', 'suspended', 'SUSPENDED', states.SUSPENDED_POWER)])
def test_toggles(api, stack, member, server, on, off, vm_state, status,
                 power):
    msg = fault_message(_act(api, server['id'], {off: None}, member), 409)
    assert msg == _invalid_state(server['id'], off, 'vm_state', 'active')

    held, request_id = _do(api, server, {on: None}, member, vm_state)
    assert held['status'] == status
    assert held['OS-EXT-STS:power_state'] == power
    assert _guest(stack, server['id'])['power_state'] == power
    assert _events(api, server['id'], request_id) == [
        ('compute_%s_instance' % on, 'Success')]
    _sync(stack, server['id'])
    assert _states(api, server['id']) == (status, vm_state, None, power)

    msg = fault_message(_act(api, server['id'], {on: None}, member), 409)
    assert msg == _invalid_state(server['id'], on, 'vm_state', vm_state)
    for refused in ('os-stop', 'rescue'):
        fault_message(_act(api, server['id'], {refused: None}, member),
                      409)

    back, request_id = _do(api, server, {off: None}, member, 'active')
    assert back['OS-EXT-STS:power_state'] == states.RUNNING
    assert _events(api, server['id'], request_id) == [
        ('compute_%s_instance' % off, 'Success')]


def test_pause_failure_is_recorded_and_clears_the_task(api, stack, member,
                                                       server):
    stack.driver(instances_db.get(server['id']).host).fail_next_action(
        'pause', RuntimeError('hypervisor busy'))
    resp = _act(api, server['id'], {'pause': None}, member)
    assert resp.status_code == 202
    action = _action(api, server['id'],
                     resp.headers['x-openstack-request-id'])
    assert action['message'] == 'Error'
    assert [(e['event'], e['result']) for e in action['events']] == [
        ('compute_pause_instance', 'Error')]
    assert action['events'][0]['details'] == 'hypervisor busy'
    assert _states(api, server['id']) == ('ACTIVE', 'active', None,
                                          states.RUNNING)


# rescue / unrescue.

def test_rescue_and_unrescue(api, stack, member, server):
    resp = _act(api, server['id'], {'rescue': {'adminPass': 'S3cret'}},
                member)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'adminPass': 'S3cret'}
    rescued = _settled(api, server['id'], member, 'rescued')
    assert rescued['status'] == 'RESCUE'
    guest = _guest(stack, server['id'])
    assert guest['rescue'] == {'image': server['image']['id'],
                               'password': 'S3cret'}
    assert _events(api, server['id'],
                   resp.headers['x-openstack-request-id']) == [
        ('compute_rescue_instance', 'Success')]
    _sync(stack, server['id'])
    assert _states(api, server['id'])[:3] == ('RESCUE', 'rescued', None)

    # Nova: a rescued server cannot be rescued again, stopped or paused.
    for refused in ('rescue', 'os-stop', 'pause'):
        fault_message(_act(api, server['id'], {refused: None}, member),
                      409)
    unrescued, request_id = _do(api, server, {'unrescue': None}, member,
                                'active')
    assert unrescued['OS-EXT-STS:power_state'] == states.RUNNING
    assert 'rescue' not in _guest(stack, server['id'])
    assert _events(api, server['id'], request_id) == [
        ('compute_unrescue_instance', 'Success')]
    msg = fault_message(_act(api, server['id'], {'unrescue': None},
                             member), 409)
    assert msg == _invalid_state(server['id'], 'unrescue', 'vm_state',
                                 'active')


def test_rescue_generates_a_password(api, stack, member, server):
    resp = _act(api, server['id'], {'rescue': None}, member)
    assert resp.status_code == 200, resp.text
    password = resp.json()['adminPass']
    assert password
    _settled(api, server['id'], member, 'rescued')
    assert _guest(stack, server['id'])['rescue']['password'] == password


def test_rescue_without_password_in_response(api, member, server,
                                             admin_password_off):
    resp = _act(api, server['id'], {'rescue': None}, member)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {}
    _settled(api, server['id'], member, 'rescued')


def test_rescue_from_stopped_with_an_image(api, stack, member, server):
    _do(api, server, {'os-stop': None}, member, 'stopped')
    image = live_servers.image_id(api)
    resp = _act(api, server['id'], {'rescue': {'rescue_image_ref': image}},
                member)
    assert resp.status_code == 200, resp.text
    _settled(api, server['id'], member, 'rescued')
    assert _guest(stack, server['id'])['rescue']['image'] == image


def test_rescue_with_an_unknown_image(api, member, server):
    image = '8a4a3a35-bd8d-4c4c-9bdf-5b0a8c8f5e55'
    msg = fault_message(_act(api, server['id'],
                             {'rescue': {'rescue_image_ref': image}},
                             member), 400)
    assert msg == "Requested rescue image '%s' is not supported" % image
    assert _states(api, server['id'])[:3] == ('ACTIVE', 'active', None)


@pytest.mark.parametrize('body', [
    {'rescue': {'rescue_image_ref': 'not-a-uuid'}},
    {'rescue': {'adminPass': 1}}, {'rescue': {'foo': 'bar'}},
    {'rescue': 'yes'}])
def test_rescue_bad_body(api, member, server, body):
    fault_message(_act(api, server['id'], body, member), 400)


def test_rescue_driver_failure_errors_the_server(api, stack, member,
                                                 server):
    stack.driver(instances_db.get(server['id']).host).fail_next_action(
        'rescue', RuntimeError('no rescue disk'))
    resp = _act(api, server['id'], {'rescue': None}, member)
    assert resp.status_code == 200
    failed = _settled(api, server['id'], member, 'error')
    assert failed['fault']['message'] == (
        'Instance %s cannot be rescued: Driver Error: no rescue disk'
        % server['id'])
    assert failed['fault']['code'] == 400


# trigger_crash_dump (2.17).

def test_trigger_crash_dump(api, stack, member, server):
    body = {'trigger_crash_dump': None}
    fault_message(api.post('/servers/%s/action' % server['id'], body,
                           token=member, version='2.16'), 404)
    resp = api.post('/servers/%s/action' % server['id'], body, token=member,
                    version='2.17')
    assert resp.status_code == 202, resp.text
    assert _events(api, server['id'],
                   resp.headers['x-openstack-request-id']) == [
        ('compute_trigger_crash_dump', 'Success')]
    assert _guest(stack, server['id'])['console'][-1] == \
        'NMI received: crash dump triggered'
    assert _states(api, server['id']) == ('ACTIVE', 'active', None,
                                          states.RUNNING)
    fault_message(api.post('/servers/%s/action' % server['id'],
                           {'trigger_crash_dump': {}}, token=member,
                           version='2.17'), 400)
    _do(api, server, {'os-stop': None}, member, 'stopped')
    msg = fault_message(api.post('/servers/%s/action' % server['id'], body,
                                 token=member, version='2.17'), 409)
    assert msg == _invalid_state(server['id'], 'trigger_crash_dump',
                                 'vm_state', 'stopped')


# lock / unlock.

def test_lock_refuses_the_owner_but_not_the_admin(api, member, server):
    resp = _act(api, server['id'], {'lock': None}, member)
    assert resp.status_code == 202, resp.text
    assert _events(api, server['id'],
                   resp.headers['x-openstack-request-id']) == [
        ('api_lock', 'Success')]
    row = instances_db.get(server['id'])
    assert (row.locked, row.locked_by) == (True, 'owner')
    shown = api.get('/servers/%s' % server['id'], token=member,
                    version='2.9').json()['server']
    assert shown['locked'] is True
    locked = 'Instance %s is locked' % server['id']
    for body in ({'os-stop': None}, {'reboot': {'type': 'HARD'}},
                 {'pause': None}, {'suspend': None}, {'rescue': None},
                 {'changePassword': {'adminPass': 'x'}}):
        assert fault_message(_act(api, server['id'], body, member),
                             409) == locked
    assert fault_message(api.post(
        '/servers/%s/action' % server['id'], {'trigger_crash_dump': None},
        token=member, version='2.17'), 409) == locked
    # The administrator is never locked out.
    _do(api, server, {'pause': None}, ADMIN, 'paused')
    resp = _act(api, server['id'], {'unlock': None}, member)
    assert resp.status_code == 202
    assert _events(api, server['id'],
                   resp.headers['x-openstack-request-id']) == [
        ('api_unlock', 'Success')]
    row = instances_db.get(server['id'])
    assert (row.locked, row.locked_by) == (False, None)
    _do(api, server, {'unpause': None}, member, 'active')


def test_owner_relocking_changes_nothing(api, member, server):
    _act(api, server['id'], {'lock': None}, member)
    resp = _act(api, server['id'], {'lock': {'locked_reason': 'again'}},
                member, version='2.73')
    assert resp.status_code == 202
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=member).json()['instanceActions']
    assert [a['action'] for a in actions] == ['lock', 'create']
    shown = api.get('/servers/%s' % server['id'], token=member,
                    version='2.73').json()['server']
    assert shown['locked_reason'] is None
    _act(api, server['id'], {'unlock': None}, member)


def test_admin_lock_needs_override_to_unlock(api, member, server):
    assert _act(api, server['id'], {'lock': None}).status_code == 202
    assert instances_db.get(server['id']).locked_by == 'admin'
    msg = fault_message(_act(api, server['id'], {'unlock': None}, member),
                        403)
    assert msg == ("Policy doesn't allow os_compute_api:os-lock-server:"
                   "unlock:unlock_override to be performed.")
    assert _act(api, server['id'], {'unlock': None}).status_code == 202
    assert instances_db.get(server['id']).locked is False


def test_locked_reason_from_273(api, member, server):
    path = '/servers/%s' % server['id']
    # Before 2.73 the lock's value is not looked at.
    assert _act(api, server['id'], {'lock': {'locked_reason': 'ignored'}},
                member, version='2.72').status_code == 202
    assert api.get(path, token=member, version='2.73').json()['server'][
        'locked_reason'] is None
    _act(api, server['id'], {'unlock': None}, member)
    assert _act(api, server['id'], {'lock': {'locked_reason': 'maint'}},
                member, version='2.73').status_code == 202
    shown = api.get(path, token=member, version='2.73').json()['server']
    assert (shown['locked'], shown['locked_reason']) == (True, 'maint')
    listed = api.get('/servers/detail', token=member, version='2.73',
                     params={'locked': 'true'}).json()['servers']
    assert [s['id'] for s in listed] == [server['id']]
    _act(api, server['id'], {'unlock': None}, member)
    shown = api.get(path, token=member, version='2.73').json()['server']
    assert (shown['locked'], shown['locked_reason']) == (False, None)


@pytest.mark.parametrize('body', [
    {'lock': {'locked_reason': ''}}, {'lock': {'locked_reason': 'x' * 256}},
    {'lock': {'locked_reason': 5}}, {'lock': {'reason': 'x'}},
    {'lock': 'x'}])
def test_lock_bad_body_273(api, member, server, body):
    fault_message(_act(api, server['id'], body, member, version='2.73'),
                  400)


# os-resetState.

def test_reset_state(api, member, server):
    instances_db.update(server['id'], task_state=states.REBOOTING_HARD)
    resp = _act(api, server['id'], {'os-resetState': {'state': 'error'}})
    assert resp.status_code == 202, resp.text
    assert _states(api, server['id'])[:3] == ('ERROR', 'error', None)
    assert _events(api, server['id'],
                   resp.headers['x-openstack-request-id'], False) == []
    assert _act(api, server['id'],
                {'os-resetState': {'state': 'active'}}).status_code == 202
    assert _states(api, server['id'])[:3] == ('ACTIVE', 'active', None)
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=member).json()['instanceActions']
    assert [a['action'] for a in actions] == ['resetState', 'resetState',
                                              'create']
    msg = fault_message(_act(api, server['id'],
                             {'os-resetState': {'state': 'error'}},
                             member), 403)
    assert 'os_compute_api:os-admin-actions:reset_state' in msg


@pytest.mark.parametrize('body', [
    {'os-resetState': {'state': 'stopped'}}, {'os-resetState': {}},
    {'os-resetState': None},
    {'os-resetState': {'state': 'active', 'x': 1}}])
def test_reset_state_bad_body(api, server, body):
    fault_message(_act(api, server['id'], body), 400)


# injectNetworkInfo.

def test_inject_network_info(api, stack, member, server):
    host = instances_db.get(server['id']).host
    assert _act(api, server['id'], {'injectNetworkInfo': None}
                ).status_code == 202
    deadline = time.time() + 30
    while stack.driver(host).guests[server['id']]['console'][-1] != \
            'network info injected':
        assert time.time() < deadline
        time.sleep(0.05)
    msg = fault_message(_act(api, server['id'], {'injectNetworkInfo': None},
                             member), 403)
    assert 'os_compute_api:os-admin-actions:inject_network_info' in msg
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=member).json()['instanceActions']
    assert [a['action'] for a in actions] == ['create']


# changePassword.

def test_change_password(api, stack, member, server):
    resp = _act(api, server['id'], {'changePassword': {'adminPass': 'n3w'}},
                member)
    assert resp.status_code == 202, resp.text
    assert _guest(stack, server['id'])['admin_password'] == 'n3w'
    assert _states(api, server['id'])[:3] == ('ACTIVE', 'active', None)
    assert _events(api, server['id'],
                   resp.headers['x-openstack-request-id']) == [
        ('compute_set_admin_password', 'Success')]
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=member).json()['instanceActions']
    assert actions[0]['action'] == 'changePassword'


def test_change_password_not_supported_is_501(api, stack, member, server):
    stack.driver(instances_db.get(server['id']).host).fail_next_action(
        'set_admin_password', NotImplementedError())
    msg = fault_message(
        _act(api, server['id'], {'changePassword': {'adminPass': 'n3w'}},
             member), 501, 'notImplemented')
    assert msg == 'Unable to set password on instance'
    assert _states(api, server['id'])[:3] == ('ACTIVE', 'active', None)


def test_change_password_driver_failure_is_409(api, stack, member, server):
    stack.driver(instances_db.get(server['id']).host).fail_next_action(
        'set_admin_password', RuntimeError('agent says n3w is weak'))
    msg = fault_message(
        _act(api, server['id'], {'changePassword': {'adminPass': 'n3w'}},
             member), 409)
    assert msg == ('Failed to set admin password on %s because error '
                   'setting admin password' % server['id'])
    assert 'n3w' not in msg


def test_change_password_refused_when_not_active(api, member, server):
    _do(api, server, {'os-stop': None}, member, 'stopped')
    msg = fault_message(
        _act(api, server['id'], {'changePassword': {'adminPass': 'n3w'}},
             member), 409)
    assert msg == _invalid_state(server['id'], 'changePassword',
                                 'vm_state', 'stopped')


def test_change_password_guest_not_running_is_409(api, stack, member,
                                                  server):
    stack.driver(instances_db.get(server['id']).host).guests[
        server['id']]['power_state'] = states.SHUTDOWN
    msg = fault_message(
        _act(api, server['id'], {'changePassword': {'adminPass': 'n3w'}},
             member), 409)
    assert msg == ('Failed to set admin password on %s because instance '
                   '%s is not running' % (server['id'], server['id']))
    assert _states(api, server['id'])[2] is None


@pytest.mark.parametrize('body', [
    {'changePassword': {}}, {'changePassword': {'adminPass': 1}},
    {'changePassword': None},
    {'changePassword': {'adminPass': 'x', 'other': 1}}])
def test_change_password_bad_body(api, member, server, body):
    fault_message(_act(api, server['id'], body, member), 400)


# Policy and visibility, for every action.

MEMBER_ACTIONS = [
    ({'os-start': None}, 'os_compute_api:servers:start'),
    ({'os-stop': None}, 'os_compute_api:servers:stop'),
    ({'reboot': {'type': 'SOFT'}}, 'os_compute_api:servers:reboot'),
    ({'pause': None}, 'os_compute_api:os-pause-server:pause'),
    ({'unpause': None}, 'os_compute_api:os-pause-server:unpause'),
    ({'suspend': None}, 'os_compute_api:os-suspend-server:suspend'),
    ({'resume': None}, 'os_compute_api:os-suspend-server:resume'),
    ({'lock': None}, 'os_compute_api:os-lock-server:lock'),
    ({'unlock': None}, 'os_compute_api:os-lock-server:unlock'),
    ({'rescue': None}, 'os_compute_api:os-rescue'),
    ({'unrescue': None}, 'os_compute_api:os-unrescue'),
    ({'changePassword': {'adminPass': 'x'}},
     'os_compute_api:os-admin-password'),
]


def test_policies(api, member, server):
    project = member.split(':')[1]
    reader = {'X-Roles': 'reader'}
    other = live_servers.token()
    for body, rule in MEMBER_ACTIONS + [
            ({'trigger_crash_dump': None},
             'os_compute_api:servers:trigger_crash_dump')]:
        msg = fault_message(_act(api, server['id'], body, member,
                                 version='2.17', headers=reader), 403)
        assert msg == "Policy doesn't allow %s to be performed." % rule
        msg = fault_message(_act(api, server['id'], body, other,
                                 version='2.17'), 404)
        assert msg == 'Instance %s could not be found.' % server['id']
    for body in ({'os-resetState': {'state': 'active'}},
                 {'injectNetworkInfo': None}):
        fault_message(_act(api, server['id'], body,
                           'user-x:%s' % project), 403)
    assert _states(api, server['id'])[:3] == ('ACTIVE', 'active', None)


def test_unknown_server(api):
    missing = '8a4a3a35-bd8d-4c4c-9bdf-5b0a8c8f5e55'
    for body, _ in MEMBER_ACTIONS:
        fault_message(_act(api, missing, body), 404)


def test_actions_of_a_server_never_booted(api, member, server):
    """An ERROR server that never ran (no host, no launched_at), made by
    hand: Nova's 409s for it, host first for the actions that need one."""
    row = instances_db.get(server['id'])
    instances_db.update(server['id'], host=None, launched_at=None,
                        vm_state=states.ERROR)
    try:
        for body in ({'os-stop': None}, {'os-start': None}):
            msg = fault_message(_act(api, server['id'], body, member), 409)
            assert msg == 'Instance %s is not ready' % server['id']
        msg = fault_message(_act(api, server['id'],
                                 {'reboot': {'type': 'HARD'}}, member), 409)
        assert msg == "Instance %s is in an invalid state for 'reboot'" \
            % server['id']
    finally:
        instances_db.update(server['id'], host=row.host,
                            launched_at=row.launched_at,
                            vm_state=states.ACTIVE)


# The power-state sync of one server (PowerOps.sync_instance_power_state).

_VM_STATE_OF_STATUS = {'SHUTOFF': 'stopped', 'ACTIVE': 'active',
                       'PAUSED': 'paused', 'SUSPENDED': 'suspended',
                       'RESCUE': 'rescued'}


@pytest.mark.parametrize('setup,vm_state,guest_power,after', [
    # A guest that went off or suspended by itself: the server is stopped.
    (None, 'active', states.SHUTDOWN, ('SHUTOFF', states.SHUTDOWN)),
    (None, 'active', states.CRASHED, ('SHUTOFF', states.SHUTDOWN)),
    (None, 'active', states.SUSPENDED_POWER, ('SHUTOFF', states.SHUTDOWN)),
    ({'pause': None}, 'paused', states.SHUTDOWN,
     ('SHUTOFF', states.SHUTDOWN)),
    # A stopped server whose guest runs: stopped again.
    ({'os-stop': None}, 'stopped', states.RUNNING,
     ('SHUTOFF', states.SHUTDOWN)),
    # Only noted: an active server's paused guest; the agreed states.
    (None, 'active', states.PAUSED_POWER, ('ACTIVE', states.PAUSED_POWER)),
    ({'pause': None}, 'paused', states.PAUSED_POWER,
     ('PAUSED', states.PAUSED_POWER)),
    ({'suspend': None}, 'suspended', states.SUSPENDED_POWER,
     ('SUSPENDED', states.SUSPENDED_POWER)),
    ({'rescue': None}, 'rescued', states.RUNNING,
     ('RESCUE', states.RUNNING)),
    # Suspended and rescued servers keep their vm_state whatever happens.
    ({'suspend': None}, 'suspended', states.SHUTDOWN,
     ('SUSPENDED', states.SHUTDOWN)),
])
def test_sync_instance_power_state(api, stack, member, server, setup,
                                   vm_state, guest_power, after):
    if setup:
        resp = _act(api, server['id'], setup, member)
        assert resp.status_code in (200, 202), resp.text
        _settled(api, server['id'], member, vm_state)
    host = instances_db.get(server['id']).host
    stack.driver(host).guests[server['id']]['power_state'] = guest_power
    stack.agent(host).sync_instance_power_state(
        compute_context.get_admin_context(), instances_db.get(server['id']),
        guest_power)
    status, power = after
    shown = _settled(api, server['id'], member,
                     _VM_STATE_OF_STATUS[status])
    assert (shown['status'], shown['OS-EXT-STS:power_state']) == after

