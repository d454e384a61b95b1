"""Functional tests of /os-server-groups through HTTP: create at each
microversion boundary of its body (2.13 owner, 2.15 soft policies, 2.64
policy + rules), validation, show / delete visibility, list scoping and
paging, policy personas and the server_groups quota."""

import uuid

import pytest

ADMIN = 'admin:admin'


def _tenant():
    project = uuid.uuid4().hex
    return 'user-%s:%s' % (project[:6], project)


def _legacy(policy='anti-affinity', name='group'):
    return {'server_group': {'name': name, 'policies': [policy]}}


def _v264(policy='anti-affinity', rules=None, name='group'):
    body = {'server_group': {'name': name, 'policy': policy}}
    if rules is not None:
        body['server_group']['rules'] = rules
    return body


def _create(api, body, token, version='2.1', status=200):
    resp = api.post('/os-server-groups', body, token=token, version=version)
    assert resp.status_code == status, resp.text
    return resp.json()


def _bad_request(resp):
    assert resp.status_code == 400, resp.text
    fault = resp.json()['badRequest']
    assert fault['code'] == 400
    return fault['message']


# -- Create at each microversion ---------------------------------------------

def test_create_v21_legacy_shape(api):
    token = _tenant()
    group = _create(api, _legacy(), token)['server_group']
    assert set(group) == {'id', 'name', 'policies', 'members', 'metadata'}
    assert group['policies'] == ['anti-affinity']
    assert group['members'] == [] and group['metadata'] == {}
    uuid.UUID(group['id'])


def test_create_v213_shows_owner(api):
    token = _tenant()
    user, project = token.split(':')
    group = _create(api, _legacy('affinity'), token, '2.13')['server_group']
    assert group['project_id'] == project and group['user_id'] == user
    assert group['policies'] == ['affinity']
    shown = api.get('/os-server-groups/' + group['id'], token=token,
                    version='2.12').json()['server_group']
    assert 'project_id' not in shown and 'user_id' not in shown


@pytest.mark.parametrize('policy', ['soft-affinity', 'soft-anti-affinity'])
def test_soft_policies_from_v215(api, policy):
    token = _tenant()
    _bad_request(api.post('/os-server-groups', _legacy(policy), token=token,
                          version='2.14'))
    group = _create(api, _legacy(policy), token, '2.15')['server_group']
    assert group['policies'] == [policy]


def test_create_v264_policy_and_rules(api):
    token = _tenant()
    group = _create(api, _v264(rules={'max_server_per_host': '2'}), token,
                    '2.64')['server_group']
    assert set(group) == {'id', 'name', 'policy', 'rules', 'members',
                          'project_id', 'user_id'}
    assert group['policy'] == 'anti-affinity'
    assert group['rules'] == {'max_server_per_host': 2}
    # The same group before 2.64: the legacy form, no rules.
    legacy = api.get('/os-server-groups/' + group['id'], token=token,
                     version='2.63').json()['server_group']
    assert legacy['policies'] == ['anti-affinity']
    assert 'rules' not in legacy and legacy['metadata'] == {}


def test_v264_rules_default_empty_and_legacy_group_shown(api):
    token = _tenant()
    group = _create(api, _v264('soft-affinity'), token,
                    '2.64')['server_group']
    assert group['rules'] == {}
    old = _create(api, _legacy(), token)['server_group']
    shown = api.get('/os-server-groups/' + old['id'], token=token,
                    version='latest').json()['server_group']
    assert shown['policy'] == 'anti-affinity' and shown['rules'] == {}


@pytest.mark.parametrize('policy', ['affinity', 'soft-affinity',
                                    'soft-anti-affinity'])
def test_v264_rules_only_for_anti_affinity(api, policy):
    resp = api.post('/os-server-groups',
                    _v264(policy, {'max_server_per_host': 2}),
                    token=_tenant(), version='2.64')
    assert _bad_request(resp) == 'Only anti-affinity policy supports rules.'


@pytest.mark.parametrize('rules', [
    {'max_server_per_host': 0}, {'max_server_per_host': -1},
    {'max_server_per_host': 'two'}, {'max_server_per_host': ''},
    {'max_servers': 2}, 'max_server_per_host=2'])
