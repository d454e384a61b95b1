"""Server password over HTTP: read the chunks kept in system metadata,
clear them, other projects' servers and personas."""

import uuid


from compute.db import instances as instances_db
from tests.functional.client import fault_message
from tests.functional import server_fixtures

ENCRYPTED = 'x' * 300 + 'y' * 40


def _server(project, **values):
    """A server written straight to the database (active unless told)."""
    return server_fixtures.db_server(project, **values)


def _path(server_id):
    return '/servers/%s/os-server-password' % server_id


def _with_password(project):
    return _server(project, system_metadata={
        'password_0': ENCRYPTED[:255], 'password_1': ENCRYPTED[255:],
        'password_2': '', 'password_3': '', 'image_base': 'x'})


def test_show_joins_the_chunks(api, project, token):
    server = _with_password(project)
    resp = api.get(_path(server), token=token)
    assert resp.status_code == 200
    assert resp.json() == {'password': ENCRYPTED}


def test_show_without_password_is_empty(api, project, token):
    server = _server(project)
    assert api.get(_path(server), token=token).json() == {'password': ''}


def test_clear(api, project, token):
    server = _with_password(project)
    resp = api.delete(_path(server), token=token)
    assert resp.status_code == 204
    assert resp.content == b''
    assert api.get(_path(server), token=token).json() == {'password': ''}
    system_metadata = instances_db.get(server).system_metadata
    assert system_metadata['image_base'] == 'x'
    assert {system_metadata['password_%d' % i] for i in range(4)} == {''}
    assert api.delete(_path(server), token=token).status_code == 204


def test_unknown_and_other_projects_servers_are_404(api, token):
    missing = str(uuid.uuid4())
    msg = fault_message(api.get(_path(missing), token=token), 404)
    assert msg == 'Instance %s could not be found.' % missing
    other = _with_password(uuid.uuid4().hex)
    fault_message(api.get(_path(other), token=token), 404)
    fault_message(api.delete(_path(other), token=token), 404)
    assert api.get(_path(other)).json() == {'password': ENCRYPTED}


def test_reader_reads_but_cannot_clear(api, project):
    server = _with_password(project)
    token = 'reader:%s' % project
    reader = {'X-Roles': 'reader'}
    assert api.get(_path(server), token=token,
                   headers=reader).json() == {'password': ENCRYPTED}
    msg = fault_message(api.delete(_path(server), token=token,
                                   headers=reader), 403)
    assert msg == ("Policy doesn't allow os_compute_api:os-server-password:"
                   "clear to be performed.")


def test_unknown_query_refused_from_2_102(api, project, token):
    server = _server(project)
    assert api.get(_path(server), token=token, params={'x': 1},
                   version='2.101').status_code == 200
    fault_message(api.get(_path(server), token=token, params={'x': 1},
                          version='2.102'), 400)
