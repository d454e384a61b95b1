"""Server tags over HTTP (2.26+): list, check, add, replace, delete one and
all; tag rules, the 50-tag limit, state checks, other projects' servers
(403, as Nova checks policy first), personas and the 2.25 boundary."""

import uuid

import pytest

from tests.functional.client import fault_message
from tests.functional import server_fixtures

V = '2.26'


def _server(project, **values):
    """A server written straight to the database (active unless told)."""
    return server_fixtures.db_server(project, **values)


def _path(server_id, tag=None):
    path = '/servers/%s/tags' % server_id
    return path if tag is None else '%s/%s' % (path, tag)


def _tags(api, server, token):
    resp = api.get(_path(server), token=token, version=V)
    assert resp.status_code == 200
    return resp.json()['tags']


def test_routes_do_not_exist_before_2_26(api, project, token):
    server = _server(project, tags=['a'])
    for resp in (api.get(_path(server), token=token, version='2.25'),
                 api.put(_path(server), {'tags': []}, token=token,
                         version='2.25'),
                 api.delete(_path(server), token=token, version='2.25'),
                 api.get(_path(server, 'a'), token=token, version='2.25'),
                 api.put(_path(server, 'a'), token=token, version='2.25'),
                 api.delete(_path(server, 'a'), token=token,
                            version='2.25')):
        fault_message(resp, 404)


def test_index_and_show(api, project, token):
    server = _server(project, tags=['tag2', 'tag1'])
    resp = api.get(_path(server), token=token, version=V)
    assert resp.json() == {'tags': ['tag1', 'tag2']}
    resp = api.get(_path(server, 'tag1'), token=token, version=V)
    assert resp.status_code == 204
    assert resp.content == b''
    msg = fault_message(api.get(_path(server, 'nope'), token=token,
                                version=V), 404)
    assert msg == "Server %s has no tag 'nope'" % server


def test_put_all_replaces(api, project, token):
    server = _server(project, tags=['old', 'tag1'])
    resp = api.put(_path(server), {'tags': ['tag1', 'tag2', 'tag2']},
                   token=token, version=V)
    assert resp.status_code == 200
    assert resp.json() == {'tags': ['tag1', 'tag2']}
    assert _tags(api, server, token) == ['tag1', 'tag2']
    resp = api.put(_path(server), {'tags': []}, token=token, version=V)
    assert resp.json() == {'tags': []}


def test_put_one_adds_with_location_or_204(api, project, token):
    server = _server(project)
    resp = api.put(_path(server, 'tag1'), token=token, version=V)
    assert resp.status_code == 201
    assert resp.content == b''
    assert resp.headers['Location'].endswith(
        '/v2.1/servers/%s/tags/tag1' % server)
    resp = api.put(_path(server, 'tag1'), token=token, version=V)
    assert resp.status_code == 204
    assert _tags(api, server, token) == ['tag1']


def test_put_one_takes_no_body(api, project, token):
    server = _server(project)
    fault_message(api.put(_path(server, 'tag1'), {}, token=token,
                          version=V), 400)
    resp = api.put(_path(server, 'tag1'), raw_body=b'null', token=token,
                   version=V, headers={'Content-Type': 'application/json'})
    assert resp.status_code == 201


@pytest.mark.parametrize('tag', ['a,b', 'x' * 61])
def test_put_one_invalid_tag_is_400(api, project, token, tag):
    server = _server(project)
    msg = fault_message(api.put(_path(server, tag), token=token, version=V),
                        400)
    assert msg.startswith(
        "Tag '%s' is invalid. It must be a non empty string without "
        "characters '/' and ','. Validation error message: " % tag)


@pytest.mark.parametrize('tags', [['a/b'], ['a,b'], [''], ['x' * 61], [1],
                                  'tag', None])
def test_put_all_invalid_tags_are_400(api, project, token, tags):
    server = _server(project)
    fault_message(api.put(_path(server), {'tags': tags}, token=token,
                          version=V), 400)


def test_put_all_bad_bodies_are_400(api, project, token):
    server = _server(project)
    for body in ({}, {'tags': [], 'extra': 1}):
        fault_message(api.put(_path(server), body, token=token, version=V),
                      400)


