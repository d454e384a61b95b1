"""The compute API's image proxy over HTTP (/images up to 2.35, their
metadata up to 2.38): Nova's list, detail and show bodies, filters and
paging, delete, metadata reads and writes with their quota, what other
projects and readers may do, and the 404 above the last microversion.

Images are made through the built-in Image API under /image."""

import uuid

import pytest
import requests

from compute import conf as compute_conf
from tests.functional.client import fault_message

CONF = compute_conf.CONF

ADMIN = 'admin:admin'
VERSIONS = ['2.1', '2.35']
LIST_KEYS = {'id', 'name', 'links'}
DETAIL_KEYS = {'id', 'name', 'links', 'minRam', 'minDisk', 'metadata',
               'created', 'updated', 'status', 'progress',
               'OS-EXT-IMG-SIZE:size'}


# Every image a test makes, deleted when the module is done: other tests
# of the session boot the images they find.
CREATED = []


def _image_request(stack, method, path, token=ADMIN, **kwargs):
    headers = dict(kwargs.pop('headers', {}), **{'X-Auth-Token': token})
    return requests.request(method, stack.url + '/image/v2/images' + path,
                            headers=headers, timeout=30, **kwargs)


@pytest.fixture(scope='module', autouse=True)
def _cleanup(stack):
    yield
    for image_id in CREATED:
        _image_request(stack, 'PATCH', '/' + image_id, json=[
            {'op': 'replace', 'path': '/protected', 'value': False}],
            headers={'Content-Type':
                     'application/openstack-images-v2.1-json-patch'})
        _image_request(stack, 'DELETE', '/' + image_id)


def _make_image(stack, token=ADMIN, data=None, **fields):
    """Create an image through /image/v2 (and upload ``data``); its id."""
    fields.setdefault('name', 'img-' + uuid.uuid4().hex[:8])
    fields.setdefault('disk_format', 'raw')
    fields.setdefault('container_format', 'bare')
    resp = _image_request(stack, 'POST', '', token, json=fields)
    assert resp.status_code == 201, resp.text
    image_id = resp.json()['id']
    CREATED.append(image_id)
    if data is not None:
        resp = _image_request(
            stack, 'PUT', '/%s/file' % image_id, token, data=data,
            headers={'Content-Type': 'application/octet-stream'})
        assert resp.status_code == 204, resp.text
    return image_id


def _by_id(images):
    return {image['id']: image for image in images}


@pytest.mark.parametrize('version', VERSIONS)
def test_list_and_detail_shapes(api, stack, version):
    image_id = _make_image(stack, data=b'x' * 1000, visibility='public',
                           os_distro='none')
    listed = _by_id(api.get('/images', version=version).json()['images'])
    assert set(listed[image_id]) == LIST_KEYS
    links = listed[image_id]['links']
    assert [link['rel'] for link in links] == ['self', 'bookmark',
                                               'alternate']
    assert links[0]['href'].endswith('/v2.1/images/' + image_id)
    assert links[1]['href'] == stack.url + '/images/' + image_id
    assert links[2] == {'rel': 'alternate',
                        'type': 'application/vnd.openstack.image',
                        'href': stack.url + '/image/images/' + image_id}
    resp = api.get('/images/detail', version=version)
    assert resp.status_code == 200
    image = _by_id(resp.json()['images'])[image_id]
    assert set(image) == DETAIL_KEYS
    assert image['status'] == 'ACTIVE' and image['progress'] == 100
    assert image['OS-EXT-IMG-SIZE:size'] == 1000
    assert image['metadata'] == {'os_distro': 'none'}
    assert (image['minRam'], image['minDisk']) == (0, 0)
    assert image['created'].endswith('Z') and image['updated'].endswith('Z')
    resp = api.get('/images/' + image_id, version=version)
    assert resp.status_code == 200
    assert resp.json() == {'image': image}


def test_show_queued_image_with_server_and_disk_config(api, stack):
    server = str(uuid.uuid4())
    image_id = _make_image(stack, min_ram=512, min_disk=2,
                           instance_uuid=server, auto_disk_config='True')
    image = api.get('/images/' + image_id).json()['image']
    assert set(image) == DETAIL_KEYS | {'server', 'OS-DCF:diskConfig'}
    assert (image['status'], image['progress']) == ('SAVING', 25)
    assert image['OS-EXT-IMG-SIZE:size'] is None
    assert (image['minRam'], image['minDisk']) == (512, 2)
    assert image['OS-DCF:diskConfig'] == 'AUTO'
    assert image['server']['id'] == server
    assert [link['rel'] for link in image['server']['links']] == [
        'self', 'bookmark']
    assert image['server']['links'][1]['href'] == \
        stack.url + '/servers/' + server


def test_unknown_image(api):
    for path in ('/images/%s' % uuid.uuid4(), '/images/nope'):
        assert fault_message(api.get(path), 404) == 'Image not found.'
    assert fault_message(api.delete('/images/%s' % uuid.uuid4()),
                         404) == 'Image not found.'


