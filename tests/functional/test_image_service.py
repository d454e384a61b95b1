"""The built-in Image API v2 under /image, over HTTP: version discovery,
create, upload, download, JSON-patch updates, tags, list filters, sorting
and paging, visibility between projects, delete and protection, schemas and
error bodies; and python-openstackclient driving it through the catalog."""

import hashlib
import json
import os
import subprocess
import sys
import uuid

import pytest
import requests

from compute import conf as compute_conf

CONF = compute_conf.CONF

ADMIN = 'admin:admin'
PATCH_TYPE = 'application/openstack-images-v2.1-json-patch'
DATA_TYPE = 'application/octet-stream'
DEFAULT_IMAGE = 'tiny-test-image'


# Every image a test makes, deleted when the module is done: other tests
# of the session boot the images they find.
CREATED = []


class ImageClient:
    """requests against /image of the test cloud, as one caller."""

    def __init__(self, url, token=ADMIN, roles=None):
        self.url = url + '/image'
        self.headers = {'X-Auth-Token': token}
        if roles:
            self.headers['X-Roles'] = roles

    def request(self, method, path, content_type=None, **kwargs):
        headers = dict(self.headers, **kwargs.pop('headers', {}))
        if content_type:
            headers['Content-Type'] = content_type
        return requests.request(method, self.url + path, headers=headers,
                                timeout=60, **kwargs)

    def create(self, **fields):
        fields.setdefault('name', 'img-' + uuid.uuid4().hex[:8])
        fields.setdefault('disk_format', 'raw')
        fields.setdefault('container_format', 'bare')
        resp = self.request('POST', '/v2/images', json=fields)
        assert resp.status_code == 201, resp.text
        CREATED.append(resp.json()['id'])
        return resp.json()

    def upload(self, image_id, data):
        return self.request('PUT', '/v2/images/%s/file' % image_id,
                            DATA_TYPE, data=data)

    def get(self, image_id):
        return self.request('GET', '/v2/images/' + image_id)

    def patch(self, image_id, ops, content_type=PATCH_TYPE):
        return self.request('PATCH', '/v2/images/' + image_id, content_type,
                            data=json.dumps(ops))

    def ids(self, **params):
        resp = self.request('GET', '/v2/images', params=params)
        assert resp.status_code == 200, resp.text
        return [image['id'] for image in resp.json()['images']]


def error(resp, code):
    """Assert ``resp`` is the Image API's error body for ``code``; its
    message."""
    assert resp.status_code == code, resp.text
    body = resp.json()
    assert set(body) == {'message', 'code', 'title'}
    assert body['code'].startswith('%d ' % code)
    return body['message']


@pytest.fixture(scope='module', autouse=True)
def _cleanup(stack):
    yield
    admin = ImageClient(stack.url)
    for image_id in CREATED:
        admin.patch(image_id, [{'op': 'replace', 'path': '/protected',
                                'value': False}])
        admin.request('DELETE', '/v2/images/' + image_id)


@pytest.fixture
def client(stack):
    return ImageClient(stack.url, 'member:%s' % uuid.uuid4().hex)


@pytest.fixture
def admin(stack):
    return ImageClient(stack.url)


def test_version_discovery_needs_no_token(stack):
    for path, code in (('', 300), ('/', 300), ('/v2', 300),
                       ('/versions', 200)):
        resp = requests.get(stack.url + '/image' + path, timeout=30)
        assert resp.status_code == code, path
        versions = resp.json()['versions']
        current = [v for v in versions if v['status'] == 'CURRENT']
        assert len(current) == 1
        assert current[0]['id'].startswith('v2.')
        assert current[0]['links'] == [
            {'rel': 'self', 'href': stack.url + '/image/v2/'}]
    resp = requests.get(stack.url + '/image/v2/images', timeout=30)
    assert resp.status_code == 401


