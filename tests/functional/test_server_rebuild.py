"""The rebuild server action through the whole stack: the body and its
microversion windows, Nova's 400s and 409s, policy, the task_state
sequence, stopped servers staying stopped, the scheduler's re-check of
the host when the image changes, instance actions and placement."""

import uuid

import pytest
import requests

from compute import conf as compute_conf
from compute.db import instances as instances_db
from tests.functional.client import fault_message
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401

CONF = compute_conf.CONF
ADMIN = 'admin:admin'
_REBUILD_TASKS = ('rebuilding', 'rebuild_block_device_mapping',
                  'rebuild_spawning')


def _rebuild(api, server_id, token, version='2.90', **fields):
    body = {'rebuild': dict({'imageRef': live_servers.image_id(api)},
                            **fields)}
    return api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version)


def _held(consumer):
    return {rp: held['resources'] for rp, held in
            live_servers.allocations(consumer).items()}


def _events(api, server_id, request_id):
    resp = api.get('/servers/%s/os-instance-actions/%s' % (server_id,
                                                           request_id),
                   version='2.84')
    assert resp.status_code == 200, resp.text
    action = resp.json()['instanceAction']
    return action, {e['event']: e['result'] for e in action['events']}


class _Images:
    """Images made through the image API; deleted at the end."""

    def __init__(self, url):
        self.url = url + '/image/v2/images'
        self.made = []

    def create(self, **fields):
        fields = dict({'name': 'rebuild-' + uuid.uuid4().hex[:8],
                       'disk_format': 'raw', 'container_format': 'bare',
                       'visibility': 'public'}, **fields)
        headers = {'X-Auth-Token': ADMIN}
        resp = requests.post(self.url, json=fields, headers=headers,
                             timeout=30)
        assert resp.status_code == 201, resp.text
        image = resp.json()
        self.made.append(image['id'])
        resp = requests.put(
            '%s/%s/file' % (self.url, image['id']), data=b'x' * 1024,
            headers=dict(headers, **{
                'Content-Type': 'application/octet-stream'}), timeout=30)
        assert resp.status_code == 204, resp.text
        return image['id']

    def delete_all(self):
        for image_id in self.made:
            requests.delete('%s/%s' % (self.url, image_id),
                            headers={'X-Auth-Token': ADMIN}, timeout=30)


@pytest.fixture
def images(stack):
    made = _Images(stack.url)
    yield made
    made.delete_all()


@pytest.fixture
def spawn_delay():
    CONF.set_override('spawn_delay', 1.0, group='fake_driver')
    yield
    CONF.clear_override('spawn_delay', group='fake_driver')


# -- Rebuilding --------------------------------------------------------------

def test_rebuild_replaces_the_guest_and_keeps_the_allocation(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token, metadata={'old': 'x'})
    host = server['OS-EXT-SRV-ATTR:host'] if 'OS-EXT-SRV-ATTR:host' in \
        server else instances_db.get(server['id']).host
    started = stack.driver(host).guests[server['id']]['started']
    held = _held(server['id'])
    resp = _rebuild(api, server['id'], token, name='rebuilt',
                    metadata={'new': 'y'}, adminPass='s3cret',
                    accessIPv4='1.2.3.4', accessIPv6='80fe::',
                    hostname='new-host', **{'OS-DCF:diskConfig': 'AUTO'})
    assert resp.status_code == 202, resp.text
    body = resp.json()['server']
    assert body['status'] == 'REBUILD'
    assert body['adminPass'] == 's3cret'
    assert body['name'] == 'rebuilt'
    assert body['metadata'] == {'new': 'y'}
    assert body['user_data'] is None
    server = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['accessIPv4'] == '1.2.3.4'
    assert server['accessIPv6'] == '80fe::'
    assert server['OS-DCF:diskConfig'] == 'AUTO'
    assert server['OS-EXT-SRV-ATTR:hostname'] == 'new-host'
    assert stack.driver(host).guests[server['id']]['started'] > started
    assert _held(server['id']) == held
    action, events = _events(api, server['id'],
                             resp.headers['x-openstack-request-id'])
    assert action['action'] == 'rebuild'
    assert events == {'rebuild_server': 'Success',
                      'compute_rebuild_instance': 'Success'}


