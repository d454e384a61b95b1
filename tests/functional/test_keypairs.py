"""Keypairs over HTTP: generate and import, ssh and x509, per microversion,
paging, other users' keypairs (admin), name rules, quota and errors."""

import uuid

import pytest
from tests.functional.client import fault_message as _fault

IMPORT_KEY = (
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6l'
    'HBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02R'
    'hIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw=='
    ' Generated-by-Nova')
IMPORT_FINGERPRINT = '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c'

LIST_KEYS = {'fingerprint', 'name', 'public_key'}
CREATE_KEYS = LIST_KEYS | {'user_id'}
SHOW_KEYS = CREATE_KEYS | {'created_at', 'deleted', 'deleted_at', 'id',
                           'updated_at'}


def _unique(prefix='u'):
    return '%s%s' % (prefix, uuid.uuid4().hex[:12])


@pytest.fixture
def user():
    """A fresh member of a fresh project, as a token."""
    return '%s:%s' % (_unique('user'), _unique('proj'))


def _create(api, token, version, **keypair):
    keypair.setdefault('name', _unique('kp'))
    return api.post('/os-keypairs', {'keypair': keypair}, token=token,
                    version=version)


def test_generate_at_2_1_returns_private_key_and_200(api, user):
    resp = _create(api, user, '2.1')
    assert resp.status_code == 200
    keypair = resp.json()['keypair']
    assert set(keypair) == CREATE_KEYS | {'private_key'}
    assert keypair['user_id'] == user.split(':')[0]
    assert keypair['private_key'].startswith('-----BEGIN RSA PRIVATE KEY')
    assert keypair['public_key'].startswith('ssh-rsa ')
    assert len(keypair['fingerprint'].split(':')) == 16


def test_type_status_codes_and_shapes_from_2_2(api, user):
    resp = _create(api, user, '2.2', name='typed')
    assert resp.status_code == 201
    assert set(resp.json()['keypair']) == CREATE_KEYS | {'private_key',
                                                         'type'}
    assert resp.json()['keypair']['type'] == 'ssh'
    show = api.get('/os-keypairs/typed', token=user, version='2.2').json()
    assert set(show['keypair']) == SHOW_KEYS | {'type'}
    assert show['keypair']['deleted'] is False
    assert show['keypair']['deleted_at'] is None
    assert isinstance(show['keypair']['id'], int)
    listed = api.get('/os-keypairs', token=user, version='2.2').json()
    assert set(listed['keypairs'][0]['keypair']) == LIST_KEYS | {'type'}
    resp = api.delete('/os-keypairs/typed', token=user, version='2.2')
    assert resp.status_code == 204
    assert resp.content == b''


def test_shapes_at_2_1(api, user):
    _create(api, user, '2.1', name='old', public_key=IMPORT_KEY)
    show = api.get('/os-keypairs/old', token=user).json()['keypair']
    assert set(show) == SHOW_KEYS
    listed = api.get('/os-keypairs', token=user).json()
    assert listed == {'keypairs': [{'keypair': {
        'name': 'old', 'public_key': IMPORT_KEY,
        'fingerprint': IMPORT_FINGERPRINT}}]}
    resp = api.delete('/os-keypairs/old', token=user)
    assert resp.status_code == 202
    assert api.get('/os-keypairs/old', token=user).status_code == 404


def test_import_ssh_key(api, user):
    resp = _create(api, user, '2.2', name='imported', public_key=IMPORT_KEY)
    assert resp.status_code == 201
    keypair = resp.json()['keypair']
    assert 'private_key' not in keypair
    assert keypair['fingerprint'] == IMPORT_FINGERPRINT
    assert keypair['public_key'] == IMPORT_KEY
    assert keypair['type'] == 'ssh'


@pytest.mark.parametrize('public_key', ['', 'ssh-rsa', 'not a key',
                                        'ssh-rsa AAAA!!!! comment'])
def test_invalid_public_key(api, user, public_key):
    resp = _create(api, user, '2.2', public_key=public_key)
    assert _fault(resp, 400) == \
        'Keypair data is invalid: failed to generate fingerprint'


def test_x509_generate_and_import(api, user):
    resp = _create(api, user, '2.2', type='x509')
    assert resp.status_code == 201
    generated = resp.json()['keypair']
    assert generated['type'] == 'x509'
    assert generated['public_key'].startswith('-----BEGIN CERTIFICATE-----')
    assert generated['private_key']
    assert len(generated['fingerprint'].split(':')) == 20
    resp = _create(api, user, '2.2', type='x509',
                   public_key=generated['public_key'])
    assert resp.status_code == 201
    assert resp.json()['keypair']['fingerprint'] == generated['fingerprint']