def test_create_show_and_shape(client):
    image = client.create(name='one', tags=['t'], min_ram=64,
                          os_distro='none', visibility='private')
    assert image['status'] == 'queued'
    assert image['owner'] == client.headers['X-Auth-Token'].split(':')[1]
    assert image['self'] == '/v2/images/' + image['id']
    assert image['file'] == '/v2/images/%s/file' % image['id']
    assert image['schema'] == '/v2/schemas/image'
    assert image['os_distro'] == 'none'
    assert image['tags'] == ['t']
    assert image['min_ram'] == 64 and image['min_disk'] == 0
    for key in ('size', 'virtual_size', 'checksum', 'os_hash_algo',
                'os_hash_value'):
        assert image[key] is None
    assert image['protected'] is False and image['os_hidden'] is False
    resp = client.get(image['id'])
    assert resp.status_code == 200
    assert resp.json() == image
    assert error(client.get(str(uuid.uuid4())), 404)


def test_create_location_and_given_id(client):
    image_id = str(uuid.uuid4())
    resp = client.request('POST', '/v2/images', json={'id': image_id})
    assert resp.status_code == 201
    CREATED.append(image_id)
    assert resp.headers['Location'].endswith('/image/v2/images/' + image_id)
    assert resp.json()['name'] is None
    error(client.request('POST', '/v2/images', json={'id': image_id}), 409)


@pytest.mark.parametrize('body,code', [
    ({'status': 'active'}, 403),
    ({'size': 1}, 403),
    ({'deleted': True}, 403),
    ({'min_ram': 'lots'}, 400),
    ({'min_disk': -1}, 400),
    ({'disk_format': 'floppy'}, 400),
    ({'visibility': 'everyone'}, 400),
    ({'extra': 1}, 400),
    ({'kernel_id': 'nokernel'}, 400),
    ({'id': 'not-a-uuid'}, 400),
    ({'visibility': 'public'}, 403),
    ({'owner': 'somebody-else'}, 403),
    ([], 400),
])
def test_create_refused(client, body, code):
    error(client.request('POST', '/v2/images', json=body), code)


def test_malformed_json(client):
    error(client.request('POST', '/v2/images', 'application/json',
                         data='{nope'), 400)


def test_upload_and_download(client):
    image = client.create()
    resp = client.request('GET', '/v2/images/%s/file' % image['id'])
    assert resp.status_code == 204
    data = os.urandom(50 * 1024)
    resp = client.upload(image['id'], data)
    assert resp.status_code == 204
    assert resp.content == b''
    shown = client.get(image['id']).json()
    assert shown['status'] == 'active'
    assert shown['size'] == shown['virtual_size'] == len(data)
    assert shown['checksum'] == hashlib.md5(data).hexdigest()
    assert shown['os_hash_algo'] == 'sha512'
    assert shown['os_hash_value'] == hashlib.sha512(data).hexdigest()
    resp = client.request('GET', '/v2/images/%s/file' % image['id'])
    assert resp.status_code == 200
    assert resp.content == data
    assert resp.headers['Content-Type'] == DATA_TYPE
    assert resp.headers['Content-MD5'] == shown['checksum']
    error(client.upload(image['id'], b'again'), 409)


def test_upload_larger_than_the_compute_api_body_limit(client):
    """Image data are not bound by [api] max_request_body_size."""
    image = client.create()
    data = b'\1' * (CONF.api.max_request_body_size + 1)
    assert client.upload(image['id'], data).status_code == 204
    assert client.get(image['id']).json()['size'] == len(data)


def test_upload_refused(client):
    image = client.create()
    error(client.request('PUT', '/v2/images/%s/file' % image['id'],
                         'application/json', data=b'{}'), 415)
    bare = client.create(disk_format=None, container_format=None)
    error(client.upload(bare['id'], b'data'), 400)
    error(client.upload(str(uuid.uuid4()), b'data'), 404)


