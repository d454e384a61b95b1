"""Instance actions over HTTP: list and show per microversion (deleted
servers 2.21, events for owners 2.51, paging and changes-since 2.58, event
hosts 2.62, changes-before 2.66, event details 2.84), errors and
personas."""

import datetime
import hashlib
import uuid

import pytest
import sqlalchemy as sa

from compute import context as compute_context
from compute.db import instance_actions
from compute.db import instances as instances_db
from compute.db import models_cell as models
from compute.db import session
from tests.functional.client import fault_message
from tests.functional import server_fixtures

ACTION_KEYS = {'action', 'instance_uuid', 'message', 'project_id',
               'request_id', 'start_time', 'user_id'}
EVENT_KEYS = {'event', 'finish_time', 'result', 'start_time'}


def _server(project, **values):
    """A server written straight to the database (active unless told)."""
    return server_fixtures.db_server(project, **values)


def _record(server, project, action, updated_at, events=()):
    """Record ``action`` on ``server`` with ``events`` ((name, host,
    result)); its updated_at is set to ``updated_at``. The request id."""
    request_id = 'req-' + str(uuid.uuid4())
    ctx = compute_context.RequestContext(
        user_id='owner', project_id=project, request_id=request_id,
        overwrite=False)
    instance_actions.action_start(ctx, server, action)
    for name, host, result in events:
        instance_actions.event_start(ctx, server, name, host=host)
        failed = result != 'Success'
        instance_actions.event_finish(
            ctx, server, name, result=result,
            traceback='Traceback: boom' if failed else None,
            details='the reason' if failed else None)
    with session.cell_session() as db:
        db.execute(sa.update(models.InstanceAction).where(
            models.InstanceAction.request_id == request_id).values(
                updated_at=updated_at))
    return request_id


@pytest.fixture
def history(project):
    """A server with three actions, oldest first: (server, request ids)."""
    server = _server(project)
    day = datetime.datetime(2024, 5, 1)
    ids = [_record(server, project, 'create', day,
                   [('compute__do_build_and_run_instance', 'h1', 'Success')]),
           _record(server, project, 'stop', day + datetime.timedelta(1),
                   [('compute_stop_instance', 'h1', 'Success')]),
           _record(server, project, 'reboot', day + datetime.timedelta(2),
                   [('compute_reboot_instance', 'h1', 'Error')])]
    return server, ids


def _path(server, request_id=None):
    path = '/servers/%s/os-instance-actions' % server
    return path if request_id is None else '%s/%s' % (path, request_id)


