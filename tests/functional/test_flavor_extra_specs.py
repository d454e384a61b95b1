"""Flavor extra specs: list, create, show, update, delete, and the
validation of known namespaces from 2.86."""

import uuid

import pytest
from tests.functional.client import fault_message as _fault


def _user(roles=None):
    """(token, headers) of a user of a new project."""
    token = 'user-%s:%s' % (uuid.uuid4().hex[:8], uuid.uuid4().hex)
    return token, ({'X-Roles': roles} if roles else None)


@pytest.fixture
def flavor(api):
    """The extra specs path of a new public flavor."""
    body = {'name': 'flv-' + uuid.uuid4().hex, 'ram': 256, 'vcpus': 1,
            'disk': 1}
    flavor_id = api.post('/flavors', {'flavor': body}).json()['flavor']['id']
    yield '/flavors/%s/os-extra_specs' % flavor_id
    api.delete('/flavors/%s' % flavor_id)


def test_sample_flow(api, flavor):
    assert api.get(flavor).json() == {'extra_specs': {}}
    specs = {'hw:cpu_policy': 'shared', 'hw:numa_nodes': '1'}
    resp = api.post(flavor, {'extra_specs': specs})
    assert resp.status_code == 200
    assert resp.json() == {'extra_specs': specs}
    assert api.get(flavor).json() == {'extra_specs': specs}
    resp = api.get(flavor + '/hw:numa_nodes')
    assert resp.status_code == 200
    assert resp.json() == {'hw:numa_nodes': '1'}
    resp = api.put(flavor + '/hw:numa_nodes', {'hw:numa_nodes': '2'})
    assert resp.status_code == 200
    assert resp.json() == {'hw:numa_nodes': '2'}
    resp = api.delete(flavor + '/hw:cpu_policy')
    assert resp.status_code == 200
    assert resp.content == b''
    assert api.get(flavor).json() == {'extra_specs': {'hw:numa_nodes': '2'}}


def test_create_merges(api, flavor):
    api.post(flavor, {'extra_specs': {'a': '1', 'b': '2'}})
    api.post(flavor, {'extra_specs': {'b': '3', 'c': '4'}})
    assert api.get(flavor).json() == {
        'extra_specs': {'a': '1', 'b': '3', 'c': '4'}}


def test_numbers_echoed_then_stored_as_strings(api, flavor):
    resp = api.post(flavor, {'extra_specs': {'n': 1, 'f': 1.5}})
    assert resp.json() == {'extra_specs': {'n': 1, 'f': 1.5}}
    resp = api.put(flavor + '/n', {'n': 7})
    assert resp.json() == {'n': 7}
    assert api.get(flavor).json() == {'extra_specs': {'n': '7', 'f': '1.5'}}


@pytest.mark.parametrize('body', [
    {'extra_specs': {'a': True}},
    {'extra_specs': {'a': None}},
    {'extra_specs': {'a': {'b': 'c'}}},
    {'extra_specs': {'bad/key': 'x'}},
    {'extra_specs': {'': 'x'}},
    {'extra_specs': {'a': 'x' * 256}},
    {'extra_specs': {'a': int('9' * 300)}},
    {'extra_specs': 'a=b'},
    {'a': 'b'},
])
def test_create_bad_bodies(api, flavor, body):
    _fault(api.post(flavor, body), 400, 'badRequest')


def test_long_number_message(api, flavor):
    message = _fault(api.post(flavor, {'extra_specs': {'a': int('9' * 300)}}),
                     400, 'badRequest')
    assert message == 'extra_specs value has 300 characters, more than 255.'


def test_update_errors(api, flavor):
    message = _fault(api.put(flavor + '/a', {'b': 'x'}), 400, 'badRequest')
    assert message == 'Request body and URI mismatch'
    for body in ({}, {'a': 'x', 'b': 'y'}, {'a': False}):
        _fault(api.put(flavor + '/a', body), 400, 'badRequest')


def test_missing_keys_and_flavors(api, flavor):
    flavor_id = flavor.split('/')[2]
    expected = 'Flavor %s has no extra specs with key nope.' % flavor_id
    assert _fault(api.get(flavor + '/nope'), 404, 'itemNotFound') == expected
    assert _fault(api.delete(flavor + '/nope'), 404,
                  'itemNotFound') == expected
    gone = '/flavors/nope/os-extra_specs'
    for resp in (api.get(gone), api.get(gone + '/a'),
                 api.post(gone, {'extra_specs': {'a': 'b'}}),
                 api.put(gone + '/a', {'a': 'b'}), api.delete(gone + '/a')):
        assert _fault(resp, 404, 'itemNotFound') == \
            'Flavor nope could not be found.'


