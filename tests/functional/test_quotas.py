"""Quota sets and quota class sets over HTTP: shapes per microversion,
limit resolution (user > project > default class > config), updates with
their range checks and ``force``, reverting to defaults, policy and query
strings."""

import uuid

import pytest

BASE = {'cores', 'instances', 'key_pairs', 'metadata_items', 'ram',
        'server_groups', 'server_group_members'}
PERSONALITY = {'injected_files', 'injected_file_content_bytes',
               'injected_file_path_bytes'}
NETWORK = {'fixed_ips', 'floating_ips', 'security_groups',
           'security_group_rules'}
SHOWN = {'2.1': BASE | PERSONALITY | NETWORK, '2.35': BASE | PERSONALITY |
         NETWORK, '2.36': BASE | PERSONALITY, '2.56': BASE | PERSONALITY,
         '2.57': BASE, 'latest': BASE}
DEFAULTS = {'cores': 20, 'instances': 10, 'key_pairs': 100,
            'metadata_items': 128, 'ram': 51200, 'server_groups': 10,
            'server_group_members': 10, 'injected_files': 5,
            'injected_file_content_bytes': 10240,
            'injected_file_path_bytes': 255, 'fixed_ips': -1,
            'floating_ips': -1, 'security_groups': -1,
            'security_group_rules': -1}


def _unique(prefix):
    return '%s%s' % (prefix, uuid.uuid4().hex[:12])


@pytest.fixture
def project():
    return _unique('proj')


def _path(project_id, suffix=''):
    return '/os-quota-sets/%s%s' % (project_id, suffix)


def _update(api, project_id, values, version='2.1', user_id=None, **kw):
    params = {'user_id': user_id} if user_id else None
    return api.put(_path(project_id), {'quota_set': values},
                   version=version, params=params, **kw)


def _show(api, project_id, version='2.1', user_id=None, **kw):
    params = {'user_id': user_id} if user_id else None
    return api.get(_path(project_id), version=version, params=params, **kw)


def _message(resp, code):
    name = {400: 'badRequest', 403: 'forbidden'}[code]
    assert resp.status_code == code, resp.text
    return resp.json()[name]['message']


@pytest.mark.parametrize('version', sorted(SHOWN))
def test_show_and_defaults_shapes(api, project, version):
    for suffix in ('', '/defaults'):
        body = api.get(_path(project, suffix), version=version).json()
        quota_set = body['quota_set']
        assert quota_set.pop('id') == project
        assert quota_set == {k: DEFAULTS[k] for k in SHOWN[version]}


@pytest.mark.parametrize('version', sorted(SHOWN))
def test_detail_shape(api, project, version):
    quota_set = api.get(_path(project, '/detail'),
                        version=version).json()['quota_set']
    assert quota_set.pop('id') == project
    assert quota_set == {k: {'limit': DEFAULTS[k], 'in_use': 0,
                             'reserved': 0} for k in SHOWN[version]}


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.57'])
def test_update_returns_the_set_without_id(api, project, version):
    resp = _update(api, project, {'cores': 45, 'instances': '9'}, version)
    assert resp.status_code == 200
    expected = {k: DEFAULTS[k] for k in SHOWN[version]}
    expected.update(cores=45, instances=9)
    assert resp.json() == {'quota_set': expected}
    shown = _show(api, project, version).json()['quota_set']
    assert shown == dict(expected, id=project)


def test_unlimited_and_force(api, project):
    assert _update(api, project, {'ram': -1}).json()['quota_set'][
        'ram'] == -1
    resp = _update(api, project, {'force': 'True', 'instances': 45})
    assert resp.json()['quota_set']['instances'] == 45
    assert 'force' not in resp.json()['quota_set']


@pytest.mark.parametrize('values', [
    {'cores': 'abc'}, {'cores': -2}, {'cores': 0x80000000}, {'cores': 1.5},
    {'bogus': 1}, {'force': 'maybe'}, {'cores': None},
])
def test_invalid_values(api, project, values):
    assert _update(api, project, values).status_code == 400


def test_bad_bodies(api, project):
    for body in ({}, {'quota_set': 'x'}, {'other': {}}):
        resp = api.put(_path(project), body)
        assert resp.status_code == 400


def test_networks_quota_is_refused(api, project):
    resp = _update(api, project, {'networks': 5})
    assert _message(resp, 400) == 'The networks quota has been removed'
    resp = _update(api, project, {'networks': 5}, version='2.36')
    assert 'networks' in _message(resp, 400)