def test_patch(client):
    image = client.create(a='1', b='2')
    resp = client.patch(image['id'], [
        {'op': 'add', 'path': '/c', 'value': '3'},
        {'op': 'add', 'path': '/a', 'value': 'one'},
        {'op': 'replace', 'path': '/b', 'value': 'two'},
        {'op': 'remove', 'path': '/c'},
        {'op': 'replace', 'path': '/name', 'value': 'renamed'},
        {'op': 'replace', 'path': '/tags', 'value': ['x', 'y']},
        {'op': 'add', 'path': '/min_disk', 'value': 5},
        {'op': 'replace', 'path': '/protected', 'value': True},
        {'op': 'add', 'path': '/with~1slash', 'value': 's'},
    ])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert (body['a'], body['b'], body['name']) == ('one', 'two', 'renamed')
    assert 'c' not in body
    assert body['tags'] == ['x', 'y']
    assert body['min_disk'] == 5 and body['protected'] is True
    assert body['with/slash'] == 's'
    assert client.get(image['id']).json() == body


@pytest.mark.parametrize('ops,code', [
    ([{'op': 'replace', 'path': '/status', 'value': 'active'}], 403),
    ([{'op': 'add', 'path': '/id', 'value': str(uuid.uuid4())}], 403),
    ([{'op': 'replace', 'path': '/nope', 'value': 'x'}], 409),
    ([{'op': 'remove', 'path': '/nope'}], 409),
    ([{'op': 'remove', 'path': '/name'}], 403),
    ([{'op': 'move', 'path': '/name', 'from': '/x'}], 400),
    ([{'op': 'add', 'path': '/a/b', 'value': 'x'}], 400),
    ([{'op': 'add', 'path': 'name', 'value': 'x'}], 400),
    ([{'op': 'add', 'path': '/name'}], 400),
    ([{'op': 'add', 'path': '/min_ram', 'value': 'x'}], 400),
    ([{'op': 'add', 'path': '/extra', 'value': 5}], 400),
    ([{'op': 'replace', 'path': '/visibility', 'value': 'public'}], 403),
    ({'op': 'add', 'path': '/a', 'value': 'x'}, 400),
])
def test_patch_refused(client, ops, code):
    image = client.create()
    error(client.patch(image['id'], ops), code)
    assert client.get(image['id']).json() == image


def test_patch_needs_its_media_type(client):
    image = client.create()
    error(client.patch(image['id'], [], 'application/json'), 415)


def test_admin_publishes_and_changes_owner(admin, client):
    image = client.create()
    resp = admin.patch(image['id'], [
        {'op': 'replace', 'path': '/visibility', 'value': 'public'},
        {'op': 'replace', 'path': '/owner', 'value': 'another'}])
    assert resp.status_code == 200, resp.text
    assert (resp.json()['visibility'], resp.json()['owner']) == (
        'public', 'another')
    error(client.patch(image['id'], [
        {'op': 'replace', 'path': '/name', 'value': 'x'}]), 403)


def test_tags(client):
    image = client.create(tags=['a'])
    path = '/v2/images/%s/tags/' % image['id']
    assert client.request('PUT', path + 'b').status_code == 204
    assert client.request('PUT', path + 'b').status_code == 204
    assert client.get(image['id']).json()['tags'] == ['a', 'b']
    assert client.request('DELETE', path + 'a').status_code == 204
    assert client.get(image['id']).json()['tags'] == ['b']
    error(client.request('DELETE', path + 'a'), 404)


def test_visibility_between_projects(stack, client):
    other = ImageClient(stack.url, 'member:%s' % uuid.uuid4().hex)
    images = {v: client.create(visibility=v)['id']
              for v in ('private', 'shared', 'community')}
    for image_id in images.values():
        assert client.get(image_id).status_code == 200
        assert image_id in client.ids()
    for visibility in ('private', 'shared'):
        error(other.get(images[visibility]), 404)
        assert images[visibility] not in other.ids(visibility='all')
    assert other.get(images['community']).status_code == 200
    assert images['community'] not in other.ids()
    assert images['community'] in other.ids(visibility='community')
    error(other.patch(images['community'], [
        {'op': 'replace', 'path': '/name', 'value': 'x'}]), 403)
    error(other.request('DELETE', '/v2/images/' + images['community']),
          403)
    assert set(images.values()) <= set(ImageClient(stack.url).ids(
        limit=1000))


