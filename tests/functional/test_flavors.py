"""Flavors through the API: list, detail, show, create, update, delete, at
the microversions where they change (2.55, 2.61, 2.75, 2.102)."""

import uuid

import pytest
from tests.functional.client import fault_message as _fault

DEFAULTS = {
    '1': ('m1.tiny', 512, 1, 1),
    '2': ('m1.small', 2048, 1, 20),
    '3': ('m1.medium', 4096, 2, 40),
    '4': ('m1.large', 8192, 4, 80),
    '5': ('m1.xlarge', 16384, 8, 160),
    '42': ('m1.nano', 128, 1, 1),
    '84': ('m1.micro', 192, 1, 1),
}

BASIC_KEYS = {'id', 'name', 'links'}
FULL_KEYS_21 = BASIC_KEYS | {
    'ram', 'disk', 'swap', 'vcpus', 'OS-FLV-EXT-DATA:ephemeral',
    'os-flavor-access:is_public', 'OS-FLV-DISABLED:disabled', 'rxtx_factor'}
FULL_KEYS_255 = FULL_KEYS_21 | {'description'}
FULL_KEYS_261 = FULL_KEYS_255 | {'extra_specs'}
FULL_KEYS_2102 = FULL_KEYS_261 - {'OS-FLV-DISABLED:disabled', 'rxtx_factor'}


def _user():
    """A token of a member of a new project."""
    return 'user-%s:%s' % (uuid.uuid4().hex[:8], uuid.uuid4().hex)


@pytest.fixture
def make_flavor(api):
    """Create flavors with unique names; deletes them afterwards."""
    created = []

    def make(version=None, **fields):
        body = {'name': 'flv-' + uuid.uuid4().hex, 'ram': 256, 'vcpus': 1,
                'disk': 1}
        body.update(fields)
        resp = api.post('/flavors', {'flavor': body}, version=version)
        assert resp.status_code == 200, resp.text
        flavor = resp.json()['flavor']
        created.append(flavor['id'])
        return flavor

    yield make
    for flavor_id in created:
        api.delete('/flavors/%s' % flavor_id)


def _ids(resp):
    assert resp.status_code == 200, resp.text
    return [f['id'] for f in resp.json()['flavors']]


class TestDefaults:
    def test_classic_flavors_exist(self, api):
        flavors = {f['id']: f for f in
                   api.get('/flavors/detail',
                           params={'limit': 1000}).json()['flavors']}
        for flavor_id, (name, ram, vcpus, disk) in DEFAULTS.items():
            flavor = flavors[flavor_id]
            assert (flavor['name'], flavor['ram'], flavor['vcpus'],
                    flavor['disk']) == (name, ram, vcpus, disk)
            assert flavor['os-flavor-access:is_public'] is True


class TestShapes:
    def test_list_keys(self, api):
        for version, keys in (('2.1', BASIC_KEYS), ('2.54', BASIC_KEYS),
                              ('2.55', BASIC_KEYS | {'description'}),
                              ('2.102', BASIC_KEYS | {'description'})):
            flavors = api.get('/flavors', version=version).json()['flavors']
            assert {tuple(sorted(f)) for f in flavors} == {
                tuple(sorted(keys))}, version

    @pytest.mark.parametrize('version,keys,swap', [
        ('2.1', FULL_KEYS_21, ''),
        ('2.54', FULL_KEYS_21, ''),
        ('2.55', FULL_KEYS_255, ''),
        ('2.60', FULL_KEYS_255, ''),
        ('2.61', FULL_KEYS_261, ''),
        ('2.74', FULL_KEYS_261, ''),
        ('2.75', FULL_KEYS_261, 0),
        ('2.101', FULL_KEYS_261, 0),
        ('2.102', FULL_KEYS_2102, 0),
        ('latest', FULL_KEYS_2102, 0),
    ])
    def test_show_and_detail_keys(self, api, version, keys, swap):
        flavor = api.get('/flavors/1', version=version).json()['flavor']
        assert set(flavor) == keys
        assert flavor['swap'] == swap
        detail = api.get('/flavors/detail', version=version).json()
        tiny = [f for f in detail['flavors'] if f['id'] == '1'][0]
        assert tiny == flavor

    def test_sample_values(self, api):
        flavor = api.get('/flavors/1', version='2.61').json()['flavor']
        assert flavor['OS-FLV-DISABLED:disabled'] is False
        assert flavor['rxtx_factor'] == 1.0
        assert flavor['OS-FLV-EXT-DATA:ephemeral'] == 0
        assert flavor['description'] is None
        assert flavor['extra_specs'] == {}

    def test_links(self, api):
        flavor = api.get('/flavors/1').json()['flavor']
        rels = {link['rel']: link['href'] for link in flavor['links']}
        assert rels['self'].endswith('/v2.1/flavors/1')
        assert rels['bookmark'].endswith('/flavors/1')
        assert '/v2.1/' not in rels['bookmark']

    def test_links_keep_project_prefix(self, api):
        resp = api.get('/abc123/flavors/1', token='admin:abc123')
        rels = {link['rel']: link['href']
                for link in resp.json()['flavor']['links']}
        assert rels['self'].endswith('/v2.1/abc123/flavors/1')
        assert rels['bookmark'].endswith('/abc123/flavors/1')

    def test_swap_shown_as_number_when_set(self, api, make_flavor):
        flavor = make_flavor(swap=512)
        assert flavor['swap'] == 512
        old = api.get('/flavors/%s' % flavor['id']).json()['flavor']
        assert old['swap'] == 512