def test_removed_quotas_refused_in_updates(api, project):
    assert _update(api, project, {'floating_ips': 5}).status_code == 200
    assert _update(api, project, {'floating_ips': 5},
                   version='2.36').status_code == 400
    assert _update(api, project, {'injected_files': 5},
                   version='2.56').status_code == 200
    assert _update(api, project, {'injected_files': 5},
                   version='2.57').status_code == 400


def test_user_quotas_fall_back_to_project(api, project):
    user_id = _unique('user')
    _update(api, project, {'cores': 30, 'instances': 8})
    resp = _update(api, project, {'instances': 5}, user_id=user_id)
    assert resp.status_code == 200
    assert resp.json()['quota_set']['instances'] == 5
    assert resp.json()['quota_set']['cores'] == 30
    shown = _show(api, project, user_id=user_id).json()['quota_set']
    assert (shown['id'], shown['instances'], shown['cores']) == \
        (project, 5, 30)
    detail = api.get(_path(project, '/detail'),
                     params={'user_id': user_id}).json()['quota_set']
    assert detail['instances'] == {'limit': 5, 'in_use': 0, 'reserved': 0}
    # The project itself keeps its own limit.
    assert _show(api, project).json()['quota_set']['instances'] == 8


def test_user_limit_cannot_exceed_what_project_has_left(api, project):
    _update(api, project, {'instances': 10})
    first, second = _unique('user'), _unique('user')
    assert _update(api, project, {'instances': 6},
                   user_id=first).status_code == 200
    resp = _update(api, project, {'instances': 5}, user_id=second)
    assert _message(resp, 400) == (
        'Quota limit 5 for instances must be less than or equal to 4.')
    # A user's own current limit counts as available to them.
    assert _update(api, project, {'instances': 10},
                   user_id=first).status_code == 200
    resp = _update(api, project, {'instances': 11}, user_id=first)
    assert _message(resp, 400) == (
        'Quota limit 11 for instances must be less than or equal to 10.')
    assert _update(api, project, {'instances': 11, 'force': True},
                   user_id=first).status_code == 200


def test_project_limit_cannot_go_below_its_users(api, project):
    _update(api, project, {'cores': 20})
    _update(api, project, {'cores': 5}, user_id=_unique('user'))
    _update(api, project, {'cores': 3}, user_id=_unique('user'))
    resp = _update(api, project, {'cores': 7})
    assert _message(resp, 400) == (
        'Quota limit 7 for cores must be greater than or equal to already '
        'used and reserved 8.')
    assert _update(api, project, {'cores': 8}).status_code == 200
    assert _update(api, project, {'cores': 7,
                                  'force': 'true'}).status_code == 200


def test_delete_reverts_to_defaults(api, project):
    user_id = _unique('user')
    _update(api, project, {'cores': 45})
    _update(api, project, {'ram': 1024}, user_id=user_id)
    resp = api.delete(_path(project), params={'user_id': user_id})
    assert resp.status_code == 202
    assert resp.content == b''
    user_set = _show(api, project, user_id=user_id).json()['quota_set']
    assert (user_set['cores'], user_set['ram']) == (45, DEFAULTS['ram'])
    _update(api, project, {'ram': 1024}, user_id=user_id)
    assert api.delete(_path(project)).status_code == 202
    assert _show(api, project).json()['quota_set']['cores'] == 20
    user_set = _show(api, project, user_id=user_id).json()['quota_set']
    assert user_set['ram'] == DEFAULTS['ram']


def test_reader_and_member_of_the_project(api, project):
    member = '%s:%s' % (_unique('user'), project)
    assert _show(api, project, token=member).status_code == 200
    assert api.get(_path(project, '/detail'),
                   token=member).status_code == 200
    reader = {'X-Roles': 'reader'}
    assert _show(api, project, token=member, headers=reader).status_code \
        == 200
    resp = _update(api, project, {'cores': 1}, token=member)
    assert _message(resp, 403) == ("Policy doesn't allow "
                                   "os_compute_api:os-quota-sets:update to "
                                   "be performed.")
    resp = api.delete(_path(project), token=member)
    assert _message(resp, 403).startswith("Policy doesn't allow")


def test_other_projects_are_hidden_from_non_admins(api, project):
    stranger = '%s:%s' % (_unique('user'), _unique('proj'))
    for suffix in ('', '/detail'):
        resp = api.get(_path(project, suffix), token=stranger)
        assert _message(resp, 403).startswith("Policy doesn't allow")
    # The defaults are nobody's secret.
    resp = api.get(_path(project, '/defaults'), token=stranger)
    assert resp.status_code == 200


