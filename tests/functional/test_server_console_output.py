"""The os-getConsoleOutput action over HTTP: body validation, the server
without a host (409), unknown and other projects' servers, personas.

The success path needs a guest on a fake agent; it is covered once servers
boot end to end (the agent's get_console_output)."""

import datetime
import uuid

import pytest

from compute.db import instances as instances_db
from tests.functional.client import fault_message


def _server(project, **values):
    """A server written straight to the database (building, no host)."""
    server_uuid = str(uuid.uuid4())
    row = dict(uuid=server_uuid, project_id=project, user_id='owner',
               vm_state='building', task_state='scheduling', power_state=0,
               display_name='vm')
    row.update(values)
    instances_db.create(row, flavor={'flavorid': '1', 'name': 'tiny'})
    return server_uuid


def _get(api, server, length=None, **kwargs):
    params = {} if length is None else {'length': length}
    return api.post('/servers/%s/action' % server,
                    {'os-getConsoleOutput': params}, **kwargs)


@pytest.mark.parametrize('length', [None, 50, '50', -1, '-1'])
def test_server_without_host_is_409(api, project, token, length):
    server = _server(project)
    msg = fault_message(_get(api, server, length, token=token), 409)
    assert msg == 'Instance %s is not ready' % server


def test_null_length_is_accepted(api, project, token):
    server = _server(project)
    resp = api.post('/servers/%s/action' % server,
                    {'os-getConsoleOutput': {'length': None}}, token=token)
    fault_message(resp, 409)


@pytest.mark.parametrize('body', [
    {'os-getConsoleOutput': {'length': -2}},
    {'os-getConsoleOutput': {'length': 'abc'}},
    {'os-getConsoleOutput': {'length': 1.5}},
    {'os-getConsoleOutput': {'length': 5, 'extra': 1}},
    {'os-getConsoleOutput': None},
    {'os-getConsoleOutput': {}, 'other': 1},
])
def test_bad_bodies_are_400(api, project, token, body):
    server = _server(project)
    fault_message(api.post('/servers/%s/action' % server, body,
                           token=token), 400)


def test_unknown_and_other_projects_servers_are_404(api, token):
    missing = str(uuid.uuid4())
    msg = fault_message(_get(api, missing, token=token), 404)
    assert msg == 'Instance %s could not be found.' % missing
    other = _server(uuid.uuid4().hex)
    fault_message(_get(api, other, token=token), 404)
    fault_message(_get(api, other), 409)


def test_reader_is_403(api, project):
    server = _server(project, host='h1',
                     launched_at=datetime.datetime(2024, 1, 1))
    msg = fault_message(_get(api, server, token='reader:%s' % project,
                             headers={'X-Roles': 'reader'}), 403)
    assert msg == ("Policy doesn't allow os_compute_api:os-console-output "
                   "to be performed.")


def test_server_whose_host_is_not_up_is_409_at_once(api, project, token):
    # A host with no running agent: answer now, not after the RPC timeout.
    server = _server(project, vm_state='active', task_state=None,
                     power_state=1, host='no-such-agent')
    message = fault_message(_get(api, server, token=token), 409)
    assert message == ('Compute service of no-such-agent is unavailable '
                       'at this time.')