def test_gone_above_their_last_microversion(api, stack):
    image_id = _make_image(stack)
    for path in ('/images', '/images/detail', '/images/' + image_id):
        assert api.get(path, version='2.36').status_code == 404
    assert api.delete('/images/' + image_id,
                      version='2.36').status_code == 404
    meta = '/images/%s/metadata' % image_id
    assert api.get(meta, version='2.38').status_code == 200
    assert api.get(meta, version='2.39').status_code == 404
    assert api.post(meta, {'metadata': {'a': 'b'}},
                    version='2.39').status_code == 404
    assert api.get(meta + '/a', version='2.39').status_code == 404


def test_visibility_between_projects(api, stack, project, token):
    private = _make_image(stack, token, visibility='private')
    community = _make_image(stack, token, visibility='community')
    other = 'member:%s' % uuid.uuid4().hex
    assert private in _by_id(api.get('/images', token=token).json()[
        'images'])
    assert api.get('/images/' + private, token=token).status_code == 200
    listed = _by_id(api.get('/images', token=other).json()['images'])
    assert private not in listed and community not in listed
    assert fault_message(api.get('/images/' + private, token=other),
                         404) == 'Image not found.'
    assert api.get('/images/' + community, token=other).status_code == 200
    assert private in _by_id(api.get('/images').json()['images'])


def test_filters(api, stack, project, token):
    server = str(uuid.uuid4())
    tag = uuid.uuid4().hex
    snap = _make_image(stack, token, name='snap-' + tag, min_ram=256,
                       min_disk=3, instance_uuid=server,
                       image_type='snapshot', flavor=tag)
    base = _make_image(stack, token, data=b'1', name='base-' + tag,
                       flavor=tag)

    def ids(**params):
        params['property-flavor'] = tag
        resp = api.get('/images', token=token, params=params)
        assert resp.status_code == 200, resp.text
        return set(_by_id(resp.json()['images']))

    assert ids() == {snap, base}
    assert ids(name='snap-' + tag) == {snap}
    assert ids(status='ACTIVE') == {base}
    assert ids(status='SAVING') == set()
    assert ids(status='queued') == {snap}
    assert ids(server=server) == {snap}
    assert ids(server='http://x/v2.1/servers/' + server) == {snap}
    assert ids(type='snapshot') == {snap}
    assert ids(minRam='256') == {snap}
    assert ids(minDisk='3') == {snap}
    assert ids(**{'changes-since': '2000-01-01T00:00:00Z'}) == {snap, base}
    assert ids(**{'changes-since': '2999-01-01T00:00:00Z'}) == set()
    assert ids(unknown='ignored') == {snap, base}
    fault_message(api.get('/images', token=token,
                          params={'changes-since': 'yesterday'}), 400)
    fault_message(api.get('/images', token=token,
                          params={'minRam': 'lots'}), 400)


def test_paging(api, stack, project, token):
    tag = uuid.uuid4().hex
    made = {_make_image(stack, token, group=tag) for _ in range(3)}
    params = {'property-group': tag, 'limit': 2}
    first = api.get('/images/detail', token=token, params=params).json()
    assert len(first['images']) == 2
    [link] = first['images_links']
    assert link['rel'] == 'next'
    assert '/v2.1/images/detail?' in link['href']
    assert 'marker=' + first['images'][-1]['id'] in link['href']
    rest = api.get('/images/detail', token=token, params=dict(
        params, marker=first['images'][-1]['id'])).json()
    assert 'images_links' not in rest
    assert set(_by_id(first['images'] + rest['images'])) == made
    msg = fault_message(api.get('/images', token=token, params={
        'marker': str(uuid.uuid4())}), 400)
    assert 'could not be found' in msg
    fault_message(api.get('/images', token=token, params={'limit': -1}),
                  400)
    fault_message(api.get('/images', token=token, params={'limit': 'x'}),
                  400)


def test_delete(api, stack, project, token):
    image_id = _make_image(stack, token)
    resp = api.delete('/images/' + image_id, token=token)
    assert resp.status_code == 204
    assert fault_message(api.get('/images/' + image_id, token=token),
                         404) == 'Image not found.'
    protected = _make_image(stack, token, protected=True)
    msg = fault_message(api.delete('/images/' + protected, token=token),
                        403)
    assert msg == 'You are not allowed to delete the image.'
    public = _make_image(stack, visibility='public')
    msg = fault_message(api.delete('/images/' + public, token=token), 403)
    assert msg == 'You are not allowed to delete the image.'
    reader = api.delete('/images/' + protected, token=token,
                        headers={'X-Roles': 'reader'})
    fault_message(reader, 403)


def _meta(image_id, key=None):
    path = '/images/%s/metadata' % image_id
    return path if key is None else '%s/%s' % (path, key)