def _list(api, server, token, version, **params):
    resp = api.get(_path(server), token=token, version=version,
                   params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_list_newest_first_at_2_1(api, project, token, history):
    server, ids = history
    body = _list(api, server, token, '2.1')
    assert list(body) == ['instanceActions']
    actions = body['instanceActions']
    assert [a['request_id'] for a in actions] == ids[::-1]
    assert [a['action'] for a in actions] == ['reboot', 'stop', 'create']
    assert all(set(a) == ACTION_KEYS for a in actions)
    assert actions[0]['message'] == 'Error'
    assert actions[1]['message'] is None
    assert actions[0]['instance_uuid'] == server
    assert actions[0]['project_id'] == project
    assert actions[0]['user_id'] == 'owner'
    datetime.datetime.strptime(actions[0]['start_time'],
                               '%Y-%m-%dT%H:%M:%S.%f')


def test_list_ignores_paging_before_2_58(api, token, history):
    server, ids = history
    body = _list(api, server, token, '2.57', limit=1, foo='bar')
    assert len(body['instanceActions']) == 3


def test_list_2_58_updated_at_limit_marker_links(api, token, history):
    server, ids = history
    body = _list(api, server, token, '2.58')
    assert all(set(a) == ACTION_KEYS | {'updated_at'}
               for a in body['instanceActions'])
    assert body['instanceActions'][0]['updated_at'] == \
        '2024-05-03T00:00:00.000000'
    assert 'links' not in body
    body = _list(api, server, token, '2.58', limit=2)
    assert [a['request_id'] for a in body['instanceActions']] == \
        [ids[2], ids[1]]
    link, = body['links']
    assert link['rel'] == 'next'
    assert link['href'].endswith(
        '/v2.1/servers/%s/os-instance-actions?limit=2&marker=%s'
        % (server, ids[1]))
    body = _list(api, server, token, '2.58', limit=2, marker=ids[1])
    assert [a['request_id'] for a in body['instanceActions']] == [ids[0]]
    assert 'links' not in body
    body = _list(api, server, token, '2.58', limit=3)
    assert len(body['links']) == 1


def test_list_bad_paging_is_400(api, token, history):
    server, _ = history
    msg = fault_message(api.get(_path(server), token=token, version='2.58',
                                params={'marker': 'req-nope'}), 400)
    assert msg == 'Marker req-nope could not be found.'
    for params in ({'limit': -1}, {'limit': 'x'}, {'foo': 'bar'},
                   {'changes-since': 'yesterday'},
                   {'changes-before': '2024-05-01T00:00:00Z'}):
        fault_message(api.get(_path(server), token=token, version='2.58',
                              params=params), 400)


def test_list_changes_since_and_before(api, token, history):
    server, ids = history
    body = _list(api, server, token, '2.58',
                 **{'changes-since': '2024-05-02T00:00:00Z'})
    assert [a['request_id'] for a in body['instanceActions']] == \
        [ids[2], ids[1]]
    body = _list(api, server, token, '2.66',
                 **{'changes-before': '2024-05-02T00:00:00Z'})
    assert [a['request_id'] for a in body['instanceActions']] == \
        [ids[1], ids[0]]
    body = _list(api, server, token, '2.66',
                 **{'changes-since': '2024-05-02T00:00:00Z',
                    'changes-before': '2024-05-02T00:00:00+00:00'})
    assert [a['request_id'] for a in body['instanceActions']] == [ids[1]]
    params = {'changes-since': '2024-05-03T00:00:00Z',
              'changes-before': '2024-05-01T00:00:00Z'}
    msg = fault_message(api.get(_path(server), token=token, version='2.66',
                                params=params), 400)
    assert msg == ('The value of changes-since must be less than or equal '
                   'to changes-before.')


def test_deleted_server_readable_from_2_21(api, project, token):
    server = _server(project)
    request_id = _record(server, project, 'delete',
                         datetime.datetime(2024, 5, 1))
    instances_db.soft_delete(server)
    fault_message(api.get(_path(server), token=token, version='2.20'), 404)
    fault_message(api.get(_path(server, request_id), token=token,
                          version='2.20'), 404)
    body = _list(api, server, token, '2.21')
    assert [a['action'] for a in body['instanceActions']] == ['delete']
    resp = api.get(_path(server, request_id), token=token, version='2.21')
    assert resp.status_code == 200


def _show(api, server, request_id, version, token=None, **kwargs):
    kwargs = dict(kwargs, token=token) if token else kwargs
    resp = api.get(_path(server, request_id), version=version, **kwargs)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert list(body) == ['instanceAction']
    return body['instanceAction']


def test_show_admin_sees_events_with_traceback(api, history):
    server, ids = history
    action = _show(api, server, ids[2], '2.1')
    assert set(action) == ACTION_KEYS | {'events'}
    event, = action['events']
    assert set(event) == EVENT_KEYS | {'traceback'}
    assert event['event'] == 'compute_reboot_instance'
    assert event['result'] == 'Error'
    assert event['traceback'] == 'Traceback: boom'


def test_show_owner_sees_events_from_2_51_without_traceback(api, token,
                                                            history):
    server, ids = history
    action = _show(api, server, ids[1], '2.50', token)
    assert set(action) == ACTION_KEYS
    action = _show(api, server, ids[1], '2.51', token)
    event, = action['events']
    assert set(event) == EVENT_KEYS
    assert event['result'] == 'Success'


def test_show_2_58_adds_updated_at(api, token, history):
    server, ids = history
    action = _show(api, server, ids[0], '2.58', token)
    assert set(action) == ACTION_KEYS | {'updated_at', 'events'}


def test_show_2_62_host_id_for_all_host_for_admin(api, project, token,
                                                  history):
    server, ids = history
    host_id = hashlib.sha224((project + 'h1').encode()).hexdigest()
    event, = _show(api, server, ids[1], '2.62', token)['events']
    assert set(event) == EVENT_KEYS | {'hostId'}
    assert event['hostId'] == host_id
    event, = _show(api, server, ids[1], '2.62')['events']
    assert set(event) == EVENT_KEYS | {'hostId', 'host', 'traceback'}
    assert event['host'] == 'h1'
    assert event['hostId'] == host_id


def test_show_2_84_details_for_admin(api, token, history):
    server, ids = history
    event, = _show(api, server, ids[2], '2.83')['events']
    assert 'details' not in event
    event, = _show(api, server, ids[2], '2.84')['events']
    assert set(event) == EVENT_KEYS | {'hostId', 'host', 'traceback',
                                       'details'}
    assert event['details'] == 'the reason'
    event, = _show(api, server, ids[2], '2.84', token)['events']
    assert set(event) == EVENT_KEYS | {'hostId'}


def test_show_unknown_request_id_is_404(api, token, history):
    server, _ = history
    msg = fault_message(api.get(_path(server, 'req-nope'), token=token),
                        404)
    assert msg == 'Action req-nope not found'


def test_unknown_and_other_projects_servers_are_404(api, token, history):
    server, ids = history
    missing = str(uuid.uuid4())
    msg = fault_message(api.get(_path(missing), token=token), 404)
    assert msg == 'Instance %s could not be found.' % missing
    other_token = 'member:%s' % uuid.uuid4().hex
    fault_message(api.get(_path(server), token=other_token), 404)
    fault_message(api.get(_path(server, ids[0]), token=other_token), 404)


def test_reader_lists_and_shows(api, project, history):
    server, ids = history
    kwargs = {'token': 'reader:%s' % project,
              'headers': {'X-Roles': 'reader'}}
    assert len(_list(api, server, version='2.1', **kwargs)[
        'instanceActions']) == 3
    action = _show(api, server, ids[0], '2.51', **kwargs)
    assert 'events' in action


def test_show_unknown_query_refused_from_2_102(api, token, history):
    server, ids = history
    fault_message(api.get(_path(server, ids[0]), token=token,
                          version='2.102', params={'x': 1}), 400)
