"""Server metadata over HTTP: list, show, merge, replace, set and delete
items; key/value rules, body/URI mismatch, quota, lock and state checks,
other projects' servers and personas."""

import uuid

import pytest

from compute import conf as compute_conf
from compute.db import instances as instances_db
from tests.functional.client import fault_message
from tests.functional import server_fixtures

CONF = compute_conf.CONF


def _server(project, **values):
    """A server written straight to the database (active unless told)."""
    return server_fixtures.db_server(project, **values)


def _path(server_id, key=None):
    path = '/servers/%s/metadata' % server_id
    return path if key is None else '%s/%s' % (path, key)


def test_index_and_show(api, project, token):
    server = _server(project, metadata={'a': '1', 'My Server Name': 'x'})
    resp = api.get(_path(server), token=token)
    assert resp.status_code == 200
    assert resp.json() == {'metadata': {'a': '1', 'My Server Name': 'x'}}
    resp = api.get(_path(server, 'a'), token=token)
    assert resp.status_code == 200
    assert resp.json() == {'meta': {'a': '1'}}
    msg = fault_message(api.get(_path(server, 'nope'), token=token), 404)
    assert msg == 'Metadata item was not found'


def test_create_merges_and_update_all_replaces(api, project, token):
    server = _server(project, metadata={'a': '1', 'b': '2'})
    resp = api.post(_path(server), {'metadata': {'b': 'B', 'c': '3'}},
                    token=token)
    assert resp.status_code == 200
    assert resp.json() == {'metadata': {'a': '1', 'b': 'B', 'c': '3'}}
    resp = api.put(_path(server), {'metadata': {'foo': 'Foo Value'}},
                   token=token)
    assert resp.status_code == 200
    assert resp.json() == {'metadata': {'foo': 'Foo Value'}}
    assert api.get(_path(server), token=token).json() == {
        'metadata': {'foo': 'Foo Value'}}
    resp = api.put(_path(server), {'metadata': {}}, token=token)
    assert resp.json() == {'metadata': {}}


def test_update_item_and_delete_item(api, project, token):
    server = _server(project, metadata={'foo': 'Foo Value'})
    resp = api.put(_path(server, 'foo'), {'meta': {'foo': 'Bar Value'}},
                   token=token)
    assert resp.status_code == 200
    assert resp.json() == {'meta': {'foo': 'Bar Value'}}
    resp = api.put(_path(server, 'new'), {'meta': {'new': ''}}, token=token)
    assert resp.json() == {'meta': {'new': ''}}
    assert api.get(_path(server), token=token).json()['metadata'] == {
        'foo': 'Bar Value', 'new': ''}
    resp = api.delete(_path(server, 'foo'), token=token)
    assert resp.status_code == 204
    assert resp.content == b''
    assert api.get(_path(server), token=token).json()['metadata'] == {
        'new': ''}
    msg = fault_message(api.delete(_path(server, 'foo'), token=token), 404)
    assert msg == 'Metadata item was not found'


def test_item_body_must_match_uri_and_hold_one_item(api, project, token):
    server = _server(project)
    msg = fault_message(api.put(_path(server, 'a'), {'meta': {'b': '1'}},
                                token=token), 400)
    assert msg == 'Request body and URI mismatch'
    msg = fault_message(api.put(_path(server, 'a'),
                                {'meta': {'a': '1', 'b': '2'}}, token=token),
                        400)
    assert msg.startswith('Invalid input for field/attribute meta.')
    msg = fault_message(api.put(_path(server, 'a'), {'meta': {}},
                                token=token), 400)
    assert msg.startswith('Invalid input for field/attribute meta.')


@pytest.mark.parametrize('metadata', [
    {'': 'empty key'},
    {'k' * 256: 'long key'},
    {'bad/key': 'x'},
    {'k': 'v' * 256},
    {'k': 1},
    {'k': None},
])
def test_invalid_items_are_400(api, project, token, metadata):
    server = _server(project)
    fault_message(api.post(_path(server), {'metadata': metadata},
                           token=token), 400)


def test_longest_key_and_value_are_accepted(api, project, token):
    server = _server(project)
    resp = api.post(_path(server), {'metadata': {'k' * 255: 'v' * 255}},
                    token=token)
    assert resp.status_code == 200


@pytest.mark.parametrize('body', [{}, {'metadata': {}, 'extra': 1},
                                  {'metadata': 'x'}, {'meta': {'a': 'b'}}])
def test_bad_bodies_are_400(api, project, token, body):
    server = _server(project)
    fault_message(api.post(_path(server), body, token=token), 400)