def test_readers_only_read(stack, client):
    image = client.create()
    reader = ImageClient(stack.url, client.headers['X-Auth-Token'],
                         roles='reader')
    assert reader.get(image['id']).status_code == 200
    error(reader.request('POST', '/v2/images', json={}), 403)
    error(reader.patch(image['id'], [
        {'op': 'replace', 'path': '/name', 'value': 'x'}]), 403)
    error(reader.upload(image['id'], b'x'), 403)


def test_list_filters(client):
    tag = uuid.uuid4().hex
    one = client.create(name='one-' + tag, group=tag)
    two = client.create(name='two-' + tag, group=tag, tags=[tag],
                        visibility='private', disk_format='qcow2')
    client.upload(one['id'], b'12345')
    hidden = client.create(group=tag, os_hidden=True)

    def ids(**params):
        return set(client.ids(group=tag, **params))

    assert ids() == {one['id'], two['id']}
    assert ids(name='one-' + tag) == {one['id']}
    assert ids(status='active') == {one['id']}
    assert ids(visibility='private') == {two['id']}
    assert ids(visibility='shared') == {one['id']}
    assert ids(owner=one['owner']) == {one['id'], two['id']}
    assert ids(tag=tag) == {two['id']}
    assert ids(disk_format='qcow2') == {two['id']}
    assert ids(size_min=5) == {one['id']}
    assert ids(os_hidden='true') == {hidden['id']}
    assert ids(id='in:%s,%s' % (one['id'], hidden['id'])) == {one['id']}
    assert ids(created_at='gte:' + one['created_at']) == {one['id'],
                                                          two['id']}
    for params in ({'visibility': 'everyone'}, {'size_min': 'x'},
                   {'created_at': 'gte:soon'}):
        error(client.request('GET', '/v2/images', params=params), 400)


def test_sorting_and_paging(client):
    tag = uuid.uuid4().hex
    made = [client.create(name=name, group=tag)['id']
            for name in ('b', 'a', 'c', 'a', 'd')]
    assert client.ids(group=tag) == list(reversed(made))
    by_name = client.ids(group=tag, sort='name:asc,created_at:asc')
    assert by_name == [made[1], made[3], made[0], made[2], made[4]]
    assert client.ids(group=tag, sort_key=['name', 'created_at'],
                      sort_dir=['asc', 'asc']) == by_name
    assert client.ids(group=tag, sort_key='name', sort_dir='desc')[0] == \
        made[4]
    seen, path, params = [], '/v2/images', {'group': tag, 'limit': 2,
                                            'sort': 'name:asc,created_at:asc'}
    while True:
        resp = client.request('GET', path, params=params)
        body = resp.json()
        assert body['schema'] == '/v2/schemas/images'
        assert body['first'].startswith('/v2/images?')
        seen += [image['id'] for image in body['images']]
        if 'next' not in body:
            break
        assert body['next'].startswith('/v2/images?')
        path, params = body['next'], None
    assert seen == by_name
    for params in ({'limit': -1}, {'limit': 'x'}, {'sort_key': 'owner'},
                   {'sort_dir': 'sideways'}, {'marker': str(uuid.uuid4())},
                   {'sort': 'name', 'sort_key': 'name'}):
        error(client.request('GET', '/v2/images', params=params), 400)