@pytest.mark.parametrize('version', ['2.1', '2.38'])
def test_metadata_reads(api, stack, project, token, version):
    image_id = _make_image(stack, token, kernel='nokernel', arch='x86_64')
    resp = api.get(_meta(image_id), token=token, version=version)
    assert resp.status_code == 200
    assert resp.json() == {'metadata': {'kernel': 'nokernel',
                                        'arch': 'x86_64'}}
    resp = api.get(_meta(image_id, 'arch'), token=token, version=version)
    assert resp.json() == {'meta': {'arch': 'x86_64'}}
    fault_message(api.get(_meta(image_id, 'nope'), token=token,
                          version=version), 404)
    msg = fault_message(api.get(_meta(str(uuid.uuid4())), token=token,
                                version=version), 404)
    assert msg == 'Image not found.'


def test_metadata_writes(api, stack, project, token):
    image_id = _make_image(stack, token, kernel='nokernel', arch='x86')
    resp = api.post(_meta(image_id), {'metadata': {'kernel': 'False',
                                                   'Label': 'UpdatedImage'}},
                    token=token)
    assert resp.status_code == 200
    assert resp.json() == {'metadata': {'kernel': 'False', 'arch': 'x86',
                                        'Label': 'UpdatedImage'}}
    resp = api.put(_meta(image_id), {'metadata': {'auto_disk_config': 'True',
                                                  'Label': 'Changed'}},
                   token=token)
    assert resp.status_code == 200
    assert resp.json() == {'metadata': {'auto_disk_config': 'True',
                                        'Label': 'Changed'}}
    resp = api.put(_meta(image_id, 'auto_disk_config'),
                   {'meta': {'auto_disk_config': 'False'}}, token=token)
    assert resp.status_code == 200
    assert resp.json() == {'meta': {'auto_disk_config': 'False'}}
    resp = api.delete(_meta(image_id, 'Label'), token=token)
    assert resp.status_code == 204
    assert api.get(_meta(image_id), token=token).json() == {
        'metadata': {'auto_disk_config': 'False'}}
    image = api.get('/images/' + image_id, token=token).json()['image']
    assert image['OS-DCF:diskConfig'] == 'MANUAL'
    msg = fault_message(api.delete(_meta(image_id, 'Label'), token=token),
                        404)
    assert msg == 'Invalid metadata key'


@pytest.mark.parametrize('method,key,body', [
    ('post', None, {'metadata': {'a': 1}}),
    ('post', None, {'meta': {'a': 'b'}}),
    ('put', None, {'metadata': {'bad/key': 'b'}}),
    ('put', 'a', {'meta': {'a': 'b', 'c': 'd'}}),
    ('put', 'a', {'meta': {'a': 'x' * 256}}),
])
def test_metadata_bad_bodies(api, stack, token, method, key, body):
    image_id = _make_image(stack, token)
    resp = getattr(api, method)(_meta(image_id, key), body, token=token)
    fault_message(resp, 400)


def test_metadata_checked_by_the_image_schema(api, stack, token):
    """As with Glance behind Nova: kernel_id must be an image id, and base
    attributes are not metadata."""
    image_id = _make_image(stack, token)
    msg = fault_message(api.post(_meta(image_id), {'metadata': {
        'kernel_id': 'False'}}, token=token), 400)
    assert "does not match schema 'image'" in msg
    fault_message(api.post(_meta(image_id), {'metadata': {'name': 'x'}},
                           token=token), 400)
    fault_message(api.post(_meta(image_id), {'metadata': {'status': 'x'}},
                           token=token), 403)


def test_metadata_uri_mismatch(api, stack, token):
    image_id = _make_image(stack, token)
    msg = fault_message(api.put(_meta(image_id, 'a'), {'meta': {'b': 'c'}},
                                token=token), 400)
    assert msg == 'Request body and URI mismatch'


def test_metadata_quota(api, stack, project, token):
    resp = api.put('/os-quota-sets/' + project,
                   {'quota_set': {'metadata_items': 2}})
    assert resp.status_code == 200, resp.text
    image_id = _make_image(stack, token, a='1')
    assert api.post(_meta(image_id), {'metadata': {'b': '2'}},
                    token=token).status_code == 200
    for resp in (
            api.post(_meta(image_id), {'metadata': {'c': '3'}}, token=token),
            api.put(_meta(image_id, 'c'), {'meta': {'c': '3'}}, token=token),
            api.put(_meta(image_id), {'metadata': {'x': '1', 'y': '2',
                                                   'z': '3'}}, token=token)):
        assert fault_message(resp, 403) == 'Image metadata limit exceeded'
    assert api.get(_meta(image_id), token=token).json() == {
        'metadata': {'a': '1', 'b': '2'}}


def test_metadata_of_images_not_owned(api, stack, project, token):
    public = _make_image(stack, visibility='public')
    assert api.get(_meta(public), token=token).status_code == 200
    fault_message(api.post(_meta(public), {'metadata': {'a': 'b'}},
                           token=token), 403)
    fault_message(api.delete(_meta(public, 'a'), token=token), 404)
    own = _make_image(stack, token, a='b')
    reader = {'X-Roles': 'reader'}
    assert api.get(_meta(own), token=token,
                   headers=reader).status_code == 200
    fault_message(api.put(_meta(own), {'metadata': {}}, token=token,
                          headers=reader), 403)
    other = 'member:%s' % uuid.uuid4().hex
    fault_message(api.get(_meta(own), token=other), 404)