def test_v264_bad_rules(api, rules):
    _bad_request(api.post('/os-server-groups', _v264(rules=rules),
                          token=_tenant(), version='2.64'))


@pytest.mark.parametrize('version,body', [
    ('2.64', _legacy()),                      # policies is gone
    ('2.64', {'server_group': {'name': 'g'}}),  # policy is required
    ('2.63', _v264()),                        # policy is not known yet
    ('2.64', _v264('legacy')),
])
def test_body_form_per_microversion(api, version, body):
    _bad_request(api.post('/os-server-groups', body, token=_tenant(),
                          version=version))


@pytest.mark.parametrize('policies', [
    [],                                   # empty
    ['affinity', 'anti-affinity'],        # conflicting
    ['anti-affinity', 'anti-affinity'],   # repeated
    ['anti-affinity', 'soft-affinity'],   # several
    ['legacy'], ['affinity-ish'], 'affinity', [1],
])
def test_bad_policies(api, policies):
    body = {'server_group': {'name': 'g', 'policies': policies}}
    _bad_request(api.post('/os-server-groups', body, token=_tenant(),
                          version='2.15'))


@pytest.mark.parametrize('body', [
    {'server_group': {'policies': ['affinity']}},
    {'server_group': {'name': '', 'policies': ['affinity']}},
    {'server_group': {'name': ' lead', 'policies': ['affinity']}},
    {'server_group': {'name': 'x' * 256, 'policies': ['affinity']}},
    {'server_group': {'name': 'g', 'policies': ['affinity'], 'extra': 1}},
    {'group': {'name': 'g', 'policies': ['affinity']}},
    {'server_group': 'g'},
])
def test_bad_body(api, body):
    _bad_request(api.post('/os-server-groups', body, token=_tenant()))


def test_fault_body_of_validation(api):
    resp = api.post('/os-server-groups',
                    {'server_group': {'name': 'g', 'policies': []}},
                    token=_tenant())
    assert 'policies' in _bad_request(resp)


# -- Show and delete ----------------------------------------------------------

def test_show_and_delete(api):
    token = _tenant()
    group = _create(api, _legacy(), token)['server_group']
    path = '/os-server-groups/' + group['id']
    resp = api.get(path, token=token)
    assert resp.status_code == 200
    assert resp.json() == {'server_group': group}
    resp = api.delete(path, token=token)
    assert resp.status_code == 204 and resp.content == b''
    resp = api.get(path, token=token)
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['message'] == (
        'Instance group %s could not be found.' % group['id'])
    assert api.delete(path, token=token).status_code == 404


def test_unknown_group(api):
    missing = str(uuid.uuid4())
    resp = api.get('/os-server-groups/' + missing, token=_tenant())
    assert resp.status_code == 404
    assert resp.json() == {'itemNotFound': {
        'code': 404,
        'message': 'Instance group %s could not be found.' % missing}}


def test_other_projects_group_is_not_found(api):
    owner, other = _tenant(), _tenant()
    group = _create(api, _legacy(), owner)['server_group']
    path = '/os-server-groups/' + group['id']
    assert api.get(path, token=other).status_code == 404
    assert api.delete(path, token=other).status_code == 404
    # An administrator sees and deletes any project's group.
    assert api.get(path, token=ADMIN).status_code == 200
    assert api.delete(path, token=ADMIN).status_code == 204


def test_reader_reads_but_does_not_write(api):
    token = _tenant()
    group = _create(api, _legacy(), token)['server_group']
    reader = {'X-Roles': 'reader'}
    path = '/os-server-groups/' + group['id']
    assert api.get(path, token=token, headers=reader).status_code == 200
    resp = api.get('/os-server-groups', token=token, headers=reader)
    assert [g['id'] for g in resp.json()['server_groups']] == [group['id']]
    resp = api.post('/os-server-groups', _legacy(), token=token,
                    headers=reader)
    assert resp.status_code == 403
    assert resp.json()['forbidden']['message'] == (
        "Policy doesn't allow os_compute_api:os-server-groups:create to be "
        "performed.")
    resp = api.delete(path, token=token, headers=reader)
    assert resp.status_code == 403
    assert 'os-server-groups:delete' in resp.json()['forbidden']['message']


