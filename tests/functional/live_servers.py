"""Real servers for the functional tests: boot through the API, wait for a
status, read placement, and clean up what a test made.

Tests that boot servers take tokens from ``token()`` and use the
``cleanup_servers`` fixture (import it into the test module), so every
server a test made is deleted afterwards and the hosts are empty again.
"""

import time
import uuid

import pytest

from compute.placement import client as placement_client

VERSION = '2.90'

_TOKENS = []


def token(admin=False):
    """The token of a member (or an admin) of a fresh project."""
    project = uuid.uuid4().hex
    value = '%s:%s' % ('admin' if admin else 'user-' + project[:6], project)
    _TOKENS.append(value)
    return value


@pytest.fixture(autouse=True)
def cleanup_servers(api):
    """Deletes every server of the tokens handed out during the test."""
    yield
    while _TOKENS:
        value = _TOKENS.pop()
        for server in api.get('/servers', token=value).json()['servers']:
            api.delete('/servers/%s' % server['id'], token=value)
            wait(api, server['id'], value, {'DELETED'})


def image_id(api):
    """The id of the default image."""
    resp = api.get('/images', version='2.35',
                   params={'name': 'tiny-test-image'})
    assert resp.status_code == 200, resp.text
    return resp.json()['images'][0]['id']


def boot(api, token, name='vm', flavor='1', version=VERSION, **extra):
    """POST /servers; the response."""
    body = {'server': dict({'name': name, 'flavorRef': flavor,
                            'imageRef': image_id(api), 'networks': 'auto'},
                           **extra)}
    return api.post('/servers', body, token=token, version=version)


def wait(api, server_id, token, statuses, timeout=30):
    """The server's body once its status is one of ``statuses`` (None once
    it is gone, when 'DELETED' is wanted)."""
    deadline = time.time() + timeout
    while True:
        resp = api.get('/servers/%s' % server_id, token=token,
                       version=VERSION)
        if resp.status_code == 404 and 'DELETED' in statuses:
            return None
        body = resp.json()['server']
        if body['status'] in statuses:
            return body
        assert time.time() < deadline, 'stuck in %s' % body['status']
        time.sleep(0.05)


def boot_active(api, token, **kwargs):
    """Boot a server and wait for ACTIVE; its body."""
    resp = boot(api, token, **kwargs)
    assert resp.status_code == 202, resp.text
    return wait(api, resp.json()['server']['id'], token, {'ACTIVE'})


def allocations(consumer_uuid):
    """{provider uuid: {'resources': ..., 'generation': ...}} in placement."""
    return placement_client.get_client().get(
        '/allocations/%s' % consumer_uuid)['allocations']
