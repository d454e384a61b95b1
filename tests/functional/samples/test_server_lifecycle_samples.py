"""Conformance of what is done to real servers with Nova's API samples.

Every server here is booted through the API (the tiny test image, flavor
m1.tiny, the private network), waited ACTIVE and deleted (waited gone) at
the end, so the fake hosts end empty. Covered: POST /servers at every
sample folder with a create request, multiple create, and, on one booted
server, its addresses, metadata, tags, password, console output, instance
actions, diagnostics and the sorted listing; plus the compute API's image
proxy and image metadata.

The sample requests are adapted to this cloud: real image, flavor and
network ids; zone 'nova'; host and node 'compute1'; no personality from
2.57 (the schema dropped it); no server group hint (this cloud has no
server groups API); a same_host hint shown as the uuid pattern becomes a
uuid; and, as there is no volume service, a boot-from-volume
request boots from the image instead (its tagged NIC is kept).
"""

import copy
import datetime
import glob
import os
import re
import time
import uuid

import pytest
import requests

from compute import conf as compute_conf
from tests.functional.samples import shape
from tests.functional.samples.test_api_samples import SAMPLES
from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load

CONF = compute_conf.CONF

ADMIN = 'admin:admin'
POLL_VERSION = '2.90'
SAMPLE_NETWORK = '3cb9bc59-5699-4588-a4b1-b87f96708bc6'

def _tenant():
    """A member token of a fresh project."""
    project = uuid.uuid4().hex
    return 'user-%s:%s' % (project[:6], project)


def _ver(version):
    return tuple(int(part) for part in version.split('.'))


def _image_id(api):
    resp = api.get('/images', version='2.35',
                   params={'name': 'tiny-test-image'})
    assert resp.status_code == 200, resp.text
    return resp.json()['images'][0]['id']