def test_no_role_cannot_read(api):
    token = _tenant()
    group = _create(api, _legacy(), token)['server_group']
    nobody = {'X-Roles': 'none'}
    assert api.get('/os-server-groups/' + group['id'], token=token,
                   headers=nobody).status_code == 403
    assert api.get('/os-server-groups', token=token,
                   headers=nobody).status_code == 403


def test_unknown_query_refused_from_v2102(api):
    token = _tenant()
    group = _create(api, _legacy(), token)['server_group']
    path = '/os-server-groups/' + group['id']
    assert api.get(path, token=token, version='2.101',
                   params={'foo': 'bar'}).status_code == 200
    _bad_request(api.get(path, token=token, version='2.102',
                         params={'foo': 'bar'}))


# -- List -----------------------------------------------------------------

def _ids(resp):
    assert resp.status_code == 200, resp.text
    return [group['id'] for group in resp.json()['server_groups']]


def test_index_lists_own_project_in_creation_order(api):
    token, other = _tenant(), _tenant()
    mine = [_create(api, _legacy(name='g%d' % i), token)['server_group']['id']
            for i in range(3)]
    _create(api, _legacy(), other)
    assert _ids(api.get('/os-server-groups', token=token)) == mine


def test_index_limit_and_offset(api):
    token = _tenant()
    mine = [_create(api, _legacy(name='g%d' % i), token)['server_group']['id']
            for i in range(4)]
    get = api.get
    assert _ids(get('/os-server-groups', token=token,
                    params={'limit': 2})) == mine[:2]
    assert _ids(get('/os-server-groups', token=token,
                    params={'limit': 2, 'offset': 3})) == mine[3:]
    assert _ids(get('/os-server-groups', token=token,
                    params={'offset': 1})) == mine[1:]
    # A zero limit is no limit, as Nova's.
    assert _ids(get('/os-server-groups', token=token,
                    params={'limit': 0})) == mine
    for params in ({'limit': -1}, {'limit': 'a'}, {'offset': -1},
                   {'offset': '1.5'}):
        _bad_request(get('/os-server-groups', token=token, params=params))


def test_index_unknown_query_refused_from_v275(api):
    token = _tenant()
    assert api.get('/os-server-groups', token=token, version='2.74',
                   params={'foo': 1}).status_code == 200
    message = _bad_request(api.get('/os-server-groups', token=token,
                                   version='2.75', params={'foo': 1}))
    assert 'foo' in message


def test_index_all_projects(api):
    token = _tenant()
    group = _create(api, _legacy(), token)['server_group']
    assert group['id'] not in _ids(api.get('/os-server-groups', token=ADMIN))
    every = _ids(api.get('/os-server-groups', token=ADMIN,
                         params={'all_projects': 'True', 'limit': 1000}))
    assert group['id'] in every
    # Any value asks for every project, as in Nova.
    resp = api.get('/os-server-groups', token=token,
                   params={'all_projects': 'false'})
    assert resp.status_code == 403
    assert 'index:all_projects' in resp.json()['forbidden']['message']


# -- Quota ----------------------------------------------------------------

def test_server_groups_quota(api):
    token = _tenant()
    project = token.split(':')[1]
    resp = api.put('/os-quota-sets/' + project,
                   {'quota_set': {'server_groups': 2}}, token=ADMIN)
    assert resp.status_code == 200, resp.text
    first = _create(api, _legacy(), token)['server_group']
    _create(api, _legacy(), token)
    resp = api.post('/os-server-groups', _legacy(), token=token)
    assert resp.status_code == 403
    assert resp.json() == {'forbidden': {
        'code': 403, 'message': 'Quota exceeded, too many server groups.'}}
    used = api.get('/limits', token=token).json()['limits']['absolute']
    assert used['totalServerGroupsUsed'] == 2
    assert used['maxServerGroups'] == 2
    # Deleting one frees its slot.
    api.delete('/os-server-groups/' + first['id'], token=token)
    _create(api, _legacy(), token)
