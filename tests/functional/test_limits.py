"""GET /limits over HTTP: shapes per microversion, the caller's project or
another one (administrators), and its query string."""

import uuid

import pytest

V21 = {
    'maxImageMeta': 128, 'maxPersonality': 5, 'maxPersonalitySize': 10240,
    'maxSecurityGroupRules': -1, 'maxSecurityGroups': -1,
    'maxServerMeta': 128, 'maxTotalCores': 20, 'maxTotalFloatingIps': -1,
    'maxTotalInstances': 10, 'maxTotalKeypairs': 100,
    'maxTotalRAMSize': 51200, 'maxServerGroups': 10,
    'maxServerGroupMembers': 10, 'totalCoresUsed': 0,
    'totalInstancesUsed': 0, 'totalRAMUsed': 0,
    'totalSecurityGroupsUsed': 0, 'totalFloatingIpsUsed': 0,
    'totalServerGroupsUsed': 0,
}
_NETWORK = {'maxSecurityGroupRules', 'maxSecurityGroups',
            'maxTotalFloatingIps', 'totalSecurityGroupsUsed',
            'totalFloatingIpsUsed'}
_GONE = {
    '2.1': set(),
    '2.35': set(),
    '2.36': _NETWORK,
    '2.38': _NETWORK,
    '2.39': _NETWORK | {'maxImageMeta'},
    '2.56': _NETWORK | {'maxImageMeta'},
    '2.57': _NETWORK | {'maxImageMeta', 'maxPersonality',
                        'maxPersonalitySize'},
    'latest': _NETWORK | {'maxImageMeta', 'maxPersonality',
                          'maxPersonalitySize'},
}


def _token():
    return '%s:%s' % (uuid.uuid4().hex[:12], uuid.uuid4().hex[:12])


@pytest.mark.parametrize('version', sorted(_GONE))
def test_shape_per_microversion(api, version):
    body = api.get('/limits', token=_token(), version=version).json()
    assert body == {'limits': {'rate': [], 'absolute': {
        k: v for k, v in V21.items() if k not in _GONE[version]}}}


def test_own_project_limits(api):
    token = _token()
    project_id = token.split(':')[1]
    api.put('/os-quota-sets/%s' % project_id,
            {'quota_set': {'cores': 7, 'metadata_items': 3}})
    # A user's own limit is not the project's.
    api.put('/os-quota-sets/%s' % project_id, {'quota_set': {'ram': 1}},
            params={'user_id': token.split(':')[0]})
    absolute = api.get('/limits', token=token).json()['limits']['absolute']
    assert (absolute['maxTotalCores'], absolute['maxServerMeta'],
            absolute['maxImageMeta'], absolute['maxTotalRAMSize']) == \
        (7, 3, 3, 51200)


def test_admin_reads_another_project(api):
    project_id = uuid.uuid4().hex[:12]
    api.put('/os-quota-sets/%s' % project_id,
            {'quota_set': {'instances': 4}})
    resp = api.get('/limits', params={'tenant_id': project_id})
    assert resp.json()['limits']['absolute']['maxTotalInstances'] == 4
    assert api.get('/limits').json()['limits']['absolute'][
        'maxTotalInstances'] == 10


def test_non_admin_may_not_name_a_project(api):
    token = _token()
    for project_id in ('someone-else', token.split(':')[1]):
        resp = api.get('/limits', token=token,
                       params={'tenant_id': project_id})
        assert resp.status_code == 403
        assert resp.json() == {'forbidden': {
            'code': 403, 'message': "Policy doesn't allow "
            "os_compute_api:limits:other_project to be performed."}}


def test_reader_sees_limits(api):
    resp = api.get('/limits', token=_token(), headers={'X-Roles': 'reader'})
    assert resp.status_code == 200


def test_unknown_query_parameters(api):
    assert api.get('/limits', version='2.74',
                   params={'foo': 'bar'}).status_code == 200
    resp = api.get('/limits', version='2.75', params={'foo': 'bar'})
    assert resp.status_code == 400
    assert 'foo' in resp.json()['badRequest']['message']
    resp = api.get('/limits', version='2.75',
                   params={'tenant_id': 'admin'})
    assert resp.status_code == 200
