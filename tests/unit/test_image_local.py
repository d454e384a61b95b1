"""The local image store on every SQL back end (and a data directory):
registration rules, visibility between projects, uploads and their hashes,
updates, deletion, list filters, sorting and keyset paging, and the
default image."""

import hashlib
import io
import os
import struct
import uuid

import pytest

from compute import conf as compute_conf
from compute import context as compute_context
from compute import exception
from compute.image import api
from compute.image import local
from compute.conf import image as image_conf
from tests import db_backends

CONF = compute_conf.CONF


@pytest.fixture(params=db_backends.BACKENDS)
def configure(request, tmp_path):
    """A fresh store (database on each back end, data under ``tmp_path``);
    returns a function setting more [image] options."""
    def _set(**values):
        for name, value in values.items():
            CONF.set_override(name, value, group='image')
    with db_backends.database(request.param) as url:
        _set(connection=url, images_path=str(tmp_path / 'images'))
        yield _set
        local.dispose()
    for opt in image_conf.opts:
        CONF.clear_override(opt.name, group='image')


@pytest.fixture
def store(configure):
    return api.get_image_api()


def _ctx(project='p1', admin=False, roles=None):
    if roles is None:
        roles = ['admin', 'member', 'reader'] if admin \
            else ['member', 'reader']
    return compute_context.RequestContext(user_id='u-' + project,
                                          project_id=project, roles=roles,
                                          overwrite=False)


ADMIN = _ctx('admin', admin=True)


def _create(store, ctx=None, **fields):
    fields.setdefault('disk_format', 'raw')
    fields.setdefault('container_format', 'bare')
    return store.create(ctx or _ctx(), **fields)


def _ids(images):
    return [image['id'] for image in images]


def test_backend_is_local(store):
    assert isinstance(store, local.LocalImageAPI)


def test_create_defaults(store):
    image = _create(store, name='one', tags=['b', 'a', 'b'],
                    properties={'os_distro': 'none'})
    assert uuid.UUID(image['id'])
    assert image['status'] == 'queued'
    assert image['visibility'] == 'shared'
    assert image['owner'] == 'p1'
    assert image['protected'] is False and image['os_hidden'] is False
    assert (image['min_ram'], image['min_disk']) == (0, 0)
    assert image['size'] is None and image['checksum'] is None
    assert image['tags'] == ['a', 'b']
    assert image['properties'] == {'os_distro': 'none'}
    assert image['created_at'] == image['updated_at']
    assert image['created_at'].endswith('Z')
    assert store.get(_ctx(), image['id']) == image


def test_create_with_id_once(store):
    image_id = str(uuid.uuid4())
    _create(store, id=image_id)
    with pytest.raises(exception.Conflict):
        _create(store, id=image_id)


def test_only_admins_publish_or_give_away(store):
    with pytest.raises(api.ImageNotAuthorized):
        _create(store, visibility='public')
    with pytest.raises(api.ImageNotAuthorized):
        _create(store, owner='p2')
    image = _create(store, ADMIN, visibility='public', owner='p2')
    assert (image['visibility'], image['owner']) == ('public', 'p2')
    assert _create(store, visibility='community')['visibility'] == \
        'community'


def test_readers_only_read(store):
    reader = _ctx(roles=['reader'])
    with pytest.raises(api.ImageNotAuthorized) as err:
        _create(store, reader)
    assert 'add_image' in str(err.value)
    image = _create(store)
    assert store.get(reader, image['id'])['id'] == image['id']
    with pytest.raises(api.ImageNotAuthorized):
        store.update(reader, image['id'], name='x')
    with pytest.raises(api.ImageNotAuthorized):
        store.delete(reader, image['id'])


@pytest.mark.parametrize('name', ['status', 'size', 'checksum', 'self',
                                  'deleted', 'locations'])
def test_refused_property_names(store, name):
    with pytest.raises(exception.Forbidden):
        _create(store, properties={name: 'x'})


@pytest.mark.parametrize('fields', [
    {'min_ram': -1}, {'min_disk': 'x'}, {'disk_format': 'floppy'},
    {'visibility': 'everyone'}, {'tags': 'ab'}, {'name': 'x' * 256},
    {'id': 'not-a-uuid'}, {'properties': {'kernel_id': 'nokernel'}},
    {'properties': {'a': 1}},
])
def test_schema_checks_new_and_changed_images(store, fields):
    with pytest.raises(exception.Invalid):
        _create(store, **fields)
    image = _create(store)
    changes = {k: v for k, v in fields.items() if k != 'id'}
    if changes:
        with pytest.raises(exception.Invalid):
            store.update(_ctx(), image['id'], **changes)
    assert store.get(_ctx(), image['id']) == image


def test_base_attribute_is_not_a_property(store):
    image = _create(store)
    with pytest.raises(exception.Invalid):
        store.update_properties(_ctx(), image['id'], {'name': 'x'})


