"""createImage and createBackup through the API: the image each registers
and fills (its properties as Nova records them), the task_state sequence,
the rotation of backups, the answers by microversion (Location header,
then ``{"image_id"}`` from 2.45), states, policy, validation and quota."""

import io
import json
import time
import uuid

import pytest

from compute import context as compute_context
from compute.db import instances as instances_db
from compute.image import api as image_api
from compute import states
from tests.functional import client
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401


def _action(api, server_id, body, token, version=None, **kwargs):
    return api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version, **kwargs)


def _create_image(api, server_id, token, name='snap', version=None,
                  metadata=None):
    entity = {'name': name}
    if metadata is not None:
        entity['metadata'] = metadata
    return _action(api, server_id, {'createImage': entity}, token, version)


def _backup(api, server_id, token, backup_type='daily', rotation=1,
            version='2.45', name='bk'):
    return _action(api, server_id, {'createBackup': {
        'name': name, 'backup_type': backup_type, 'rotation': rotation}},
        token, version)


def _admin_ctx():
    return compute_context.get_admin_context()


def _image(image_id):
    return image_api.get_image_api().get(_admin_ctx(), image_id)


def _images_of(server_id, **filters):
    return image_api.get_image_api().list(
        _admin_ctx(), filters=dict(filters, instance_uuid=server_id),
        sort=[('created_at', 'asc')])


def _idle(api, server_id, token, timeout=30):
    """The server once it has no task."""
    deadline = time.time() + timeout
    while True:
        server = api.get('/servers/%s' % server_id, token=token,
                         version='2.90').json()['server']
        if server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.time() < deadline, server['OS-EXT-STS:task_state']
        time.sleep(0.05)


def _active_image(image_id, timeout=30):
    deadline = time.time() + timeout
    while True:
        image = _image(image_id)
        if image['status'] == 'active':
            return image
        assert time.time() < deadline, image['status']
        time.sleep(0.05)


def _gone(image_id, timeout=30):
    deadline = time.time() + timeout
    while True:
        try:
            _image(image_id)
        except image_api.ImageNotFound:
            return
        assert time.time() < deadline, 'image %s still there' % image_id
        time.sleep(0.05)


def _events(api, server_id, request_id):
    action = api.get('/servers/%s/os-instance-actions/%s'
                     % (server_id, request_id), version='2.84').json()
    return action['instanceAction']


def _wait_events_done(api, server_id, request_id, timeout=30):
    deadline = time.time() + timeout
    while True:
        action = _events(api, server_id, request_id)
        if action['events'] and all(e['finish_time']
                                    for e in action['events']):
            return action
        assert time.time() < deadline, action
        time.sleep(0.05)


def _image_id_of(resp):
    """The image id of a createImage/createBackup answer below 2.45."""
    return resp.headers['Location'].rsplit('/', 1)[1]


@pytest.fixture
def server(api):
    token = live_servers.token()
    body = live_servers.boot_active(api, token, name='snapper')
    return {'id': body['id'], 'token': token,
            'project': token.split(':')[1]}


def test_create_image_location_below_2_45(api, server):
    resp = _create_image(api, server['id'], server['token'],
                         metadata={'meta_var': 'meta_val'})
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    location = resp.headers['Location']
    assert location.endswith('/image/images/%s' % _image_id_of(resp))
    assert location.startswith('http')
    image = _active_image(_image_id_of(resp))
    assert image['name'] == 'snap'
    assert image['visibility'] == 'private'
    assert image['owner'] == server['project']
    assert image['disk_format'] == 'raw'
    assert image['container_format'] == 'bare'
    props = image['properties']
    assert props['instance_uuid'] == server['id']
    assert props['user_id'] == server['token'].split(':')[0]
    assert props['image_type'] == 'snapshot'
    assert props['meta_var'] == 'meta_val'
    assert props['base_image_ref'] == live_servers.image_id(api)
    # The default image's own property is inherited.
    assert 'description' in props
    assert _idle(api, server['id'], server['token'])['status'] == 'ACTIVE'
    request_id = resp.headers['x-openstack-request-id']
    action = _wait_events_done(api, server['id'], request_id)
    assert action['action'] == 'createImage'
    assert [(e['event'], e['result']) for e in action['events']] == [
        ('compute_snapshot_instance', 'Success')]


