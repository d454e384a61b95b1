"""Conformance of the power and state server actions with Nova's API
samples: os-admin-actions, os-admin-password, os-lock-server,
os-pause-server, os-rescue, os-suspend-server and the servers folder's
os-start, os-stop, reboot and trigger_crash_dump (2.17) requests.

Every sample request is sent as it is to a real server (booted through
the API and deleted at the end), at the sample's microversion, by its
project's member (the administrator for os-admin-actions); its status
code is Nova's and, where the sample has a response, the body has its
shape. The rescue sample's image id becomes this cloud's image. The
server bodies of os-rescue are read after the rescue and unrescue.
"""

import pytest

from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load
from tests.functional.samples.test_server_lifecycle_samples import ADMIN
from tests.functional.samples.test_server_lifecycle_samples import \
    _image_id


@pytest.fixture
def booted(fleet):
    """An ACTIVE server of a fresh project: (id, member token)."""
    return fleet.active('new-server-test',
                        metadata={'My Server Name': 'Apache1'})


def _send(api, server_id, sample, token, version, status=202):
    resp = api.post('/servers/%s/action' % server_id, load(sample),
                    token=token, version=version)
    assert resp.status_code == status, resp.text
    return resp


# (request sample, microversion, status the server settles in after it).
SEQUENCES = {
    'stop-start': [('servers/server-action-stop.json', '2.1', 'SHUTOFF'),
                   ('servers/server-action-start.json', '2.1', 'ACTIVE')],
    'reboot': [('servers/server-action-reboot.json', '2.1', 'ACTIVE')],
    'crash-dump': [('servers/v2.17/server-action-trigger-crash-dump.json',
                    '2.17', 'ACTIVE')],
    'pause': [('os-pause-server/pause-server.json', '2.1', 'PAUSED'),
              ('os-pause-server/unpause-server.json', '2.1', 'ACTIVE')],
    'suspend': [('os-suspend-server/server-suspend.json', '2.1',
                 'SUSPENDED'),
                ('os-suspend-server/server-resume.json', '2.1', 'ACTIVE')],
    'lock': [('os-lock-server/lock-server.json', '2.1', 'ACTIVE'),
             ('os-lock-server/unlock-server.json', '2.1', 'ACTIVE')],
    'lock-2.73': [
        ('os-lock-server/v2.73/lock-server-with-reason.json', '2.73',
         'ACTIVE'),
        ('os-lock-server/v2.73/unlock-server.json', '2.73', 'ACTIVE'),
        ('os-lock-server/v2.73/lock-server.json', '2.73', 'ACTIVE'),
        ('os-lock-server/v2.73/unlock-server.json', '2.73', 'ACTIVE')],
    'change-password': [
        ('os-admin-password/admin-password-change-password.json', '2.1',
         'ACTIVE')],
}


@pytest.mark.parametrize('name', sorted(SEQUENCES))
def test_action_requests(api, fleet, booted, name):
    server_id, token = booted
    for sample, version, status in SEQUENCES[name]:
        resp = _send(api, server_id, sample, token, version)
        assert resp.text == ''
        fleet.wait(server_id, token, (status,))


def test_locked_reason_shown(api, booted):
    server_id, token = booted
    _send(api, server_id,
          'os-lock-server/v2.73/lock-server-with-reason.json', token,
          '2.73')
    shown = api.get('/servers/' + server_id, token=token,
                    version='2.73').json()['server']
    assert shown['locked_reason'] == "I don't want to work"
    _send(api, server_id, 'os-lock-server/v2.73/unlock-server.json', token,
          '2.73')


def test_admin_actions(api, fleet, booted):
    server_id, token = booted
    _send(api, server_id, 'os-admin-actions/admin-actions-reset-server-'
          'state.json', ADMIN, '2.1')
    fleet.wait(server_id, token)
    _send(api, server_id, 'os-admin-actions/admin-actions-inject-network-'
          'info.json', ADMIN, '2.1')
    # resetNetwork is gone.
    _send(api, server_id, 'os-admin-actions/admin-actions-reset-network.'
          'json', ADMIN, '2.1', status=410)


@pytest.mark.parametrize('folder,version', [('os-rescue', '2.1'),
                                            ('os-rescue/v2.87', '2.87')])
@pytest.mark.parametrize('request_sample', [
    'server-rescue-req.json', 'server-rescue-req-with-image-ref.json'])
def test_rescue(api, fleet, booted, folder, version, request_sample):
    server_id, token = booted
    body = load('%s/%s' % (folder, request_sample))
    if 'rescue_image_ref' in body['rescue']:
        body['rescue']['rescue_image_ref'] = _image_id(api)
    resp = api.post('/servers/%s/action' % server_id, body, token=token,
                    version=version)
    check(resp, folder + '/server-rescue.json', 200)
    assert resp.json()['adminPass'] == body['rescue']['adminPass']
    fleet.wait(server_id, token, ('RESCUE',))
    check(api.get('/servers/' + server_id, token=token, version=version),
          folder + '/server-get-resp-rescue.json', 200)
    _send(api, server_id, folder + '/server-unrescue-req.json', token,
          version)
    fleet.wait(server_id, token)
    check(api.get('/servers/' + server_id, token=token, version=version),
          folder + '/server-get-resp-unrescue.json', 200)