def test_visibility_between_projects(store):
    owner, other = _ctx('p1'), _ctx('p2')
    images = {v: _create(store, ADMIN, owner='p1', visibility=v)['id']
              for v in ('public', 'private', 'shared', 'community')}
    for visibility in ('public', 'community'):
        assert store.get(other, images[visibility])['id']
    for visibility in ('private', 'shared'):
        with pytest.raises(api.ImageNotFound):
            store.get(other, images[visibility])
        assert store.get(owner, images[visibility])['id']
    # Others see public images by default, community ones when asked.
    listed = set(_ids(store.list(other)))
    assert images['public'] in listed
    assert not listed & {images['private'], images['shared'],
                         images['community']}
    assert images['community'] in _ids(store.list(
        other, {'visibility': 'all'}))
    assert _ids(store.list(other, {'visibility': 'private'})) == []
    # The owner lists all its images, community ones included.
    assert set(images.values()) <= set(_ids(store.list(owner)))
    assert set(images.values()) <= set(_ids(store.list(ADMIN)))
    with pytest.raises(exception.Invalid):
        store.list(owner, {'visibility': 'everyone'})


def test_only_the_owner_changes_an_image(store):
    image = _create(store, ADMIN, owner='p1', visibility='public')
    with pytest.raises(api.ImageNotAuthorized):
        store.update(_ctx('p2'), image['id'], name='mine')
    with pytest.raises(api.ImageNotAuthorized):
        store.delete(_ctx('p2'), image['id'])
    updated = store.update(_ctx('p1'), image['id'], name='renamed')
    assert updated['name'] == 'renamed'


def test_update_rules(store):
    ctx = _ctx()
    image = _create(store, ctx, properties={'a': '1', 'b': '2'},
                    tags=['t1'])
    with pytest.raises(api.ImageNotAuthorized):
        store.update(ctx, image['id'], visibility='public')
    with pytest.raises(api.ImageNotAuthorized):
        store.update(ctx, image['id'], owner='p2')
    updated = store.update(ctx, image['id'], properties={'b': '3', 'c': '4'},
                           tags=['t2', 't1'], min_ram=512,
                           visibility='private')
    assert updated['properties'] == {'b': '3', 'c': '4'}
    assert updated['tags'] == ['t1', 't2']
    assert (updated['min_ram'], updated['visibility']) == (512, 'private')
    assert updated['updated_at'] >= image['updated_at']
    store.upload(ctx, image['id'], io.BytesIO(b'data'))
    with pytest.raises(exception.Forbidden):
        store.update(ctx, image['id'], disk_format='qcow2')
    assert store.update_properties(ctx, image['id'], {})['properties'] == {}


def test_upload_and_download(store):
    ctx = _ctx()
    image = _create(store, ctx)
    assert store.download(ctx, image['id']) is None
    data = os.urandom(200 * 1024 + 3)
    active = store.upload(ctx, image['id'], io.BytesIO(data))
    assert active['status'] == 'active'
    assert active['size'] == active['virtual_size'] == len(data)
    assert active['checksum'] == hashlib.md5(data).hexdigest()
    assert active['os_hash_algo'] == 'sha512'
    assert active['os_hash_value'] == hashlib.sha512(data).hexdigest()
    with open(store.download(ctx, image['id']), 'rb') as f:
        assert f.read() == data
    with pytest.raises(exception.Conflict):
        store.upload(ctx, image['id'], io.BytesIO(b'again'))


def test_qcow2_virtual_size(store):
    ctx = _ctx()
    image = _create(store, ctx, disk_format='qcow2')
    header = b'QFI\xfb' + struct.pack('>I', 3) + bytes(16) + \
        struct.pack('>Q', 10 * 1024 ** 3) + bytes(100)
    assert store.upload(ctx, image['id'], io.BytesIO(header))[
        'virtual_size'] == 10 * 1024 ** 3


def test_upload_needs_formats(store):
    ctx = _ctx()
    image = store.create(ctx, name='bare')
    with pytest.raises(exception.Invalid):
        store.upload(ctx, image['id'], io.BytesIO(b'x'))


def test_failed_upload_goes_back_to_queued(store, configure, tmp_path):
    configure(image_size_cap=10)
    ctx = _ctx()
    image = _create(store, ctx)
    with pytest.raises(api.ImageTooLarge):
        store.upload(ctx, image['id'], io.BytesIO(b'x' * 11))
    assert store.get(ctx, image['id'])['status'] == 'queued'
    assert os.listdir(tmp_path / 'images') == []
    assert store.upload(ctx, image['id'], io.BytesIO(b'x' * 10))['size'] == 10