def test_rebuild_goes_through_nova_task_states(api, spawn_delay):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    assert _rebuild(api, server['id'], token).status_code == 202
    resp = _rebuild(api, server['id'], token)
    assert fault_message(resp, 409).startswith(
        "Cannot 'rebuild' instance %s while it is in task_state rebuild"
        % server['id'])
    seen = []
    while True:
        body = api.get('/servers/%s' % server['id'], token=token,
                       version='2.90').json()['server']
        task = body['OS-EXT-STS:task_state']
        if task is None and body['status'] == 'ACTIVE':
            break
        assert body['status'] == 'REBUILD'
        if not seen or seen[-1] != task:
            seen.append(task)
    assert seen[-1] == 'rebuild_spawning'
    assert set(seen) <= set(_REBUILD_TASKS)


def test_a_stopped_server_stays_stopped(api, stack):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instances_db.update(server['id'], vm_state='stopped', power_state=4)
    resp = _rebuild(api, server['id'], token)
    assert resp.status_code == 202, resp.text
    server = live_servers.wait(api, server['id'], token, {'SHUTOFF'})
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-STS:power_state'] == 4
    host = instances_db.get(server['id']).host
    assert stack.driver(host).guests[server['id']]['power_state'] == 4
    _, events = _events(api, server['id'],
                        resp.headers['x-openstack-request-id'])
    assert events['compute_stop_instance'] == 'Success'