def test_readers_read_admins_write(api, flavor):
    api.post(flavor, {'extra_specs': {'a': 'b'}})
    for token, headers in (_user(), _user('reader')):
        assert api.get(flavor, token=token,
                       headers=headers).json() == {'extra_specs': {'a': 'b'}}
        assert api.get(flavor + '/a', token=token,
                       headers=headers).json() == {'a': 'b'}
    token, _ = _user()
    root = 'os_compute_api:os-flavor-extra-specs:'
    for resp, rule in (
            (api.post(flavor, {'extra_specs': {'a': 'c'}}, token=token),
             'create'),
            (api.put(flavor + '/a', {'a': 'c'}, token=token), 'update'),
            (api.delete(flavor + '/a', token=token), 'delete')):
        assert _fault(resp, 403, 'forbidden') == (
            "Policy doesn't allow %s%s to be performed." % (root, rule))
    token, headers = _user('observer')
    _fault(api.get(flavor, token=token, headers=headers), 403, 'forbidden')
    _fault(api.get(flavor + '/a', token=token, headers=headers), 403,
           'forbidden')


def test_private_flavor_hidden(api):
    body = {'name': 'flv-' + uuid.uuid4().hex, 'ram': 256, 'vcpus': 1,
            'disk': 1, 'os-flavor-access:is_public': False}
    flavor_id = api.post('/flavors', {'flavor': body}).json()['flavor']['id']
    try:
        token, _ = _user()
        _fault(api.get('/flavors/%s/os-extra_specs' % flavor_id,
                       token=token), 404, 'itemNotFound')
        assert api.get('/flavors/%s/os-extra_specs' % flavor_id
                       ).status_code == 200
    finally:
        api.delete('/flavors/%s' % flavor_id)


def test_unknown_query_params(api, flavor):
    api.post(flavor, {'extra_specs': {'a': 'b'}})
    for path in (flavor, flavor + '/a'):
        assert api.get(path, params={'foo': 1},
                       version='2.101').status_code == 200
        _fault(api.get(path, params={'foo': 1}, version='2.102'), 400,
               'badRequest')


class TestValidationFrom286:
    @pytest.mark.parametrize('specs,message', [
        ({'hw:cpu_policy': 'bogus'},
         "Validation failed; 'bogus' is not one of: dedicated, shared, "
         "mixed."),
        ({'hw:bogus': 'x'},
         "Validation failed; extra spec 'hw:bogus' does not appear to be a "
         "valid extra spec."),
        ({'hw:numa_nodes': 0},
         "Validation failed; '0' is less than the min value of '1'."),
        ({'hw:numa_nodes': 'two'},
         "Validation failed; 'two' is not a valid integer value."),
        ({'hw_rng:allowed': 'maybe'},
         "Validation failed; 'maybe' is not a valid boolean-like value."),
        ({'trait:NOT_A_TRAIT': 'required'},
         "Validation failed; extra spec 'trait:NOT_A_TRAIT' does not appear "
         "to be a valid extra spec."),
        ({'resources1:VCPU': 'x'},
         "Validation failed; 'x' is not a valid integer value."),
    ])
    def test_refused(self, api, flavor, specs, message):
        assert api.post(flavor, {'extra_specs': specs},
                        version='2.85').status_code == 200
        assert _fault(api.post(flavor, {'extra_specs': specs},
                               version='2.86'), 400, 'badRequest') == message

    def test_update_validated(self, api, flavor):
        _fault(api.put(flavor + '/hw:cpu_policy', {'hw:cpu_policy': 'x'},
                       version='2.86'), 400, 'badRequest')
        resp = api.put(flavor + '/hw:cpu_policy',
                       {'hw:cpu_policy': 'dedicated'}, version='2.86')
        assert resp.status_code == 200

    def test_accepted(self, api, flavor):
        specs = {
            'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': '2MB',
            'hw:numa_nodes': 2, 'hw:numa_cpus.0': '0-1',
            'hw:numa_mem.0': '512', 'hw:watchdog_action': 'reset',
            'hw:boot_menu': 'true', 'os:secure_boot': 'required',
            'quota:disk_read_bytes_sec': '1024',
            'resources:CUSTOM_GOLD': '1', 'resources_g1:VCPU': '2',
            'trait:HW_CPU_X86_AVX2': 'required',
            'trait1:CUSTOM_FOO': 'forbidden',
            'aggregate_instance_extra_specs:ssd': 'true',
            'capabilities:cpu_info:arch': 'x86_64',
            'pci_passthrough:alias': 'gpu:2',
            'accel:device_profile': 'fpga', 'hw_video:ram_max_mb': '64',
            'my_filter:anything': 'goes', 'plain': 'value',
        }
        resp = api.post(flavor, {'extra_specs': specs}, version='2.86')
        assert resp.status_code == 200, resp.text
