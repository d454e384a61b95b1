"""What every route shares: versions, microversion headers, faults, auth, ids."""

import requests

from compute.api import microversion


def test_root_lists_versions_without_auth(stack):
    resp = requests.get(stack.url + '/')
    assert resp.status_code == 200
    ids = [v['id'] for v in resp.json()['versions']]
    assert ids == ['v2.0', 'v2.1']
    v21 = resp.json()['versions'][1]
    assert v21['version'] == str(microversion.MAX)
    assert v21['min_version'] == '2.1'
    assert v21['links'][0]['href'] == stack.url + '/v2.1/'


def test_version_document_without_auth(stack):
    for path in ('/v2.1', '/v2.1/'):
        resp = requests.get(stack.url + path)
        assert resp.status_code == 200
        doc = resp.json()['version']
        assert doc['id'] == 'v2.1'
        assert doc['status'] == 'CURRENT'
        assert doc['media-types'][0]['type'].endswith('version=2.1')


def test_unknown_unversioned_path_is_multiple_choices(stack):
    resp = requests.get(stack.url + '/nothing-here')
    assert resp.status_code == 300
    assert {c['id'] for c in resp.json()['choices']} == {'v2.0', 'v2.1'}


def test_versions_resource_inside_api(api):
    resp = api.get('/versions/v2.1')
    assert resp.status_code == 200
    assert resp.json()['version']['id'] == 'v2.1'
    resp = api.get('/versions/v9.9')
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['code'] == 404


def test_missing_token_is_401(api):
    resp = api.get('/os-keypairs', token=None)
    assert resp.status_code == 401
    assert resp.json() == {'unauthorized': {
        'code': 401, 'message': 'Authentication required'}}


def test_request_id_headers_on_success_and_error(api):
    for resp in (api.get('/flavors'), api.get('/no-such-thing')):
        rid = resp.headers['x-openstack-request-id']
        assert rid.startswith('req-')
        assert resp.headers['x-compute-request-id'] == rid


def test_default_microversion_is_minimum(api):
    resp = api.get('/flavors')
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.1'
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.1'
    assert 'OpenStack-API-Version' in resp.headers['Vary']


def test_latest_microversion(api):
    resp = api.get('/flavors', version='latest')
    assert resp.headers['OpenStack-API-Version'] == \
        'compute %s' % microversion.MAX


def test_legacy_header_alone(api):
    resp = api.get('/flavors', headers={
        'X-OpenStack-Nova-API-Version': '2.30'})
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.30'


def test_standard_header_wins_over_legacy(api):
    resp = api.get('/flavors', headers={
        'X-OpenStack-Nova-API-Version': '2.30',
        'OpenStack-API-Version': 'compute 2.40'})
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.40'


def test_version_out_of_range_is_406(api):
    for value in ('2.0', '2.999', '3.1'):
        resp = api.get('/flavors', version=value)
        assert resp.status_code == 406, value
        body = resp.json()['computeFault']
        assert body['code'] == 406
        assert 'is not supported by the API' in body['message']


def test_malformed_version_is_400(api):
    for value in ('2', 'two.one', '2.1.1', '2.01x'):
        resp = api.get('/flavors', version=value)
        assert resp.status_code == 400, value
        assert 'is of invalid format' in resp.json()['badRequest']['message']


def test_route_outside_its_window_is_404(api):
    # PUT /flavors/{id} exists from 2.55 on.
    resp = api.put('/flavors/1', {'flavor': {'description': 'x'}},
                   version='2.54')
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['message'] == \
        'API version 2.54 is not supported on this method.'


def test_removed_api_is_410_at_every_version(api):
    for version in ('2.1', 'latest'):
        resp = api.get('/os-cells', version=version)
        assert resp.status_code == 410
        assert resp.json()['computeFault']['code'] == 410


def test_wrong_method_is_405_with_allow(api):
    resp = api.request('PATCH', '/flavors')
    assert resp.status_code == 405
    assert resp.headers['Allow'] == 'GET, POST'
    assert resp.json()['badMethod']['code'] == 405


def test_unknown_path_is_404(api):
    resp = api.get('/no-such-resource')
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['code'] == 404


def test_project_id_prefix_matches_context(api):
    token = 'admin:0a1b2c3d'
    resp = api.get('/0a1b2c3d/flavors', token=token)
    assert resp.status_code == 200
    link = resp.json()['flavors'][0]['links'][0]['href']
    assert '/v2.1/0a1b2c3d/flavors/' in link


def test_project_id_prefix_mismatch_is_400(api):
    resp = api.get('/0a1b2c3d/flavors', token='admin:feedbeef')
    assert resp.status_code == 400
    assert "doesn't match Context's project_id" in \
        resp.json()['badRequest']['message']


def test_malformed_json_is_400(api):
    resp = api.request('POST', '/os-keypairs', raw_body=b'{not json',
                       headers={'Content-Type': 'application/json'})
    assert resp.status_code == 400
    assert 'Malformed request body' in resp.json()['badRequest']['message']


def test_non_json_content_type_is_415(api):
    resp = api.request('POST', '/os-keypairs', raw_body=b'<xml/>',
                       headers={'Content-Type': 'application/xml'})
    assert resp.status_code == 415
    assert resp.json()['badMediaType']['code'] == 415


def test_oversized_body_is_413(api, stack):
    resp = api.request('POST', '/os-keypairs', raw_body=b'x' * 200000,
                       headers={'Content-Type': 'application/json'})
    assert resp.status_code == 413
    assert resp.json()['overLimit']['code'] == 413


def test_unknown_action_is_400(api):
    resp = api.post('/flavors/1/action', {'fly': None})
    assert resp.status_code == 400
    assert resp.json()['badRequest']['message'] == \
        'There is no such action: fly'


def test_query_on_route_without_parameters_is_400_from_2_102(api):
    # Before 2.102 an unknown parameter is ignored ...
    resp = api.get('/os-availability-zone', params={'foo': 'bar'},
                   version='2.101')
    assert resp.status_code == 200
    # ... from 2.102 every route refuses what it does not know.
    resp = api.get('/os-availability-zone', params={'foo': 'bar'},
                   version='2.102')
    assert resp.status_code == 400
    assert "'foo' was unexpected" in resp.json()['badRequest']['message']