class TestExtraSpecsEmbedding:
    def test_detail_and_show_embed_from_261(self, api, make_flavor):
        flavor = make_flavor()
        path = '/flavors/%s' % flavor['id']
        resp = api.post(path + '/os-extra_specs',
                        {'extra_specs': {'hw:cpu_policy': 'shared'}})
        assert resp.status_code == 200
        assert 'extra_specs' not in api.get(path, version='2.60').json()[
            'flavor']
        shown = api.get(path, version='2.61').json()['flavor']
        assert shown['extra_specs'] == {'hw:cpu_policy': 'shared'}
        listed = api.get('/flavors', version='2.61').json()['flavors']
        assert all('extra_specs' not in f for f in listed)

    def test_reader_sees_extra_specs(self, api):
        resp = api.get('/flavors/1', version='2.61', token=_user(),
                       headers={'X-Roles': 'reader'})
        assert resp.json()['flavor']['extra_specs'] == {}

    def test_without_index_policy_no_extra_specs(self, api):
        token = _user()
        for path in ('/flavors/1', '/flavors/detail'):
            resp = api.get(path, version='2.61', token=token,
                           headers={'X-Roles': 'observer'})
            assert resp.status_code == 200
            body = resp.json()
            items = [body['flavor']] if 'flavor' in body else body['flavors']
            assert all('extra_specs' not in f for f in items)
            assert all('description' in f for f in items)


class TestShow:
    def test_unknown(self, api):
        message = _fault(api.get('/flavors/nope'), 404, 'itemNotFound')
        assert message == 'Flavor nope could not be found.'

    def test_unknown_query_params(self, api):
        assert api.get('/flavors/1', version='2.101',
                       params={'foo': 'bar'}).status_code == 200
        _fault(api.get('/flavors/1', version='2.102', params={'foo': 'bar'}),
               400, 'badRequest')

    def test_private_flavor_hidden_from_other_projects(self, api,
                                                       make_flavor):
        flavor = make_flavor(**{'os-flavor-access:is_public': False})
        _fault(api.get('/flavors/%s' % flavor['id'], token=_user()), 404,
               'itemNotFound')
        assert api.get('/flavors/%s' % flavor['id']).status_code == 200


