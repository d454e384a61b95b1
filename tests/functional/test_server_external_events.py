"""POST /os-server-external-events through the whole stack: which events
each microversion accepts, the per-event codes and the 200 / 207 / 404
answers, the service-role policy, and what the servers' agents do with
the events they get (power-update changes the server's power)."""

import time
import uuid

import pytest

from compute.db import instances as instances_db
from tests.functional.client import fault_message
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401

SERVICE = {'X-Roles': 'service'}


def _send(api, events, version='2.93', token=None, headers=SERVICE):
    kwargs = {'version': version, 'headers': headers}
    if token is not None:
        kwargs['token'] = token
    return api.post('/os-server-external-events', {'events': events},
                    **kwargs)


def _received(stack, server_id, name, timeout=10):
    """The events named ``name`` the server's agent got about it."""
    host = instances_db.get(server_id).host
    deadline = time.time() + timeout
    while True:
        got = [event for event in stack.agent(host).received_events
               if event['server_uuid'] == server_id and
               event['name'] == name]
        if got or time.time() > deadline:
            return got
        time.sleep(0.05)


@pytest.fixture
def server(api):
    token = live_servers.token()
    return live_servers.boot_active(api, token), token


def test_accepted_events_reach_the_agent(api, stack, server):
    server, _ = server
    resp = _send(api, [{'name': 'network-changed', 'tag': 'foo',
                        'server_uuid': server['id']},
                       {'name': 'network-vif-plugged',
                        'server_uuid': server['id'],
                        'status': 'in-progress'}],
                 token='neutron:service-project')
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'events': [
        {'name': 'network-changed', 'tag': 'foo', 'status': 'completed',
         'code': 200, 'server_uuid': server['id']},
        {'name': 'network-vif-plugged', 'status': 'completed', 'code': 200,
         'server_uuid': server['id']}]}
    assert _received(stack, server['id'], 'network-changed') == [
        {'name': 'network-changed', 'tag': 'foo', 'status': 'completed',
         'server_uuid': server['id']}]
    (plugged,) = _received(stack, server['id'], 'network-vif-plugged')
    assert plugged['status'] == 'in-progress'
    assert plugged['tag'] is None


def test_some_failed_is_207(api, server):
    server, _ = server
    unknown = str(uuid.uuid4())
    resp = _send(api, [{'name': 'network-changed',
                        'server_uuid': server['id']},
                       {'name': 'network-changed', 'server_uuid': unknown},
                       {'name': 'volume-extended',
                        'server_uuid': server['id']}])
    assert resp.status_code == 207, resp.text
    codes = [(e['code'], e['status']) for e in resp.json()['events']]
    assert codes == [(200, 'completed'), (404, 'failed'), (400, 'failed')]


def test_none_found_is_404(api):
    resp = _send(api, [{'name': 'network-changed',
                        'server_uuid': str(uuid.uuid4())}])
    assert fault_message(resp, 404) == 'No instances found for any event'


def test_a_server_without_host_is_422(api, server):
    server, _ = server
    host = instances_db.get(server['id']).host
    instances_db.update(server['id'], host=None)
    try:
        resp = _send(api, [{'name': 'network-changed',
                            'server_uuid': server['id']}])
        assert fault_message(resp, 404) == \
            'No instances found for any event'
        resp = _send(api, [{'name': 'network-changed',
                            'server_uuid': server['id']},
                           {'name': 'network-changed',
                            'server_uuid': str(uuid.uuid4())}])
        assert resp.status_code == 404
    finally:
        instances_db.update(server['id'], host=host)


def test_codes_of_a_mixed_batch_with_no_host(api, server):
    server, token = server
    other = live_servers.boot_active(api, token)
    host = instances_db.get(other['id']).host
    instances_db.update(other['id'], host=None)
    try:
        resp = _send(api, [{'name': 'network-changed',
                            'server_uuid': server['id']},
                           {'name': 'network-changed',
                            'server_uuid': other['id']}])
        assert resp.status_code == 207, resp.text
        assert [e['code'] for e in resp.json()['events']] == [200, 422]
    finally:
        instances_db.update(other['id'], host=host)


@pytest.mark.parametrize('name, first', [
    ('volume-extended', '2.51'), ('power-update', '2.76'),
    ('accelerator-request-bound', '2.82'), ('volume-reimaged', '2.93')])
def test_event_names_by_microversion(api, server, name, first):
    server, _ = server
    major, minor = first.split('.')
    before = '%s.%d' % (major, int(minor) - 1)
    event = {'name': name, 'tag': 'POWER_ON', 'server_uuid': server['id']}
    fault_message(_send(api, [event], version=before), 400)
    assert _send(api, [event], version=first).status_code == 200


def test_power_update_changes_the_power_state(api, stack, server):
    server, token = server
    resp = _send(api, [{'name': 'power-update', 'tag': 'POWER_OFF',
                        'server_uuid': server['id']}], version='2.76')
    assert resp.status_code == 200, resp.text
    body = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert body['OS-EXT-STS:power_state'] == 4
    host = instances_db.get(server['id']).host
    assert stack.driver(host).guests[server['id']]['power_state'] == 4
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=token).json()['instanceActions']
    assert actions[0]['action'] == 'stop'
    action = api.get('/servers/%s/os-instance-actions/%s' % (
        server['id'], actions[0]['request_id'])).json()['instanceAction']
    assert [e['event'] for e in action['events']] == ['compute_power_update']

    resp = _send(api, [{'name': 'power-update', 'tag': 'POWER_ON',
                        'server_uuid': server['id']}], version='2.76')
    assert resp.status_code == 200, resp.text
    body = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert body['OS-EXT-STS:power_state'] == 1


def test_volume_extended_is_an_instance_action(api, stack, server):
    server, token = server
    resp = _send(api, [{'name': 'volume-extended', 'tag': str(uuid.uuid4()),
                        'server_uuid': server['id']}], version='2.51')
    assert resp.status_code == 200, resp.text
    assert _received(stack, server['id'], 'volume-extended')
    actions = api.get('/servers/%s/os-instance-actions' % server['id'],
                      token=token).json()['instanceActions']
    assert actions[0]['action'] == 'extend_volume'


def test_policy_is_service_or_admin(api, server):
    server, token = server
    event = [{'name': 'network-changed', 'server_uuid': server['id']}]
    resp = _send(api, event, token=token, headers=None)
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:os-server-external-events:"
        "create to be performed.")
    assert _send(api, event, headers=None).status_code == 200


@pytest.mark.parametrize('body', [
    {'events': []},
    {'events': [{'name': 'network-changed'}]},
    {'events': [{'name': 'bogus', 'server_uuid': str(uuid.uuid4())}]},
    {'events': [{'name': 'network-changed', 'status': 'done',
                 'server_uuid': str(uuid.uuid4())}]},
    {'events': [{'name': 'network-changed', 'server_uuid': 'x'}]},
    {'events': [{'name': 'network-changed', 'tag': 'x' * 256,
                 'server_uuid': str(uuid.uuid4())}]},
    {'events': [{'name': 'network-changed', 'extra': 1,
                 'server_uuid': str(uuid.uuid4())}]},
    {},
])
def test_bad_bodies_are_400(api, body):
    resp = api.post('/os-server-external-events', body, headers=SERVICE)
    fault_message(resp, 400)