def test_at_most_50_tags(api, project, token):
    server = _server(project)
    tags = ['t%02d' % i for i in range(50)]
    resp = api.put(_path(server), {'tags': tags}, token=token, version=V)
    assert resp.status_code == 200
    fault_message(api.put(_path(server), {'tags': tags + ['t50']},
                          token=token, version=V), 400)
    msg = fault_message(api.put(_path(server, 'extra'), token=token,
                                version=V), 400)
    assert msg == 'The number of tags exceeded the per-server limit 50'


def test_delete_one_and_all(api, project, token):
    server = _server(project, tags=['a', 'b', 'c'])
    resp = api.delete(_path(server, 'a'), token=token, version=V)
    assert resp.status_code == 204
    assert _tags(api, server, token) == ['b', 'c']
    msg = fault_message(api.delete(_path(server, 'a'), token=token,
                                   version=V), 404)
    assert msg == "Instance %s has no tag 'a'" % server
    resp = api.delete(_path(server), token=token, version=V)
    assert resp.status_code == 204
    assert _tags(api, server, token) == []
    assert api.delete(_path(server), token=token,
                      version=V).status_code == 204


@pytest.mark.parametrize('vm_state', ['active', 'paused', 'suspended',
                                      'stopped'])
def test_changes_allowed_states(api, project, token, vm_state):
    server = _server(project, vm_state=vm_state, task_state='rebooting',
                     launched_at=None, tags=['a'])
    assert api.put(_path(server, 'b'), token=token,
                   version=V).status_code == 201
    assert api.delete(_path(server, 'a'), token=token,
                      version=V).status_code == 204


@pytest.mark.parametrize('vm_state', ['building', 'error', 'rescued',
                                      'shelved_offloaded'])
def test_changes_refused_in_other_states(api, project, token, vm_state):
    server = _server(project, vm_state=vm_state, tags=['a'])
    for resp, verb in (
            (api.put(_path(server, 'b'), token=token, version=V),
             'update tag'),
            (api.put(_path(server), {'tags': []}, token=token, version=V),
             'update tags'),
            (api.delete(_path(server, 'a'), token=token, version=V),
             'delete tag'),
            (api.delete(_path(server), token=token, version=V),
             'delete tags')):
        assert fault_message(resp, 409) == (
            "Cannot '%s' instance %s while it is in vm_state %s"
            % (verb, server, vm_state))
    assert _tags(api, server, token) == ['a']


def test_locked_server_still_takes_tag_changes(api, project, token):
    server = _server(project, locked=True, locked_by='admin')
    assert api.put(_path(server, 'a'), token=token,
                   version=V).status_code == 201


def test_unknown_server_is_404(api, token):
    missing = str(uuid.uuid4())
    msg = fault_message(api.get(_path(missing), token=token, version=V), 404)
    assert msg == 'Instance %s could not be found.' % missing
    fault_message(api.put(_path(missing, 'a'), token=token, version=V), 404)


def test_other_projects_server_is_403(api, token):
    other = _server(uuid.uuid4().hex, tags=['a'])
    for resp, rule in (
            (api.get(_path(other), token=token, version=V), 'index'),
            (api.get(_path(other, 'a'), token=token, version=V), 'show'),
            (api.put(_path(other, 'b'), token=token, version=V), 'update'),
            (api.put(_path(other), {'tags': []}, token=token, version=V),
             'update_all'),
            (api.delete(_path(other, 'a'), token=token, version=V),
             'delete'),
            (api.delete(_path(other), token=token, version=V),
             'delete_all')):
        assert fault_message(resp, 403) == (
            "Policy doesn't allow os_compute_api:os-server-tags:%s to be "
            "performed." % rule)
    assert api.get(_path(other), version=V).json() == {'tags': ['a']}


def test_reader_reads_but_cannot_change(api, project):
    server = _server(project, tags=['a'])
    token = 'reader:%s' % project
    reader = {'X-Roles': 'reader'}
    assert api.get(_path(server), token=token, headers=reader,
                   version=V).json() == {'tags': ['a']}
    assert api.get(_path(server, 'a'), token=token, headers=reader,
                   version=V).status_code == 204
    for resp in (api.put(_path(server, 'b'), token=token, headers=reader,
                         version=V),
                 api.put(_path(server), {'tags': []}, token=token,
                         headers=reader, version=V),
                 api.delete(_path(server, 'a'), token=token, headers=reader,
                            version=V),
                 api.delete(_path(server), token=token, headers=reader,
                            version=V)):
        fault_message(resp, 403)