def test_create_image_id_in_body_from_2_45(api, server):
    resp = _create_image(api, server['id'], server['token'], version='2.45')
    assert resp.status_code == 202, resp.text
    assert 'Location' not in resp.headers
    image_id = resp.json()['image_id']
    assert list(resp.json()) == ['image_id']
    assert _active_image(image_id)['properties']['instance_uuid'] == \
        server['id']
    # The image proxy shows the snapshot's server.
    shown = api.get('/images/%s' % image_id, token=server['token'],
                    version='2.35').json()['image']
    assert shown['server']['id'] == server['id']


def test_snapshot_task_state_sequence(api, stack, compute_hosts, server,
                                     monkeypatch):
    seen = []

    def spy(driver):
        original = driver.snapshot

        def snapshot(instance, update_task_state):
            seen.append(instances_db.get(instance.uuid).task_state)

            def update(task_state, **kwargs):
                update_task_state(task_state, **kwargs)
                seen.append(instances_db.get(instance.uuid).task_state)
            return original(instance, update)
        return snapshot

    for host in compute_hosts:
        driver = stack.driver(host)
        monkeypatch.setattr(driver, 'snapshot', spy(driver))
    resp = _create_image(api, server['id'], server['token'], version='2.45')
    assert resp.status_code == 202, resp.text
    _active_image(resp.json()['image_id'])
    assert _idle(api, server['id'], server['token'])['status'] == 'ACTIVE'
    assert seen == [states.IMAGE_SNAPSHOT, states.IMAGE_PENDING_UPLOAD,
                    states.IMAGE_UPLOADING]


def _set_state(server_id, **values):
    instances_db.update(server_id, **values)


@pytest.mark.parametrize('body', [
    {'createImage': {'name': 'snap'}},
    {'createBackup': {'name': 'bk', 'backup_type': 'daily', 'rotation': 1}},
])
@pytest.mark.parametrize('vm_state,power', [
    (states.STOPPED, states.SHUTDOWN), (states.PAUSED, states.PAUSED_POWER),
    (states.SUSPENDED, states.SUSPENDED_POWER)])
def test_image_actions_from_other_allowed_states(api, server, body,
                                                 vm_state, power):
    _set_state(server['id'], vm_state=vm_state, power_state=power)
    resp = _action(api, server['id'], body, server['token'], '2.45')
    assert resp.status_code == 202, resp.text
    _active_image(resp.json()['image_id'])
    server_body = _idle(api, server['id'], server['token'])
    assert server_body['OS-EXT-STS:vm_state'] == vm_state


@pytest.mark.parametrize('body', [
    {'createImage': {'name': 'snap'}},
    {'createBackup': {'name': 'bk', 'backup_type': 'daily', 'rotation': 1}},
])
@pytest.mark.parametrize('vm_state', [states.ERROR, states.SHELVED,
                                      states.RESCUED])
def test_refused_in_other_states(api, server, body, vm_state):
    _set_state(server['id'], vm_state=vm_state)
    before = len(_images_of(server['id']))
    resp = _action(api, server['id'], body, server['token'])
    verb = list(body)[0]
    assert client.fault_message(resp, 409) == (
        "Cannot '%s' instance %s while it is in vm_state %s"
        % (verb, server['id'], vm_state))
    assert len(_images_of(server['id'])) == before


def test_refused_while_a_task_runs(api, server):
    _set_state(server['id'], task_state=states.POWERING_OFF)
    resp = _create_image(api, server['id'], server['token'])
    assert client.fault_message(resp, 409) == (
        "Cannot 'createImage' instance %s while it is in task_state "
        "powering-off" % server['id'])
    _set_state(server['id'], task_state=None)


def test_locked_server_may_be_snapshotted(api, server):
    _set_state(server['id'], locked=True, locked_by='admin')
    for body in ({'createImage': {'name': 'snap'}},
                 {'createBackup': {'name': 'b', 'backup_type': 'daily',
                                   'rotation': 1}}):
        resp = _action(api, server['id'], body, server['token'],
                       version='2.45')
        assert resp.status_code == 202, resp.text
        _active_image(resp.json()['image_id'])
        _idle(api, server['id'], server['token'])
    _set_state(server['id'], locked=False, locked_by=None)