class TestCreate:
    def test_sample_request(self, api, make_flavor):
        name = 'flv-' + uuid.uuid4().hex
        flavor_id = uuid.uuid4().hex[:12]
        flavor = make_flavor(name=name, ram=1024, vcpus=2, disk=10,
                             id=flavor_id, rxtx_factor=2.0)
        assert set(flavor) == FULL_KEYS_21
        assert flavor['id'] == flavor_id
        assert (flavor['ram'], flavor['vcpus'], flavor['disk']) == (1024, 2,
                                                                    10)
        assert flavor['rxtx_factor'] == 2.0
        assert flavor['swap'] == ''
        assert flavor['os-flavor-access:is_public'] is True

    def test_generated_ids(self, api, make_flavor):
        for flavor in (make_flavor(), make_flavor(id=None),
                       make_flavor(id='auto')):
            assert str(uuid.UUID(flavor['id'])) == flavor['id']

    def test_numeric_id_becomes_string(self, api, make_flavor):
        number = int(uuid.uuid4().int % 10 ** 9) + 10 ** 9
        flavor = make_flavor(id=number)
        assert flavor['id'] == str(number)
        assert api.get('/flavors/%d' % number).status_code == 200

    def test_string_sizes(self, api, make_flavor):
        flavor = make_flavor(ram='64', vcpus='2', disk='0', swap='0',
                             **{'OS-FLV-EXT-DATA:ephemeral': '3',
                                'os-flavor-access:is_public': 'false'})
        assert (flavor['ram'], flavor['vcpus'], flavor['disk']) == (64, 2, 0)
        assert flavor['OS-FLV-EXT-DATA:ephemeral'] == 3
        assert flavor['os-flavor-access:is_public'] is False

    @pytest.mark.parametrize('version,keys', [
        ('2.55', FULL_KEYS_255), ('2.61', FULL_KEYS_261),
        ('2.75', FULL_KEYS_261), ('2.102', FULL_KEYS_2102)])
    def test_response_per_version(self, api, make_flavor, version, keys):
        flavor = make_flavor(version=version, description='test description')
        assert set(flavor) == keys
        assert flavor['description'] == 'test description'
        if 'extra_specs' in keys:
            assert flavor['extra_specs'] == {}

    def test_conflicts(self, api, make_flavor):
        flavor = make_flavor()
        same_name = {'flavor': {'name': flavor['name'], 'ram': 1, 'vcpus': 1,
                                'disk': 0}}
        message = _fault(api.post('/flavors', same_name), 409,
                         'conflictingRequest')
        assert message == ('Flavor with name %s already exists.'
                           % flavor['name'])
        same_id = {'flavor': {'name': 'flv-' + uuid.uuid4().hex, 'ram': 1,
                              'vcpus': 1, 'disk': 0, 'id': flavor['id']}}
        message = _fault(api.post('/flavors', same_id), 409,
                         'conflictingRequest')
        assert message == 'Flavor with ID %s already exists.' % flavor['id']

    @pytest.mark.parametrize('fields,version', [
        ({'ram': 0}, None),
        ({'vcpus': -1}, None),
        ({'disk': -1}, None),
        ({'swap': 'lots'}, None),
        ({'ram': 2 ** 31}, None),
        ({'OS-FLV-EXT-DATA:ephemeral': -1}, None),
        ({'id': ' lead'}, None),
        ({'id': 'a/b'}, None),
        ({'id': ''}, None),
        ({'name': ''}, None),
        ({'name': ' padded '}, None),
        ({'rxtx_factor': 0}, None),
        ({'rxtx_factor': -1.5}, None),
        ({'rxtx_factor': 1.0}, '2.102'),
        ({'os-flavor-access:is_public': 'maybe'}, None),
        ({'description': 'too early'}, '2.54'),
        ({'unknown': 1}, None),
    ])
    def test_bad_bodies(self, api, fields, version):
        body = {'name': 'flv-' + uuid.uuid4().hex, 'ram': 1, 'vcpus': 1,
                'disk': 0}
        body.update(fields)
        _fault(api.post('/flavors', {'flavor': body}, version=version), 400,
               'badRequest')

    @pytest.mark.parametrize('fields,message', [
        ({'ram': '0'}, 'Invalid input received: ram must be >= 1'),
        ({'vcpus': '0'}, 'Invalid input received: vcpus must be >= 1'),
        ({'rxtx_factor': '0'},
         "Invalid input received: 'rxtx_factor' argument must be a float "
         "between 0 and 3.40282e+38"),
    ])
    def test_bad_string_values(self, api, fields, message):
        body = {'name': 'flv-' + uuid.uuid4().hex, 'ram': 1, 'vcpus': 1,
                'disk': 0}
        body.update(fields)
        assert _fault(api.post('/flavors', {'flavor': body}), 400,
                      'badRequest') == message

    def test_missing_required(self, api):
        _fault(api.post('/flavors', {'flavor': {'name': 'x', 'ram': 1}}),
               400, 'badRequest')
        _fault(api.post('/flavors', {'name': 'x'}), 400, 'badRequest')

    def test_non_admin_forbidden(self, api):
        body = {'flavor': {'name': 'flv-' + uuid.uuid4().hex, 'ram': 1,
                           'vcpus': 1, 'disk': 0}}
        message = _fault(api.post('/flavors', body, token=_user()), 403,
                         'forbidden')
        assert message == ("Policy doesn't allow "
                           "os_compute_api:os-flavor-manage:create to be "
                           "performed.")