def test_quota_counts_the_resulting_items(api, project, token):
    # The project's own limit: it wins over the class and the defaults.
    api.put('/os-quota-sets/%s' % project,
            {'quota_set': {'metadata_items': 2}})
    try:
        server = _server(project, metadata={'a': '1'})
        msg = fault_message(api.post(_path(server),
                                     {'metadata': {'b': '2', 'c': '3'}},
                                     token=token), 403)
        assert msg == 'Maximum number of metadata items exceeds 2'
        resp = api.post(_path(server), {'metadata': {'a': 'A', 'b': '2'}},
                        token=token)
        assert resp.status_code == 200
        fault_message(api.put(_path(server, 'c'), {'meta': {'c': '3'}},
                              token=token), 403)
        resp = api.put(_path(server), {'metadata': {'x': '1', 'y': '2'}},
                       token=token)
        assert resp.status_code == 200
    finally:
        api.delete('/os-quota-sets/%s' % project)


def test_locked_server_refuses_members_not_admins(api, project, token):
    server = _server(project, locked=True, locked_by='admin')
    msg = fault_message(api.post(_path(server), {'metadata': {'a': '1'}},
                                 token=token), 409)
    assert msg == 'Instance %s is locked' % server
    fault_message(api.put(_path(server), {'metadata': {}}, token=token), 409)
    assert api.get(_path(server), token=token).status_code == 200
    resp = api.post(_path(server), {'metadata': {'a': '1'}})
    assert resp.status_code == 200
    fault_message(api.delete(_path(server, 'a'), token=token), 409)
    assert api.delete(_path(server, 'a')).status_code == 204


@pytest.mark.parametrize('vm_state', ['active', 'paused', 'suspended',
                                      'stopped'])
def test_changes_allowed_states(api, project, token, vm_state):
    server = _server(project, vm_state=vm_state, task_state='rebooting',
                     metadata={'a': '1'})
    resp = api.post(_path(server), {'metadata': {'b': '2'}}, token=token)
    assert resp.status_code == 200
    assert api.delete(_path(server, 'a'), token=token).status_code == 204


@pytest.mark.parametrize('vm_state', ['building', 'error', 'rescued',
                                      'resized', 'shelved',
                                      'shelved_offloaded', 'soft-delete'])
def test_changes_refused_in_other_states(api, project, token, vm_state):
    server = _server(project, vm_state=vm_state, metadata={'a': '1'})
    msg = fault_message(api.post(_path(server), {'metadata': {'b': '2'}},
                                 token=token), 409)
    assert msg == ("Cannot 'update metadata' instance %s while it is in "
                   "vm_state %s" % (server, vm_state))
    msg = fault_message(api.delete(_path(server, 'a'), token=token), 409)
    assert msg == ("Cannot 'delete metadata' instance %s while it is in "
                   "vm_state %s" % (server, vm_state))


def test_never_launched_server_refuses_changes(api, project, token):
    server = _server(project, launched_at=None)
    msg = fault_message(api.post(_path(server), {'metadata': {'b': '2'}},
                                 token=token), 409)
    assert msg == ("Instance %s is in an invalid state for 'update "
                   "metadata'" % server)


def test_unknown_and_other_projects_servers_are_404(api, project, token):
    missing = str(uuid.uuid4())
    msg = fault_message(api.get(_path(missing), token=token), 404)
    assert msg == 'Instance %s could not be found.' % missing
    other = _server(uuid.uuid4().hex, metadata={'a': '1'})
    for resp in (api.get(_path(other), token=token),
                 api.get(_path(other, 'a'), token=token),
                 api.post(_path(other), {'metadata': {}}, token=token),
                 api.put(_path(other), {'metadata': {}}, token=token),
                 api.put(_path(other, 'a'), {'meta': {'a': '2'}},
                         token=token),
                 api.delete(_path(other, 'a'), token=token)):
        assert fault_message(resp, 404) == \
            'Instance %s could not be found.' % other
    assert api.get(_path(other)).json() == {'metadata': {'a': '1'}}


def test_deleted_server_is_404(api, project, token):
    server = _server(project)
    instances_db.soft_delete(server)
    fault_message(api.get(_path(server), token=token), 404)


def test_reader_reads_but_cannot_change(api, project):
    server = _server(project, metadata={'a': '1'})
    reader = {'X-Roles': 'reader'}
    token = 'reader:%s' % project
    assert api.get(_path(server), token=token, headers=reader).json() == {
        'metadata': {'a': '1'}}
    assert api.get(_path(server, 'a'), token=token,
                   headers=reader).status_code == 200
    for resp, rule in (
            (api.post(_path(server), {'metadata': {}}, token=token,
                      headers=reader), 'create'),
            (api.put(_path(server), {'metadata': {}}, token=token,
                     headers=reader), 'update_all'),
            (api.put(_path(server, 'a'), {'meta': {'a': '2'}}, token=token,
                     headers=reader), 'update'),
            (api.delete(_path(server, 'a'), token=token, headers=reader),
             'delete')):
        assert fault_message(resp, 403) == (
            "Policy doesn't allow os_compute_api:server-metadata:%s to be "
            "performed." % rule)