def test_rebuild_from_error_becomes_active(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instances_db.update(server['id'], vm_state='error')
    assert _rebuild(api, server['id'], token).status_code == 202
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


def test_rebuild_to_a_new_image(api, images):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    held = _held(server['id'])
    image = images.create(os_distro='fakeos')
    resp = _rebuild(api, server['id'], token, version='2.98',
                    imageRef=image)
    assert resp.status_code == 202, resp.text
    server = live_servers.wait(api, server['id'], token, {'ACTIVE'})
    body = api.get('/servers/%s' % server['id'], token=token,
                   version='2.98').json()['server']
    assert body['image']['id'] == image
    assert body['image']['properties']['os_distro'] == 'fakeos'
    assert _held(server['id']) == held


def test_a_host_that_refuses_the_new_image_puts_the_server_in_error(
        api, images):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    old_image = server['image']['id']
    held = _held(server['id'])
    image = images.create(hw_architecture='aarch64')
    resp = _rebuild(api, server['id'], token, imageRef=image)
    assert resp.status_code == 202, resp.text
    server = live_servers.wait(api, server['id'], token, {'ERROR'})
    assert server['fault']['message'].startswith('No valid host was found')
    assert server['image']['id'] == old_image
    assert _held(server['id']) == held
    _, events = _events(api, server['id'],
                        resp.headers['x-openstack-request-id'])
    assert events == {'rebuild_server': 'Error'}


def test_preserve_ephemeral_needs_a_driver_that_can(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    resp = _rebuild(api, server['id'], token, preserve_ephemeral=True)
    assert resp.status_code == 202, resp.text
    server = live_servers.wait(api, server['id'], token, {'ERROR'})
    assert server['fault']['message'] == (
        'The current driver does not support preserving ephemeral '
        'partitions.')


# -- Microversions -------------------------------------------------------

def test_body_before_and_from_2_75(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    small = _rebuild(api, server['id'], token, version='2.74').json()
    assert 'OS-EXT-STS:vm_state' not in small['server']
    assert 'user_data' in small['server']
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    full = _rebuild(api, server['id'], token, version='2.75').json()
    assert full['server']['OS-EXT-STS:task_state'] in _REBUILD_TASKS
    assert 'OS-EXT-SRV-ATTR:user_data' not in full['server']
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


def test_description_key_name_user_data_and_certs(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    key = 'key-' + uuid.uuid4().hex[:6]
    assert api.post('/os-keypairs', {'keypair': {'name': key}}, token=token,
                    version='2.2').status_code == 201
    resp = _rebuild(api, server['id'], token, version='2.75',
                    description='desc', key_name=key,
                    user_data='ZWNobyAiaGVsbG8gd29ybGQi',
                    trusted_image_certificates=['cert-a', 'cert-b'])
    assert resp.status_code == 202, resp.text
    body = resp.json()['server']
    assert body['description'] == 'desc'
    assert body['key_name'] == key
    assert body['user_data'] == 'ZWNobyAiaGVsbG8gd29ybGQi'
    assert body['trusted_image_certificates'] == ['cert-a', 'cert-b']
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    resp = _rebuild(api, server['id'], token, version='2.75',
                    key_name=None, user_data=None,
                    trusted_image_certificates=None)
    body = resp.json()['server']
    assert body['key_name'] is None
    assert body['user_data'] is None
    assert body['trusted_image_certificates'] is None
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


@pytest.mark.parametrize('version, field, value', [
    ('2.18', 'description', 'd'),
    ('2.53', 'key_name', 'k'),
    ('2.56', 'user_data', 'ZWNobw=='),
    ('2.57', 'personality', []),
    ('2.62', 'trusted_image_certificates', ['c']),
    ('2.89', 'hostname', 'h1'),
    ('2.90', 'hostname', 'host.example.com'),
])
def test_fields_outside_their_window_are_400(api, version, field, value):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    resp = _rebuild(api, server['id'], token, version=version,
                    **{field: value})
    fault_message(resp, 400)


def test_fqdn_hostname_from_2_94(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    resp = _rebuild(api, server['id'], token, version='2.94',
                    hostname='host.example.com')
    assert resp.status_code == 202, resp.text
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


# -- Refusals ----------------------------------------------------------------

def test_nova_400s(api, images):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    resp = _rebuild(api, server['id'], token, imageRef=str(uuid.uuid4()))
    assert fault_message(resp, 400) == 'Cannot find image for rebuild'
    big = images.create(min_ram=100000)
    resp = _rebuild(api, server['id'], token, imageRef=big)
    assert fault_message(resp, 400) == \
        "Flavor's memory is too small for requested image."
    manual = images.create(auto_disk_config='False')
    resp = _rebuild(api, server['id'], token, imageRef=manual,
                    **{'OS-DCF:diskConfig': 'AUTO'})
    assert fault_message(resp, 400) == (
        'Requested image %s has automatic disk resize disabled.' % manual)
    resp = _rebuild(api, server['id'], token, version='2.54',
                    key_name='no-such-key')
    assert fault_message(resp, 400) == 'Invalid key_name provided.'
    resp = api.post('/servers/%s/action' % server['id'],
                    {'rebuild': {'name': 'x'}}, token=token)
    fault_message(resp, 400)
    resp = _rebuild(api, server['id'], token, imageRef='not-a-uuid')
    fault_message(resp, 400)
    body = api.get('/servers/%s' % server['id'], token=token).json()
    assert body['server']['status'] == 'ACTIVE'


def test_policy_and_visibility(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    other = live_servers.token()
    fault_message(_rebuild(api, server['id'], other), 404)
    resp = api.post('/servers/%s/action' % server['id'],
                    {'rebuild': {'imageRef': live_servers.image_id(api)}},
                    token=token, headers={'X-Roles': 'reader'})
    assert 'os_compute_api:servers:rebuild' in fault_message(resp, 403)
    fault_message(_rebuild(api, str(uuid.uuid4()), token), 404)


def test_locked_and_invalid_states_are_409(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instances_db.update(server['id'], locked=True, locked_by='admin')
    resp = _rebuild(api, server['id'], token)
    assert fault_message(resp, 409) == \
        'Instance %s is locked' % server['id']
    resp = _rebuild(api, server['id'], ADMIN)
    assert resp.status_code == 202, resp.text
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    instances_db.update(server['id'], locked=False, locked_by=None,
                        vm_state='suspended')
    resp = _rebuild(api, server['id'], token)
    assert fault_message(resp, 409) == (
        "Cannot 'rebuild' instance %s while it is in vm_state suspended"
        % server['id'])
    instances_db.update(server['id'], vm_state='active',
                        task_state='pausing')
    resp = _rebuild(api, server['id'], token)
    assert fault_message(resp, 409) == (
        "Cannot 'rebuild' instance %s while it is in task_state pausing"
        % server['id'])
    instances_db.update(server['id'], task_state=None)