def test_query_strings(api, project):
    for suffix in ('', '/detail'):
        assert api.get(_path(project, suffix), version='2.74',
                       params={'foo': 1}).status_code == 200
        resp = api.get(_path(project, suffix), version='2.75',
                       params={'foo': 1})
        assert 'foo' in _message(resp, 400)
    assert api.get(_path(project, '/defaults'), version='2.101',
                   params={'foo': 1}).status_code == 200
    assert api.get(_path(project, '/defaults'), version='2.102',
                   params={'foo': 1}).status_code == 400
    assert api.put(_path(project), {'quota_set': {'cores': 1}},
                   version='2.75', params={'foo': 1}).status_code == 400
    assert api.delete(_path(project), version='2.75',
                      params={'foo': 1}).status_code == 400
    assert api.delete(_path(project), version='2.74',
                      params={'foo': 1}).status_code == 202


# Quota class sets.

CLASS_SHOWN = {
    '2.1': {'cores', 'instances', 'key_pairs', 'metadata_items', 'ram'} |
    PERSONALITY | NETWORK,
    '2.50': BASE | PERSONALITY,
    '2.57': BASE,
}


def _class_path(name):
    return '/os-quota-class-sets/%s' % name


@pytest.mark.parametrize('version', sorted(CLASS_SHOWN))
def test_class_set_shapes(api, version):
    name = _unique('class')
    shown = api.get(_class_path(name), version=version).json()
    quota_class_set = shown['quota_class_set']
    assert quota_class_set.pop('id') == name
    assert quota_class_set == {k: DEFAULTS[k] for k in CLASS_SHOWN[version]}
    resp = api.put(_class_path(name), {'quota_class_set': {'cores': 50}},
                   version=version)
    assert resp.status_code == 200
    expected = {k: DEFAULTS[k] for k in CLASS_SHOWN[version]}
    expected['cores'] = 50
    assert resp.json() == {'quota_class_set': expected}


def test_class_update_validation(api):
    name = _unique('class')
    path = _class_path(name)
    for version, values in (('2.1', {'force': True}),
                            ('2.1', {'cores': 'x'}),
                            ('2.50', {'floating_ips': 1}),
                            ('2.57', {'injected_files': 1})):
        resp = api.put(path, {'quota_class_set': values}, version=version)
        assert resp.status_code == 400, (version, values)
    # Server group quotas are settable before 2.50, only not shown.
    resp = api.put(path, {'quota_class_set': {'server_groups': 3}})
    assert 'server_groups' not in resp.json()['quota_class_set']
    shown = api.get(path, version='2.50').json()['quota_class_set']
    assert shown['server_groups'] == 3
    resp = api.put(_class_path('x' * 256), {'quota_class_set': {'cores': 1}})
    assert resp.json()['badRequest']['message'] == \
        'quota_class_name has more than 255 characters.'


def test_class_sets_are_admin_only(api):
    token = '%s:%s' % (_unique('user'), _unique('proj'))
    assert api.get(_class_path('default'), token=token).status_code == 403
    resp = api.put(_class_path('default'),
                   {'quota_class_set': {'cores': 1}}, token=token)
    assert resp.status_code == 403


def test_class_query_strings(api):
    assert api.get(_class_path('default'), version='2.101',
                   params={'foo': 1}).status_code == 200
    assert api.get(_class_path('default'), version='2.102',
                   params={'foo': 1}).status_code == 400


def test_default_class_sets_the_defaults(api, project):
    try:
        resp = api.put(_class_path('default'),
                       {'quota_class_set': {'metadata_items': 64}})
        assert resp.json()['quota_class_set']['metadata_items'] == 64
        for suffix in ('', '/defaults'):
            shown = api.get(_path(project, suffix)).json()['quota_set']
            assert shown['metadata_items'] == 64
        # Another class does not inherit from the default class.
        other = api.get(_class_path(_unique('class'))).json()
        assert other['quota_class_set']['metadata_items'] == 128
        # A project's own limit wins over the default class.
        _update(api, project, {'metadata_items': 7})
        assert _show(api, project).json()['quota_set'][
            'metadata_items'] == 7
    finally:
        api.put(_class_path('default'),
                {'quota_class_set': {'metadata_items': 128}})