@pytest.mark.parametrize('body', [
    {'createImage': {'name': 'snap'}},
    {'createBackup': {'name': 'bk', 'backup_type': 'daily', 'rotation': 1}},
])
def test_policy(api, server, body):
    other = live_servers.token()
    resp = _action(api, server['id'], body, other)
    assert client.fault_message(resp, 404) == (
        'Instance %s could not be found.' % server['id'])
    resp = _action(api, server['id'], body, server['token'],
                   headers={'X-Roles': 'reader'})
    rule = ('os_compute_api:servers:create_image' if 'createImage' in body
            else 'os_compute_api:os-create-backup')
    assert client.fault_message(resp, 403) == (
        "Policy doesn't allow %s to be performed." % rule)
    # An administrator may, for any project: the image is shared then,
    # naming the server's project.
    resp = _action(api, server['id'], body, 'admin:admin', version='2.45')
    assert resp.status_code == 202, resp.text
    image = _active_image(resp.json()['image_id'])
    assert image['visibility'] == 'shared'
    assert image['properties']['instance_owner'] == server['project']
    _idle(api, server['id'], server['token'])


def test_unknown_server(api):
    resp = _create_image(api, str(uuid.uuid4()), 'admin:admin')
    assert resp.status_code == 404


@pytest.mark.parametrize('entity', [
    {},
    {'name': ''},
    {'name': ' lead'},
    {'name': 'x' * 256},
    {'name': 'snap', 'metadata': {'bad/key': 'v'}},
    {'name': 'snap', 'metadata': {'k': 1}},
    {'name': 'snap', 'other': 1},
])
def test_create_image_validation(api, server, entity):
    resp = _action(api, server['id'], {'createImage': entity},
                   server['token'])
    assert resp.status_code == 400, resp.text
    assert 'badRequest' in resp.json()


@pytest.mark.parametrize('entity', [
    {'name': 'b', 'backup_type': 'daily'},
    {'name': 'b', 'rotation': 1},
    {'backup_type': 'daily', 'rotation': 1},
    {'name': 'b', 'backup_type': 'daily', 'rotation': -1},
    {'name': 'b', 'backup_type': 'daily', 'rotation': 'two'},
    {'name': 'b', 'backup_type': 1, 'rotation': 1},
    {'name': 'b', 'backup_type': 'daily', 'rotation': 1, 'x': 1},
])
def test_create_backup_validation(api, server, entity):
    resp = _action(api, server['id'], {'createBackup': entity},
                   server['token'])
    assert resp.status_code == 400, resp.text
    assert 'badRequest' in resp.json()


def test_metadata_quota_until_2_38(api, server):
    quota = {'quota_set': {'metadata_items': 1}}
    resp = api.put('/os-quota-sets/%s' % server['project'], quota)
    assert resp.status_code == 200, resp.text
    metadata = {'a': '1', 'b': '2'}
    for body in ({'createImage': {'name': 's', 'metadata': metadata}},
                 {'createBackup': {'name': 'b', 'backup_type': 'daily',
                                   'rotation': 1, 'metadata': metadata}}):
        resp = _action(api, server['id'], body, server['token'],
                       version='2.38')
        assert client.fault_message(resp, 403) == \
            'Image metadata limit exceeded'
        resp = _action(api, server['id'], body, server['token'],
                       version='2.39')
        assert resp.status_code == 202, resp.text
        _idle(api, server['id'], server['token'])
    api.delete('/os-quota-sets/%s' % server['project'])


@pytest.fixture
def fancy_image(api):
    """A public image with properties a snapshot inherits and some it
    does not."""
    images = image_api.get_image_api()
    ctx = _admin_ctx()
    image = images.create(
        ctx, name='fancy-' + uuid.uuid4().hex[:6], visibility='public',
        disk_format='qcow2', container_format='bare', min_ram=64,
        min_disk=1, properties={
            'hw_disk_bus': 'virtio', 'cache_in_nova': 'True',
            'img_signature': 'abc', 'bdm_v2': 'True',
            'root_device_name': '/dev/vda',
            'block_device_mapping': json.dumps([{
                'source_type': 'image', 'destination_type': 'local',
                'boot_index': 0}])})
    images.upload(ctx, image['id'], io.BytesIO(b'\0' * 1024))
    yield image
    images.delete(ctx, image['id'])