def test_x509_import_of_garbage(api, user):
    resp = _create(api, user, '2.2', type='x509', public_key=IMPORT_KEY)
    assert _fault(resp, 400).startswith(
        'Keypair data is invalid: failed to generate X509 fingerprint.')


def test_type_rejected_before_2_2_and_checked_after(api, user):
    assert _create(api, user, '2.1', type='ssh').status_code == 400
    assert _create(api, user, '2.2', type='rsa').status_code == 400


def test_duplicate_name_is_409(api, user):
    _create(api, user, '2.2', name='dup', public_key=IMPORT_KEY)
    resp = _create(api, user, '2.2', name='dup', public_key=IMPORT_KEY)
    assert _fault(resp, 409) == "Key pair 'dup' already exists."


@pytest.mark.parametrize('version,name,code', [
    ('2.1', 'with space', 200),
    ('2.1', 'bad*char', 400),
    ('2.1', ' leading', 400),
    ('2.1', 'trailing ', 400),
    ('2.1', '', 400),
    ('2.1', 'x' * 256, 400),
    ('2.91', 'me@host.example', 400),
    ('2.92', 'me@host.example', 201),
    ('2.92', 'bad*char', 400),
])
def test_name_rules(api, user, version, name, code):
    resp = _create(api, user, version, name=name, public_key=IMPORT_KEY)
    assert resp.status_code == code, resp.text
    if code == 400:
        assert resp.json()['badRequest']['code'] == 400


def test_public_key_required_from_2_92(api, user):
    resp = _create(api, user, '2.92')
    assert "'public_key' is a required property" in _fault(resp, 400)
    assert _create(api, user, '2.91').json()['keypair']['private_key']


def test_import_at_2_92_has_no_private_key(api, user):
    resp = _create(api, user, '2.92', public_key=IMPORT_KEY)
    assert resp.status_code == 201
    assert set(resp.json()['keypair']) == CREATE_KEYS | {'type'}


def test_unknown_keypair_is_404(api, user):
    user_id = user.split(':')[0]
    for method in (api.get, api.delete):
        resp = method('/os-keypairs/nope', token=user, version='2.2')
        assert _fault(resp, 404) == \
            'Keypair nope not found for user %s' % user_id


def test_bad_bodies(api, user):
    for body in ({}, {'keypair': {}}, {'keypair': {'name': 'a', 'x': 1}},
                 {'keypair': {'name': 5}}, {'other': {}}):
        resp = api.post('/os-keypairs', body, token=user, version='2.10')
        _fault(resp, 400)


def test_paging_from_2_35(api, user):
    for name in ('c', 'a', 'b'):
        _create(api, user, '2.35', name=name, public_key=IMPORT_KEY)
    resp = api.get('/os-keypairs', token=user, version='2.35',
                   params={'limit': 2})
    body = resp.json()
    assert [k['keypair']['name'] for k in body['keypairs']] == ['a', 'b']
    link = body['keypairs_links'][0]
    assert link['rel'] == 'next'
    assert 'marker=b' in link['href'] and 'limit=2' in link['href']
    assert '/v2.1/os-keypairs?' in link['href']
    body = api.get('/os-keypairs', token=user, version='2.35',
                   params={'limit': 2, 'marker': 'b'}).json()
    assert [k['keypair']['name'] for k in body['keypairs']] == ['c']
    assert 'keypairs_links' not in body
    body = api.get('/os-keypairs', token=user, version='2.35').json()
    assert [k['keypair']['name'] for k in body['keypairs']] == ['a', 'b', 'c']
    assert 'keypairs_links' not in body


def test_paging_errors_and_older_versions(api, user):
    _create(api, user, '2.2', name='only', public_key=IMPORT_KEY)
    resp = api.get('/os-keypairs', token=user, version='2.35',
                   params={'marker': 'missing'})
    assert _fault(resp, 400) == 'Marker missing could not be found.'
    resp = api.get('/os-keypairs', token=user, version='2.35',
                   params={'limit': -1})
    _fault(resp, 400)
    # Before 2.35 paging parameters are ignored.
    body = api.get('/os-keypairs', token=user, version='2.34',
                   params={'limit': 0, 'marker': 'missing'}).json()
    assert len(body['keypairs']) == 1
    assert 'keypairs_links' not in body