class TestUpdate:
    def test_description(self, api, make_flavor):
        flavor = make_flavor()
        path = '/flavors/%s' % flavor['id']
        body = {'flavor': {'description': 'updated description'}}
        resp = api.put(path, body, version='2.55')
        assert resp.status_code == 200
        assert set(resp.json()['flavor']) == FULL_KEYS_255
        assert resp.json()['flavor']['description'] == 'updated description'
        assert api.get(path, version='2.55').json()['flavor'][
            'description'] == 'updated description'
        resp = api.put(path, {'flavor': {'description': None}},
                       version='2.102')
        assert set(resp.json()['flavor']) == FULL_KEYS_2102
        assert resp.json()['flavor']['description'] is None

    def test_embeds_extra_specs(self, api, make_flavor):
        flavor = make_flavor()
        path = '/flavors/%s' % flavor['id']
        api.post(path + '/os-extra_specs', {'extra_specs': {'a': 'b'}})
        resp = api.put(path, {'flavor': {'description': 'x'}},
                       version='2.61')
        assert resp.json()['flavor']['extra_specs'] == {'a': 'b'}

    def test_not_before_255(self, api):
        _fault(api.put('/flavors/1', {'flavor': {'description': 'x'}},
                       version='2.54'), 404, 'itemNotFound')

    def test_errors(self, api):
        body = {'flavor': {'description': 'x'}}
        _fault(api.put('/flavors/nope', body, version='2.55'), 404,
               'itemNotFound')
        for bad in ({'flavor': {}}, {'flavor': {'name': 'x'}},
                    {'flavor': {'description': 'x', 'ram': 1}}, {}):
            _fault(api.put('/flavors/1', bad, version='2.55'), 400,
                   'badRequest')
        _fault(api.put('/flavors/1', body, version='2.55', token=_user()),
               403, 'forbidden')


class TestDelete:
    def test_delete(self, api, make_flavor):
        flavor = make_flavor()
        path = '/flavors/%s' % flavor['id']
        resp = api.delete(path)
        assert resp.status_code == 202
        assert resp.content == b''
        _fault(api.get(path), 404, 'itemNotFound')
        message = _fault(api.delete(path), 404, 'itemNotFound')
        assert message == 'Flavor %s could not be found.' % flavor['id']

    def test_non_admin_forbidden(self, api):
        _fault(api.delete('/flavors/1', token=_user()), 403, 'forbidden')