def _network_id(stack):
    resp = requests.get(stack.url + '/networking/v2.0/networks',
                        params={'name': 'private'},
                        headers={'X-Auth-Token': ADMIN}, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()['networks'][0]['id']


class Fleet:
    """The servers a test boots, all deleted and waited gone at close."""

    def __init__(self, api):
        self.api = api
        self.servers = {}
        self.tenants = set()

    def boot(self, body, token, version):
        resp = self.api.post('/servers', body, token=token, version=version)
        if token != ADMIN:
            self.tenants.add(token)
        if resp.status_code == 202 and 'server' in resp.json():
            self.servers[resp.json()['server']['id']] = token
        return resp

    def wait(self, server_id, token, statuses=('ACTIVE',), timeout=60):
        """The server once its status is one of ``statuses`` (None once
        it is gone, if 'DELETED' is one of them)."""
        deadline = time.time() + timeout
        while True:
            resp = self.api.get('/servers/' + server_id, token=token,
                                version=POLL_VERSION)
            if resp.status_code == 404 and 'DELETED' in statuses:
                return None
            assert resp.status_code == 200, resp.text
            server = resp.json()['server']
            if server['status'] in statuses:
                return server
            assert server['status'] not in ('ERROR', 'DELETED'), server
            assert time.time() < deadline, 'stuck in %s' % server['status']
            time.sleep(0.1)

    def active(self, name, **fields):
        """An ACTIVE server (tiny image, m1.tiny, the private network) of
        a fresh project: (id, member token)."""
        token = _tenant()
        resp = self.boot({'server': dict(
            name=name, imageRef=_image_id(self.api), flavorRef='1',
            networks='auto', **fields)}, token, '2.37')
        assert resp.status_code == 202, resp.text
        server_id = resp.json()['server']['id']
        self.wait(server_id, token)
        return server_id, token

    def of_tenants(self):
        """Every server of the fresh projects used, found by listing."""
        for token in self.tenants:
            listed = self.api.get('/servers', token=token).json()
            for server in listed['servers']:
                self.servers.setdefault(server['id'], token)

    def close(self):
        try:
            self.of_tenants()
        finally:
            for server_id, token in self.servers.items():
                self.api.delete('/servers/' + server_id, token=token)
            for server_id, token in self.servers.items():
                self.wait(server_id, token, ('DELETED',))


# -- POST /servers ----------------------------------------------------------

def _create_cases():
    """(folder, request sample, microversion) of every create request."""
    cases = []
    pattern = os.path.join(SAMPLES, 'servers', '**', 'server-create-req*')
    for path in sorted(glob.glob(pattern, recursive=True)):
        relative = os.path.relpath(path, SAMPLES)
        parts = relative.split(os.sep)
        folder = parts[1] if len(parts) == 3 else ''
        suffix = re.search(r'-v2(\d+)\.json$', parts[-1])
        version = folder[1:] if folder else (
            '2.' + suffix.group(1) if suffix else '2.1')
        cases.append((folder, parts[-1], version))
    return cases


def _folder(base, folder):
    return '%s/%s' % (base, folder) if folder else base


def _is_uuid(value):
    try:
        return bool(uuid.UUID(value))
    except (TypeError, ValueError):
        return False


def _adapt_create(body, version, image, network):
    """The sample request made bootable here (see the module docstring)."""
    body = copy.deepcopy(body)
    server = body['server']
    bdms = server.pop('block_device_mapping_v2', None)
    if 'imageRef' in server or bdms:
        server['imageRef'] = image
    server['flavorRef'] = re.sub(r'[^/]+$', '1', str(server['flavorRef']))
    if 'availability_zone' in server:
        server['availability_zone'] = 'nova'
    for key in ('host', 'hypervisor_hostname'):
        if key in server:
            server[key] = 'compute1'
    if _ver(version) >= (2, 57):
        server.pop('personality', None)
    if isinstance(server.get('networks'), list):
        for nic in server['networks']:
            if nic.get('uuid') == SAMPLE_NETWORK:
                nic['uuid'] = network
    elif _ver(version) >= (2, 37):
        server.setdefault('networks', 'auto')
    hints = body.get('OS-SCH-HNT:scheduler_hints', {})
    hints.pop('group', None)
    if 'same_host' in hints and not _is_uuid(hints['same_host']):
        # Some samples show the uuid pattern itself.
        hints['same_host'] = str(uuid.uuid4())
    if not hints:
        body.pop('OS-SCH-HNT:scheduler_hints', None)
    return body


@pytest.mark.parametrize('folder,request_sample,version', _create_cases())
def test_server_create(api, stack, fleet, folder, request_sample, version):
    base = _folder('servers', folder)
    body = _adapt_create(load('%s/%s' % (base, request_sample)), version,
                         _image_id(api), _network_id(stack))
    requested = body['server']
    token = ADMIN if {'host', 'hypervisor_hostname'} & set(requested) \
        else _tenant()
    resp = fleet.boot(body, token, version)
    check(resp, base + '/server-create-resp.json', 202)
    server = fleet.wait(resp.json()['server']['id'], token)
    assert server['name'] == requested['name']
    if 'host' in requested or 'hypervisor_hostname' in requested:
        assert server['OS-EXT-SRV-ATTR:host'] == 'compute1'


@pytest.mark.parametrize('request_sample,response_sample', [
    ('multiple-create-no-resv-post-req.json',
     'multiple-create-no-resv-post-resp.json'),
    ('multiple-create-post-req.json', 'multiple-create-post-resp.json'),
])
def test_multiple_create(api, fleet, request_sample, response_sample):
    token = _tenant()
    body = load('os-multiple-create/' + request_sample)
    body['server']['imageRef'] = _image_id(api)
    resp = fleet.boot(body, token, '2.1')
    check(resp, 'os-multiple-create/' + response_sample, 202)
    params = {}
    if 'reservation_id' in resp.json():
        params['reservation_id'] = resp.json()['reservation_id']
    servers = api.get('/servers', token=token, params=params).json()
    assert len(servers['servers']) == 3
    for server in servers['servers']:
        fleet.wait(server['id'], token)


# -- One booted server and what hangs off it --------------------------------

@pytest.fixture(scope='module')
def booted(api):
    """An ACTIVE server of a fresh project with metadata and tags, and
    three actions (create, delete, restore): {'id', 'token', 'actions'}."""
    fleet = Fleet(api)
    token = _tenant()
    try:
        resp = fleet.boot({'server': {
            'name': 'new-server-test', 'imageRef': _image_id(api),
            'flavorRef': '1', 'networks': 'auto',
            'metadata': {'My Server Name': 'Apache1'},
            'tags': ['tag1', 'tag2']}}, token, '2.52')
        assert resp.status_code == 202, resp.text
        server_id = resp.json()['server']['id']
        fleet.wait(server_id, token)
        CONF.set_override('reclaim_instance_interval', 3600)
        try:
            assert api.delete('/servers/' + server_id,
                              token=token).status_code == 204
            fleet.wait(server_id, token, ('SOFT_DELETED',))
            assert api.post('/servers/%s/action' % server_id,
                            {'restore': None}, token=token).status_code \
                == 202
            fleet.wait(server_id, token)
        finally:
            CONF.clear_override('reclaim_instance_interval')
        actions = api.get('/servers/%s/os-instance-actions' % server_id,
                          token=token).json()['instanceActions']
        yield {'id': server_id, 'token': token, 'actions': actions}
    finally:
        fleet.close()


def test_server_ips(api, booted):
    base = '/servers/%s/ips' % booted['id']
    check(api.get(base, token=booted['token']),
          'server-ips/server-ips-resp.json', 200)
    check(api.get(base + '/private', token=booted['token']),
          'server-ips/server-ips-network-resp.json', 200)


def test_server_metadata(api, booted):
    base = '/servers/%s/metadata' % booted['id']
    token = booted['token']
    folder = 'server-metadata/'
    check(api.post(base, load(folder + 'server-metadata-all-req.json'),
                   token=token),
          folder + 'server-metadata-all-resp.json', 200)
    check(api.get(base, token=token),
          folder + 'server-metadata-all-resp.json', 200)
    check(api.put(base, load(folder + 'server-metadata-all-req.json'),
                  token=token),
          folder + 'server-metadata-all-resp.json', 200)
    check(api.get(base + '/foo', token=token),
          folder + 'server-metadata-resp.json', 200)
    check(api.put(base + '/foo', load(folder + 'server-metadata-req.json'),
                  token=token),
          folder + 'server-metadata-resp.json', 200)
    assert api.delete(base + '/foo', token=token).status_code == 204


def test_server_tags(api, booted):
    folder = 'os-server-tags/v2.26/'
    token = booted['token']
    server = '/servers/' + booted['id']
    check(api.put(server + '/tags',
                  load(folder + 'server-tags-put-all-req.json'),
                  token=token, version='2.26'),
          folder + 'server-tags-put-all-resp.json', 200)
    check(api.get(server + '/tags', token=token, version='2.26'),
          folder + 'server-tags-index-resp.json', 200)
    check(api.get(server, token=token, version='2.26'),
          folder + 'server-tags-show-details-resp.json', 200)
    check(api.get('/servers/detail', token=token, version='2.26'),
          folder + 'servers-tags-details-resp.json', 200)
    assert api.put(server + '/tags/tag3', token=token,
                   version='2.26').status_code == 201
    assert api.get(server + '/tags/tag3', token=token,
                   version='2.26').status_code == 204
    assert api.delete(server + '/tags/tag3', token=token,
                      version='2.26').status_code == 204


def test_server_password(api, booted):
    check(api.get('/servers/%s/os-server-password' % booted['id'],
                  token=booted['token']),
          'os-server-password/get-password-resp.json', 200)


def test_console_output(api, booted):
    check(api.post('/servers/%s/action' % booted['id'],
                   load('os-console-output/console-output-post-req.json'),
                   token=booted['token']),
          'os-console-output/console-output-post-resp.json', 200)


def test_servers_sort(api, booted):
    check(api.get('/servers', token=booted['token'],
                  params={'sort_key': 'display_name', 'sort_dir': 'asc'}),
          'servers-sort/server-sort-keys-list-resp.json', 200)


# -- Instance actions -------------------------------------------------------

def _instance_action_cases():
    """(version, sample, persona, query) at every folder; the query is a
    name the test fills from the booted server."""
    cases = []
    for folder in ('', 'v2.21', 'v2.51', 'v2.58', 'v2.62', 'v2.66'):
        version = folder[1:] if folder else '2.1'
        base = _folder('os-instance-actions', folder) + '/'
        cases += [(version, base + 'instance-actions-list-resp.json',
                   'owner', None),
                  (version, base + 'instance-action-get-resp.json', 'admin',
                   'show')]
        if _ver(version) >= (2, 51):
            cases.append((version,
                          base + 'instance-action-get-non-admin-resp.json',
                          'owner', 'show'))
        if _ver(version) >= (2, 58):
            cases += [
                (version, base + 'instance-actions-list-with-changes-'
                 'since.json', 'owner', 'changes-since'),
                (version, base + 'instance-actions-list-with-limit-resp.json',
                 'owner', 'limit'),
                (version, base + 'instance-actions-list-with-marker-'
                 'resp.json', 'owner', 'marker')]
        if _ver(version) >= (2, 66):
            cases.append((version, base + 'instance-actions-list-with-'
                          'changes-before.json', 'owner', 'changes-before'))
    # No 2.84 samples in the reference: 2.84 is 2.66 plus each event's
    # 'details' for whoever may see os-instance-actions:events:details
    # (the administrator by default).
    base = 'os-instance-actions/v2.66/'
    cases += [('2.84', base + 'instance-action-get-resp.json', 'admin',
               'show'),
              ('2.84', base + 'instance-action-get-non-admin-resp.json',
               'owner', 'show')]
    return cases


def _action_request(booted, query):
    """(path suffix, params) of one case."""
    newest = booted['actions'][0]['request_id']
    create = booted['actions'][-1]['request_id']
    now = datetime.datetime.now(datetime.timezone.utc)
    if query == 'show':
        return '/' + create, None
    if query == 'changes-since':
        return '', {'changes-since': (now - datetime.timedelta(
            minutes=10)).strftime('%Y-%m-%dT%H:%M:%SZ')}
    if query == 'changes-before':
        return '', {'changes-before': (now + datetime.timedelta(
            minutes=10)).strftime('%Y-%m-%dT%H:%M:%SZ')}
    if query == 'limit':
        return '', {'limit': 1}
    if query == 'marker':
        return '', {'marker': newest}
    return '', None


@pytest.mark.parametrize('version,sample,persona,query',
                         _instance_action_cases())
def test_instance_actions(api, booted, version, sample, persona, query):
    suffix, params = _action_request(booted, query)
    token = ADMIN if persona == 'admin' else booted['token']
    resp = api.get('/servers/%s/os-instance-actions%s' % (booted['id'],
                                                          suffix),
                   token=token, version=version, params=params)
    expected = load(sample)
    if version == '2.84' and persona == 'admin':
        for event in expected['instanceAction']['events']:
            event['details'] = None
    assert resp.status_code == 200, resp.text
    problems = shape.differences(expected, resp.json())
    assert not problems, '\n'.join(problems)
    body = resp.json()
    if query == 'show':
        events = body['instanceAction']['events']
        assert events
        if _ver(version) >= (2, 62):
            assert all(event['hostId'] for event in events), events
    if query == 'limit':
        assert len(body['instanceActions']) == 1 and body['links']
    if query == 'marker':
        assert [a['request_id'] for a in body['instanceActions']] == [
            a['request_id'] for a in booted['actions'][1:]]


def test_soft_delete_is_recorded_as_delete(booted):
    assert [a['action'] for a in booted['actions']] == [
        'restore', 'delete', 'create']


# -- Diagnostics ------------------------------------------------------------

def _numbered(key):
    """'vnet1_rx' and 'vnet0_rx' alike: device names are data."""
    return re.sub(r'^(cpu|vnet)\d+_', r'\1N_', key)


def _nullable_like(sample, ours, keys):
    """The sample with ``keys`` null where ours are: these counters are
    nullable in Nova's diagnostics object (a driver may not know them)."""
    if isinstance(sample, dict) and isinstance(ours, dict):
        return {key: (None if key in keys and ours.get(key) is None
                      else _nullable_like(value, ours.get(key), keys))
                for key, value in sample.items()}
    if isinstance(sample, list) and isinstance(ours, list) and ours:
        return [_nullable_like(item, ours[0], keys) for item in sample]
    return sample


def test_server_diagnostics(api, booted):
    resp = api.get('/servers/%s/diagnostics' % booted['id'])
    assert resp.status_code == 200, resp.text
    sample = {_numbered(k): v for k, v in load(
        'os-server-diagnostics/server-diagnostics-get-resp.json').items()}
    ours = {_numbered(k): v for k, v in resp.json().items()}
    problems = shape.differences(sample, ours)
    assert not problems, '\n'.join(problems)


def test_server_diagnostics_v248(api, booted):
    resp = api.get('/servers/%s/diagnostics' % booted['id'], version='2.48')
    assert resp.status_code == 200, resp.text
    sample = _nullable_like(
        load('os-server-diagnostics/v2.48/server-diagnostics-get-resp.json'),
        resp.json(), {'utilisation', 'rx_rate', 'tx_rate'})
    problems = shape.differences(sample, resp.json())
    assert not problems, '\n'.join(problems)


# -- The image proxy --------------------------------------------------------

def _image_api(stack, method, path='', **kwargs):
    headers = dict(kwargs.pop('headers', {}), **{'X-Auth-Token': ADMIN})
    return requests.request(method, stack.url + '/image/v2/images' + path,
                            headers=headers, timeout=30, **kwargs)


@pytest.fixture
def image(stack):
    """An active image with the sample's properties (kernel_id and
    ramdisk_id are image ids: the image schema wants uuids there)."""
    resp = _image_api(stack, 'POST', json={
        'name': 'fakeimage7-' + uuid.uuid4().hex[:6], 'disk_format': 'raw',
        'container_format': 'bare', 'architecture': 'x86_64',
        'auto_disk_config': 'True', 'kernel_id': str(uuid.uuid4()),
        'ramdisk_id': str(uuid.uuid4())})
    assert resp.status_code == 201, resp.text
    image_id = resp.json()['id']
    try:
        resp = _image_api(stack, 'PUT', '/%s/file' % image_id,
                          data=b'\0' * 4096, headers={
                              'Content-Type': 'application/octet-stream'})
        assert resp.status_code == 204, resp.text
        yield image_id
    finally:
        _image_api(stack, 'DELETE', '/' + image_id)


def test_images(api, image):
    check(api.get('/images'), 'images/images-list-get-resp.json', 200)
    check(api.get('/images/detail'), 'images/images-details-get-resp.json',
          200)
    check(api.get('/images/' + image), 'images/image-get-resp.json', 200)


def test_image_metadata(api, image):
    base = '/images/%s/metadata' % image
    check(api.get(base), 'images/image-metadata-get-resp.json', 200)
    check(api.get(base + '/kernel_id'), 'images/image-meta-key-get.json',
          200)
    check(api.put(base + '/auto_disk_config',
                  load('images/image-meta-key-put-req.json')),
          'images/image-meta-key-put-resp.json', 200)
    # The sample's kernel_id 'False' is no image id: the image schema
    # rejects it (400), so the value goes under another key.
    body = load('images/image-metadata-post-req.json')
    body['metadata']['boot_note'] = body['metadata'].pop('kernel_id')
    check(api.post(base, body), 'images/image-metadata-post-resp.json', 200)
    check(api.put(base, load('images/image-metadata-put-req.json')),
          'images/image-metadata-put-resp.json', 200)
    assert api.delete(base + '/Label').status_code == 204