def test_delete(client):
    image = client.create(protected=True)
    client.upload(image['id'], b'data')
    path = '/v2/images/' + image['id']
    error(client.request('DELETE', path), 403)
    client.patch(image['id'], [
        {'op': 'replace', 'path': '/protected', 'value': False}])
    resp = client.request('DELETE', path)
    assert resp.status_code == 204
    error(client.get(image['id']), 404)
    error(client.request('GET', path + '/file'), 404)
    error(client.request('DELETE', path), 404)
    assert image['id'] not in client.ids()


def test_schemas(client):
    resp = client.request('GET', '/v2/schemas/image')
    assert resp.status_code == 200
    doc = resp.json()
    assert doc['name'] == 'image'
    assert doc['additionalProperties'] == {'type': 'string'}
    for name in ('id', 'name', 'status', 'visibility', 'protected', 'tags',
                 'min_ram', 'min_disk', 'size', 'checksum', 'os_hash_value',
                 'self', 'file', 'schema', 'disk_format',
                 'container_format', 'owner', 'created_at', 'updated_at'):
        assert name in doc['properties'], name
    assert doc['properties']['status']['readOnly'] is True
    resp = client.request('GET', '/v2/schemas/images')
    assert resp.status_code == 200
    doc = resp.json()
    assert doc['name'] == 'images'
    assert doc['properties']['images']['items']['name'] == 'image'


def test_unknown_paths_and_methods(client):
    error(client.request('GET', '/v2/nothing'), 404)
    resp = client.request('POST', '/v2/images/%s' % uuid.uuid4(), json={})
    error(resp, 405)
    assert resp.headers['Allow'] == 'DELETE, GET, PATCH'


def test_default_image_is_there_for_everybody(client):
    resp = client.request('GET', '/v2/images',
                          params={'name': DEFAULT_IMAGE})
    [image] = resp.json()['images']
    assert (image['status'], image['visibility']) == ('active', 'public')
    assert (image['disk_format'], image['container_format']) == (
        'raw', 'bare')
    assert image['size'] == 1024 * 1024
    data = client.request('GET', '/v2/images/%s/file' % image['id'])
    assert data.content == bytes(1024 * 1024)


# --- python-openstackclient -------------------------------------------------

def _openstack():
    path = os.path.join(os.path.dirname(sys.executable), 'openstack')
    if not os.path.exists(path):
        pytest.skip('openstack is not installed (pip install -e .[test])')
    return path


def _osc(stack, *args, check=True):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=os.path.join(stack.state_path,
                                                  'clouds.yaml'),
               OS_CLOUD='compute-all')
    result = subprocess.run([_openstack()] + list(args), env=env,
                            capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, '%s\n%s\n%s' % (
            ' '.join(args), result.stdout, result.stderr)
    return result


def test_openstackclient(stack, tmp_path):
    name = 'img1-' + uuid.uuid4().hex[:8]
    data = os.urandom(4096)
    path = tmp_path / 'disk.raw'
    path.write_bytes(data)
    created = json.loads(_osc(
        stack, 'image', 'create', '--file', str(path), '--disk-format',
        'raw', '--container-format', 'bare', name, '-f', 'json').stdout)
    assert created['name'] == name
    assert created['status'] == 'active'
    assert created['size'] == len(data)
    listed = json.loads(_osc(stack, 'image', 'list', '-f', 'json').stdout)
    assert name in [image['Name'] for image in listed]
    assert DEFAULT_IMAGE in [image['Name'] for image in listed]
    shown = json.loads(_osc(stack, 'image', 'show', name, '-f',
                            'json').stdout)
    assert shown['id'] == created['id']
    assert shown['checksum'] == hashlib.md5(data).hexdigest()
    _osc(stack, 'image', 'set', '--property', 'k=v', name)
    shown = json.loads(_osc(stack, 'image', 'show', name, '-f',
                            'json').stdout)
    assert shown['properties']['k'] == 'v'
    _osc(stack, 'image', 'delete', name)
    result = _osc(stack, 'image', 'show', name, check=False)
    assert result.returncode != 0