def test_delete(store, tmp_path):
    ctx = _ctx()
    image = _create(store, ctx, protected=True)
    store.upload(ctx, image['id'], io.BytesIO(b'data'))
    with pytest.raises(api.ImageProtected):
        store.delete(ctx, image['id'])
    store.update(ctx, image['id'], protected=False)
    store.delete(ctx, image['id'])
    with pytest.raises(api.ImageNotFound):
        store.get(ctx, image['id'])
    with pytest.raises(api.ImageNotFound):
        store.delete(ctx, image['id'])
    assert os.listdir(tmp_path / 'images') == []
    assert image['id'] not in _ids(store.list(ADMIN))
    # A deleted image's id is never given again.
    with pytest.raises(exception.Conflict):
        _create(store, id=image['id'])


def test_list_filters(store):
    ctx = _ctx('p-filters')
    small = _create(store, ctx, name='small', tags=['x', 'y'],
                    properties={'os_distro': 'alpine'}, min_ram=64)
    big = _create(store, ctx, name='big', disk_format='qcow2',
                  protected=True)
    hidden = _create(store, ctx, name='hidden', os_hidden=True)
    store.upload(ctx, small['id'], io.BytesIO(b'1'))
    store.upload(ctx, big['id'], io.BytesIO(b'1' * 100))

    def ids(**filters):
        return set(_ids(store.list(ctx, dict(filters, owner='p-filters'))))

    assert ids() == {small['id'], big['id']}
    assert ids(os_hidden='true') == {hidden['id']}
    assert ids(name='small') == {small['id']}
    assert ids(name='in:small,"big"') == {small['id'], big['id']}
    assert ids(status='queued') == set()
    assert ids(disk_format='qcow2') == {big['id']}
    assert ids(size_min='2') == {big['id']}
    assert ids(size_max='2') == {small['id']}
    assert ids(min_ram='64') == {small['id']}
    assert ids(protected='true') == {big['id']}
    assert ids(tag=['x', 'y']) == {small['id']}
    assert ids(tag=['x', 'z']) == set()
    assert ids(os_distro='alpine') == {small['id']}
    assert ids(updated_at='gte:' + small['created_at']) == \
        {small['id'], big['id']}
    assert ids(created_at='lt:2000-01-01T00:00:00Z') == set()
    assert ids(member_status='all') == {small['id'], big['id']}
    for bad in ({'size_min': 'x'}, {'protected': 'maybe'},
                {'created_at': 'gte:yesterday'}, {'member_status': 'x'}):
        with pytest.raises(exception.Invalid):
            store.list(ctx, bad)


def test_sort_and_keyset_paging(store):
    ctx = _ctx('p-paging')
    names = ['b', None, 'a', 'c', 'a', None, 'b']
    created = [_create(store, ctx, name=name) for name in names]
    for sort in ([('name', 'asc')], [('name', 'desc')],
                 [('name', 'asc'), ('created_at', 'asc')], None,
                 [('size', 'asc'), ('id', 'desc')]):
        whole = store.list(ctx, {'owner': 'p-paging'}, sort=sort)
        assert len(whole) == len(names)
        pages, marker = [], None
        while True:
            page = store.list(ctx, {'owner': 'p-paging'}, limit=3,
                              marker=marker, sort=sort)
            pages.extend(page)
            if len(page) < 3:
                break
            marker = page[-1]['id']
        assert _ids(pages) == _ids(whole), sort
    ascending = [i['name'] for i in store.list(
        ctx, {'owner': 'p-paging'}, sort=[('name', 'asc')])]
    assert ascending == [None, None, 'a', 'a', 'b', 'b', 'c']
    # The default order is the newest first.
    assert _ids(store.list(ctx, {'owner': 'p-paging'})) == \
        _ids(reversed(created))
    with pytest.raises(exception.Invalid):
        store.list(ctx, sort=[('owner', 'asc')])
    with pytest.raises(exception.Invalid):
        store.list(ctx, sort=[('name', 'up')])
    with pytest.raises(exception.MarkerNotFound):
        store.list(ctx, marker=str(uuid.uuid4()))
    assert store.list(ctx, limit=0) == []


def test_default_image_registered_once(configure, tmp_path):
    store = api.get_image_api()
    local.ensure_default_image()
    local.ensure_default_image()
    image = store.get(_ctx('anyone'), local.DEFAULT_IMAGE_ID)
    assert image['name'] == local.DEFAULT_IMAGE_NAME
    assert (image['status'], image['visibility']) == ('active', 'public')
    assert (image['disk_format'], image['container_format']) == \
        ('raw', 'bare')
    assert (image['min_disk'], image['min_ram']) == (0, 0)
    assert image['size'] == local.DEFAULT_IMAGE_SIZE
    assert image['checksum'] == hashlib.md5(
        bytes(local.DEFAULT_IMAGE_SIZE)).hexdigest()
    assert [i['name'] for i in store.list(ADMIN)] == [
        local.DEFAULT_IMAGE_NAME]
    store.delete(ADMIN, local.DEFAULT_IMAGE_ID)
    local.ensure_default_image()
    assert store.list(ADMIN) == []
