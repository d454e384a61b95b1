"""The built-in identity endpoint clients use to find services (noauth2)."""

import requests


def _token(stack, body):
    return requests.post(stack.url + '/identity/v3/auth/tokens', json=body)


def _password_auth(user, project):
    return {'auth': {'identity': {'methods': ['password'], 'password': {
        'user': {'name': user, 'domain': {'name': 'Default'},
                 'password': 'anything'}}},
        'scope': {'project': {'name': project,
                              'domain': {'name': 'Default'}}}}}


def test_discovery(stack):
    resp = requests.get(stack.url + '/identity/v3')
    assert resp.status_code == 200
    assert resp.json()['version']['id'].startswith('v3')


def test_password_token_is_noauth2_token_with_catalog(stack):
    resp = _token(stack, _password_auth('demo', 'demo'))
    assert resp.status_code == 201
    assert resp.headers['X-Subject-Token'] == 'demo:demo'
    token = resp.json()['token']
    assert {r['name'] for r in token['roles']} == {'member', 'reader'}
    urls = {s['type']: s['endpoints'][0]['url'] for s in token['catalog']}
    assert urls['compute'] == stack.url + '/v2.1'
    assert urls['placement'] == stack.url + '/placement'
    # The token works on the compute API as a member of project demo.
    resp = requests.get(urls['compute'] + '/limits', headers={
        'X-Auth-Token': 'demo:demo'})
    assert resp.status_code == 200


def test_admin_token_has_admin_role(stack):
    token = _token(stack, _password_auth('admin', 'admin')).json()['token']
    assert 'admin' in {r['name'] for r in token['roles']}


def test_token_method_and_validation(stack):
    resp = _token(stack, {'auth': {'identity': {
        'methods': ['token'], 'token': {'id': 'alice:p1'}}}})
    assert resp.status_code == 201
    assert resp.json()['token']['project']['id'] == 'p1'
    resp = requests.get(stack.url + '/identity/v3/auth/tokens',
                        headers={'X-Subject-Token': 'alice:p1'})
    assert resp.json()['token']['user']['id'] == 'alice'


def test_project_lookup_by_name(stack):
    resp = requests.get(stack.url + '/identity/v3/projects/demo')
    assert resp.json()['project']['id'] == 'demo'
    resp = requests.get(stack.url + '/identity/v3/projects',
                        params={'name': 'demo'})
    assert [p['id'] for p in resp.json()['projects']] == ['demo']


def test_bad_body_is_400(stack):
    resp = requests.post(stack.url + '/identity/v3/auth/tokens', data='x')
    assert resp.status_code == 400
