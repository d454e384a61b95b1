"""Access lists of private flavors: the addTenantAccess /
removeTenantAccess actions and GET /flavors/{id}/os-flavor-access."""

import uuid

import pytest
from tests.functional.client import fault_message as _fault


def _project():
    return uuid.uuid4().hex


def _add(project):
    return {'addTenantAccess': {'tenant': project}}


def _remove(project):
    return {'removeTenantAccess': {'tenant': project}}


@pytest.fixture
def make_flavor(api):
    created = []

    def make(is_public=False):
        body = {'name': 'flv-' + uuid.uuid4().hex, 'ram': 256, 'vcpus': 1,
                'disk': 1, 'os-flavor-access:is_public': is_public}
        resp = api.post('/flavors', {'flavor': body})
        assert resp.status_code == 200, resp.text
        created.append(resp.json()['flavor']['id'])
        return created[-1]

    yield make
    for flavor_id in created:
        api.delete('/flavors/%s' % flavor_id)


def test_add_list_remove(api, make_flavor):
    flavor_id = make_flavor()
    action = '/flavors/%s/action' % flavor_id
    listing = '/flavors/%s/os-flavor-access' % flavor_id
    assert api.get(listing).json() == {'flavor_access': []}
    first, second = _project(), _project()
    resp = api.post(action, _add(first))
    assert resp.status_code == 200
    assert resp.json() == {'flavor_access': [
        {'flavor_id': flavor_id, 'tenant_id': first}]}
    resp = api.post(action, _add(second))
    assert resp.json() == {'flavor_access': [
        {'flavor_id': flavor_id, 'tenant_id': first},
        {'flavor_id': flavor_id, 'tenant_id': second}]}
    assert api.get(listing).json() == resp.json()
    resp = api.post(action, _remove(first))
    assert resp.status_code == 200
    assert resp.json() == {'flavor_access': [
        {'flavor_id': flavor_id, 'tenant_id': second}]}
    api.post(action, _remove(second))
    assert api.get(listing).json() == {'flavor_access': []}


def test_duplicate_and_missing(api, make_flavor):
    flavor_id = make_flavor()
    action = '/flavors/%s/action' % flavor_id
    project = _project()
    api.post(action, _add(project))
    message = _fault(api.post(action, _add(project)), 409,
                     'conflictingRequest')
    assert message == ('Flavor access already exists for flavor %s and '
                       'project %s combination.' % (flavor_id, project))
    other = _project()
    message = _fault(api.post(action, _remove(other)), 404, 'itemNotFound')
    assert message == ('Flavor access not found for %s / %s combination.'
                       % (flavor_id, other))


def test_public_flavor(api, make_flavor):
    flavor_id = make_flavor(is_public=True)
    message = _fault(api.get('/flavors/%s/os-flavor-access' % flavor_id),
                     404, 'itemNotFound')
    assert message == 'Access list not available for public flavors.'
    action = '/flavors/%s/action' % flavor_id
    message = _fault(api.post(action, _add(_project()), version='2.7'), 409,
                     'conflictingRequest')
    assert message == 'Can not add access to a public flavor.'
    project = _project()
    resp = api.post(action, _add(project), version='2.6')
    assert resp.status_code == 200
    assert resp.json() == {'flavor_access': [
        {'flavor_id': flavor_id, 'tenant_id': project}]}


def test_access_makes_private_flavor_visible(api, make_flavor):
    flavor_id = make_flavor()
    project = _project()
    token = 'someone:%s' % project
    _fault(api.get('/flavors/%s' % flavor_id, token=token), 404,
           'itemNotFound')
    api.post('/flavors/%s/action' % flavor_id, _add(project))
    assert api.get('/flavors/%s' % flavor_id, token=token).status_code == 200
    ids = [f['id'] for f in api.get('/flavors', token=token).json()[
        'flavors']]
    assert flavor_id in ids
    api.post('/flavors/%s/action' % flavor_id, _remove(project))
    _fault(api.get('/flavors/%s' % flavor_id, token=token), 404,
           'itemNotFound')


def test_unknown_flavor(api):
    for resp in (api.get('/flavors/nope/os-flavor-access'),
                 api.post('/flavors/nope/action', _add(_project())),
                 api.post('/flavors/nope/action', _remove(_project()))):
        assert _fault(resp, 404, 'itemNotFound') == \
            'Flavor nope could not be found.'


@pytest.mark.parametrize('body', [
    {'addTenantAccess': {}},
    {'addTenantAccess': {'tenant': ''}},
    {'addTenantAccess': {'tenant': 'x' * 256}},
    {'addTenantAccess': {'tenant': 'p', 'extra': 1}},
    {'addTenantAccess': 'p'},
    {'removeTenantAccess': {'tenant': 1}},
])
def test_bad_bodies(api, make_flavor, body):
    flavor_id = make_flavor()
    _fault(api.post('/flavors/%s/action' % flavor_id, body), 400,
           'badRequest')


def test_unknown_action(api, make_flavor):
    flavor_id = make_flavor()
    _fault(api.post('/flavors/%s/action' % flavor_id, {'bogus': {}}), 400,
           'badRequest')


def test_admin_only(api, make_flavor):
    flavor_id = make_flavor()
    token = 'member:%s' % _project()
    for resp, rule in (
            (api.get('/flavors/%s/os-flavor-access' % flavor_id,
                     token=token), 'os_compute_api:os-flavor-access'),
            (api.post('/flavors/%s/action' % flavor_id, _add(_project()),
                      token=token),
             'os_compute_api:os-flavor-access:add_tenant_access'),
            (api.post('/flavors/%s/action' % flavor_id, _remove(_project()),
                      token=token),
             'os_compute_api:os-flavor-access:remove_tenant_access')):
        assert _fault(resp, 403, 'forbidden') == (
            "Policy doesn't allow %s to be performed." % rule)


def test_unknown_query_params(api, make_flavor):
    listing = '/flavors/%s/os-flavor-access' % make_flavor()
    assert api.get(listing, params={'foo': 1},
                   version='2.101').status_code == 200
    _fault(api.get(listing, params={'foo': 1}, version='2.102'), 400,
           'badRequest')


def test_deleting_flavor_drops_access(api, make_flavor):
    flavor_id = make_flavor()
    project = _project()
    api.post('/flavors/%s/action' % flavor_id, _add(project))
    assert api.delete('/flavors/%s' % flavor_id).status_code == 202
    _fault(api.get('/flavors/%s/os-flavor-access' % flavor_id), 404,
           'itemNotFound')