def test_snapshot_properties_from_the_base_image(api, fancy_image):
    token = live_servers.token()
    server = live_servers.boot_active(api, token, imageRef=fancy_image['id'])
    resp = _create_image(api, server['id'], token, version='2.45')
    assert resp.status_code == 202, resp.text
    image = _active_image(resp.json()['image_id'])
    props = image['properties']
    assert props['hw_disk_bus'] == 'virtio'
    assert props['base_image_ref'] == fancy_image['id']
    # Recorded as the base image had them: bdm_v2 and root_device_name
    # are inherited; its block device mapping is not kept with servers.
    assert props['bdm_v2'] == 'True'
    assert props['root_device_name'] == '/dev/vda'
    for name in ('block_device_mapping', 'cache_in_nova', 'img_signature'):
        assert name not in props
    assert image['min_ram'] == 64 and image['min_disk'] == 1
    # Formats are the hypervisor's, not the base image's.
    assert image['disk_format'] == 'raw'
    _idle(api, server['id'], token)
    resp = _backup(api, server['id'], token)
    backup = _active_image(resp.json()['image_id'])
    assert backup['properties']['image_type'] == 'backup'
    assert backup['properties']['backup_type'] == 'daily'


def test_failed_snapshot(api, stack, compute_hosts, server):
    for host in compute_hosts:
        stack.driver(host).fail_next_action('snapshot',
                                            RuntimeError('disk on fire'))
    try:
        resp = _create_image(api, server['id'], server['token'],
                             version='2.45')
        assert resp.status_code == 202, resp.text
        _gone(resp.json()['image_id'])
        body = _idle(api, server['id'], server['token'])
        assert body['status'] == 'ACTIVE'
        action = _wait_events_done(api, server['id'],
                                   resp.headers['x-openstack-request-id'])
        assert action['message'] == 'Error'
        assert action['events'][0]['result'] == 'Error'
        assert 'disk on fire' in action['events'][0]['details']
    finally:
        for host in compute_hosts:
            stack.driver(host).__dict__.get('_action_failures', {}).pop(
                'snapshot', None)


def test_backup_rotation(api, server):
    created = []
    for _ in range(3):
        resp = _backup(api, server['id'], server['token'], rotation=2)
        assert resp.status_code == 202, resp.text
        created.append(resp.json()['image_id'])
        _idle(api, server['id'], server['token'])
    _gone(created[0])
    kept = [i['id'] for i in _images_of(server['id'], image_type='backup')]
    assert kept == created[1:]
    # Another backup type rotates on its own.
    resp = _backup(api, server['id'], server['token'], backup_type='weekly',
                   rotation=1)
    weekly = resp.json()['image_id']
    _idle(api, server['id'], server['token'])
    _active_image(weekly)
    assert [i['id'] for i in _images_of(server['id'], backup_type='daily')] \
        == created[1:]
    # Rotation 1 keeps the newest only.
    resp = _backup(api, server['id'], server['token'], rotation='1')
    newest = resp.json()['image_id']
    _idle(api, server['id'], server['token'])
    for image_id in created[1:]:
        _gone(image_id)
    assert [i['id'] for i in _images_of(server['id'], backup_type='daily')] \
        == [newest]
    action = _wait_events_done(api, server['id'],
                               resp.headers['x-openstack-request-id'])
    assert action['action'] == 'createBackup'
    assert [(e['event'], e['result']) for e in action['events']] == [
        ('compute_backup_instance', 'Success')]


def test_backup_answers_by_microversion(api, server):
    resp = _backup(api, server['id'], server['token'], version='2.1')
    assert resp.status_code == 202, resp.text
    assert resp.text == ''
    image_id = _image_id_of(resp)
    _active_image(image_id)
    _idle(api, server['id'], server['token'])
    # Rotation 0: no Location (the backup goes at once), every backup of
    # the type goes.
    resp = _backup(api, server['id'], server['token'], version='2.44',
                   rotation=0)
    assert resp.status_code == 202, resp.text
    assert 'Location' not in resp.headers
    _idle(api, server['id'], server['token'])
    _gone(image_id)
    assert _images_of(server['id'], image_type='backup') == []
    resp = _backup(api, server['id'], server['token'], version='2.45',
                   rotation=0)
    assert resp.status_code == 202, resp.text
    assert list(resp.json()) == ['image_id']
    _idle(api, server['id'], server['token'])
    _gone(resp.json()['image_id'])