class TestListFilters:
    def test_min_ram_and_disk(self, api, make_flavor):
        big = make_flavor(ram=2 ** 30, disk=2 ** 30)
        assert _ids(api.get('/flavors',
                            params={'minRam': 2 ** 30})) == [big['id']]
        assert _ids(api.get('/flavors/detail',
                            params={'minDisk': 2 ** 30})) == [big['id']]
        assert big['id'] not in _ids(api.get(
            '/flavors', params={'minRam': 2 ** 30, 'minDisk': 2 ** 30 + 1}))

    @pytest.mark.parametrize('param', ['minRam', 'minDisk'])
    def test_bad_min_filters(self, api, param):
        message = _fault(api.get('/flavors', params={param: 'abc'}), 400,
                         'badRequest')
        assert message == 'Invalid %s filter [abc]' % param

    def test_admin_is_public(self, api, make_flavor):
        private = make_flavor(**{'os-flavor-access:is_public': False})
        default = _ids(api.get('/flavors', params={'limit': 1000}))
        assert private['id'] not in default and '1' in default
        only_private = _ids(api.get('/flavors',
                                    params={'is_public': 'false'}))
        assert private['id'] in only_private and '1' not in only_private
        every = _ids(api.get('/flavors', params={'is_public': 'None'}))
        assert private['id'] in every and '1' in every
        message = _fault(api.get('/flavors', params={'is_public': 'maybe'}),
                         400, 'badRequest')
        assert message == 'Invalid is_public filter [maybe]'

    def test_non_admin_sees_public_and_shared(self, api, make_flavor):
        private = make_flavor(**{'os-flavor-access:is_public': False})
        token = _user()
        project = token.split(':')[1]
        for params in ({}, {'is_public': 'false'}, {'is_public': 'none'}):
            ids = _ids(api.get('/flavors', token=token, params=params))
            assert private['id'] not in ids and '1' in ids
        api.post('/flavors/%s/action' % private['id'],
                 {'addTenantAccess': {'tenant': project}})
        assert private['id'] in _ids(api.get('/flavors/detail', token=token))
        assert api.get('/flavors/%s' % private['id'],
                       token=token).status_code == 200
        # An administrator's default listing includes flavors shared with
        # its own project too.
        api.post('/flavors/%s/action' % private['id'],
                 {'addTenantAccess': {'tenant': 'admin'}})
        assert private['id'] in _ids(api.get('/flavors',
                                             params={'limit': 1000}))

    def test_name_filter_from_2102(self, api, make_flavor):
        flavor = make_flavor()
        params = {'name': flavor['name']}
        assert _ids(api.get('/flavors', params=params,
                            version='2.102')) == [flavor['id']]
        assert _ids(api.get('/flavors/detail', params=params,
                            version='2.102')) == [flavor['id']]
        assert _ids(api.get('/flavors', params={'name': 'm1'},
                            version='2.102')) == []
        assert len(_ids(api.get('/flavors', params=params,
                                version='2.74'))) > 1
        _fault(api.get('/flavors', params=params, version='2.101'), 400,
               'badRequest')

    def test_unknown_params(self, api):
        for path in ('/flavors', '/flavors/detail'):
            assert api.get(path, params={'foo': 1},
                           version='2.74').status_code == 200
            message = _fault(api.get(path, params={'foo': 1},
                                     version='2.75'), 400, 'badRequest')
            assert 'foo' in message


class TestSortAndPaging:
    def test_sort(self, api):
        flavors = api.get('/flavors/detail', params={
            'sort_key': 'memory_mb', 'sort_dir': 'desc'}).json()['flavors']
        rams = [f['ram'] for f in flavors]
        assert rams == sorted(rams, reverse=True)
        names = [f['name'] for f in api.get('/flavors', params={
            'sort_key': 'name'}).json()['flavors']]
        assert names == sorted(names)

    def test_default_order_is_flavorid(self, api):
        ids = _ids(api.get('/flavors'))
        assert ids == sorted(ids)

    @pytest.mark.parametrize('params', [{'sort_key': 'bogus'},
                                        {'sort_dir': 'up'},
                                        {'limit': -1}, {'limit': 'x'}])
    def test_bad_sort_and_limit(self, api, params):
        _fault(api.get('/flavors', params=params), 400, 'badRequest')

    def test_pages(self, api):
        everything = _ids(api.get('/flavors'))
        first = api.get('/flavors', params={'limit': 2}).json()
        assert [f['id'] for f in first['flavors']] == everything[:2]
        link = first['flavors_links'][0]
        assert link['rel'] == 'next'
        assert 'marker=%s' % everything[1] in link['href']
        assert '/v2.1/flavors?' in link['href']
        second = api.get('/flavors', params={'limit': 2,
                                             'marker': everything[1]}).json()
        assert [f['id'] for f in second['flavors']] == everything[2:4]
        rest = api.get('/flavors', params={'marker': everything[1]}).json()
        assert [f['id'] for f in rest['flavors']] == everything[2:]
        assert 'flavors_links' not in rest

    def test_detail_next_link(self, api):
        body = api.get('/flavors/detail', params={'limit': 1}).json()
        assert '/v2.1/flavors/detail?' in body['flavors_links'][0]['href']

    def test_limit_zero_and_unknown_marker(self, api):
        body = api.get('/flavors', params={'limit': 0}).json()
        assert body == {'flavors': []}
        message = _fault(api.get('/flavors', params={'marker': 'nope'}),
                         400, 'badRequest')
        assert message == 'marker [nope] not found'