def test_admin_manages_other_users_keypairs_from_2_10(api, user):
    owner = user.split(':')[0]
    resp = _create(api, 'admin:admin', '2.10', name='theirs',
                   public_key=IMPORT_KEY, user_id=owner)
    assert resp.status_code == 201
    assert resp.json()['keypair']['user_id'] == owner
    listed = api.get('/os-keypairs', version='2.10',
                     params={'user_id': owner}).json()
    assert [k['keypair']['name'] for k in listed['keypairs']] == ['theirs']
    shown = api.get('/os-keypairs/theirs', version='2.10',
                    params={'user_id': owner})
    assert shown.json()['keypair']['user_id'] == owner
    # The owner sees it as their own.
    assert api.get('/os-keypairs/theirs', token=user,
                   version='2.10').status_code == 200
    resp = api.delete('/os-keypairs/theirs', version='2.10',
                      params={'user_id': owner})
    assert resp.status_code == 204
    assert api.get('/os-keypairs/theirs', token=user).status_code == 404


def test_user_id_before_2_10(api, user):
    owner = user.split(':')[0]
    resp = _create(api, 'admin:admin', '2.9', user_id=owner)
    assert resp.status_code == 400
    _create(api, user, '2.9', name='mine', public_key=IMPORT_KEY)
    # Ignored in the query: the admin lists and looks up their own.
    assert api.get('/os-keypairs/mine', version='2.9',
                   params={'user_id': owner}).status_code == 404


def test_non_admin_cannot_act_for_another_user(api, user):
    other = _unique('other')
    action = 'os_compute_api:os-keypairs:%s'
    for method, path, name in (
            (api.get, '/os-keypairs', 'index'),
            (api.get, '/os-keypairs/x', 'show'),
            (api.delete, '/os-keypairs/x', 'delete')):
        resp = method(path, token=user, version='2.10',
                      params={'user_id': other})
        assert _fault(resp, 403) == \
            "Policy doesn't allow %s to be performed." % (action % name)
    resp = _create(api, user, '2.10', user_id=other)
    assert _fault(resp, 403) == \
        "Policy doesn't allow %s to be performed." % (action % 'create')


def test_key_pairs_quota_is_per_user(api, user):
    user_id, project_id = user.split(':')
    resp = api.put('/os-quota-sets/%s' % project_id,
                   {'quota_set': {'key_pairs': 1}}, version='2.1',
                   params={'user_id': user_id})
    assert resp.status_code == 200
    assert _create(api, user, '2.2', public_key=IMPORT_KEY).status_code == 201
    resp = _create(api, user, '2.2', public_key=IMPORT_KEY)
    assert _fault(resp, 403) == 'Quota exceeded, too many key pairs.'
    # Another user of the same project keeps the project's limit.
    neighbour = '%s:%s' % (_unique('user'), project_id)
    assert _create(api, neighbour, '2.2',
                   public_key=IMPORT_KEY).status_code == 201


def test_unknown_query_parameters(api, user):
    _create(api, user, '2.2', name='q', public_key=IMPORT_KEY)
    for path in ('/os-keypairs', '/os-keypairs/q'):
        assert api.get(path, token=user, version='2.74',
                       params={'foo': 1}).status_code == 200
        resp = api.get(path, token=user, version='2.75', params={'foo': 1})
        assert 'foo' in _fault(resp, 400)
    resp = api.delete('/os-keypairs/q', token=user, version='2.75',
                      params={'foo': 1})
    _fault(resp, 400)
    resp = api.post('/os-keypairs', {'keypair': {
        'name': 'qq', 'public_key': IMPORT_KEY}}, token=user,
        version='2.102', params={'foo': 1})
    _fault(resp, 400)
    resp = api.post('/os-keypairs', {'keypair': {
        'name': 'qq', 'public_key': IMPORT_KEY}}, token=user,
        version='2.101', params={'foo': 1})
    assert resp.status_code == 201


def test_project_prefixed_url_keeps_prefix_in_links(api):
    # Project ids in URLs are hex: a project named that way.
    project_id = uuid.uuid4().hex
    token = '%s:%s' % (_unique('user'), project_id)
    for name in ('a', 'b'):
        _create(api, token, '2.35', name=name, public_key=IMPORT_KEY)
    resp = api.get('/%s/os-keypairs' % project_id, token=token,
                   version='2.35', params={'limit': 1})
    assert resp.status_code == 200
    href = resp.json()['keypairs_links'][0]['href']
    assert '/v2.1/%s/os-keypairs?' % project_id in href
