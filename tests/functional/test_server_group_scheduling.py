"""Servers in server groups on the real stack (three fake hosts, compute1,
compute2 and compute3): the ``group`` hint on POST /servers, membership and its
quota, the hard policies enforced by the scheduler (anti-affinity
spreads, affinity packs, max_server_per_host) and, against races, by the
agent's late check (forced hosts and concurrent boots)."""

import concurrent.futures
import uuid

import pytest

from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.live_servers import token
from tests.functional.live_servers import wait

ADMIN = 'admin:admin'
NO_VALID_HOST = 'No valid host was found.'


def _group(api, tok, policy, rules=None):
    body = {'server_group': {'name': 'g', 'policy': policy}}
    if rules:
        body['server_group']['rules'] = rules
    resp = api.post('/os-server-groups', body, token=tok, version='2.64')
    assert resp.status_code == 200, resp.text
    return resp.json()['server_group']['id']


def _post(api, tok, group, **extra):
    """POST /servers with the ``group`` hint (a uuid, or a list)."""
    body = {'server': dict({'name': 'vm', 'flavorRef': '1',
                            'imageRef': live_servers.image_id(api),
                            'networks': 'auto'}, **extra),
            'os:scheduler_hints': {'group': group}}
    return api.post('/servers', body, token=tok,
                    version=live_servers.VERSION)


def _boot(api, tok, group_id, **extra):
    """POST /servers into the group; the new server's id."""
    resp = _post(api, tok, group_id, **extra)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _settled(api, tok, server_id):
    return wait(api, server_id, tok, {'ACTIVE', 'ERROR'})


def _boot_settled(api, tok, group_id, **extra):
    """Boot into the group and wait for ACTIVE or ERROR (so the next
    boot's scheduling sees where this one went); the server's body."""
    return _settled(api, tok, _boot(api, tok, group_id, **extra))


def _host(api, server_id):
    resp = api.get('/servers/' + server_id, version='2.90')
    return resp.json()['server']['OS-EXT-SRV-ATTR:host']


def _members(api, tok, group_id):
    resp = api.get('/os-server-groups/' + group_id, token=tok)
    assert resp.status_code == 200, resp.text
    return resp.json()['server_group']['members']


def _active_hosts(api, tok, server_ids):
    """{server id: host} of the servers that went ACTIVE."""
    return {sid: _host(api, sid) for sid in server_ids
            if _settled(api, tok, sid)['status'] == 'ACTIVE'}


# -- The hint and membership --------------------------------------------------

def test_members_and_server_groups_field(api):
    tok = token()
    group_id = _group(api, tok, 'anti-affinity')
    server_id = _boot(api, tok, group_id)
    assert _settled(api, tok, server_id)['status'] == 'ACTIVE'
    assert _members(api, tok, group_id) == [server_id]
    shown = api.get('/servers/' + server_id, token=tok, version='2.71')
    assert shown.json()['server']['server_groups'] == [group_id]
    before = api.get('/servers/' + server_id, token=tok, version='2.70')
    assert 'server_groups' not in before.json()['server']
    # Deleting the server ends its membership.
    api.delete('/servers/' + server_id, token=tok)
    wait(api, server_id, tok, {'DELETED'})
    assert _members(api, tok, group_id) == []


def test_server_outside_groups_shows_none(api):
    tok = token()
    resp = live_servers.boot(api, tok)
    server_id = resp.json()['server']['id']
    shown = api.get('/servers/' + server_id, token=tok, version='2.71')
    assert shown.json()['server']['server_groups'] == []


def test_deleting_the_group_keeps_the_server(api):
    tok = token()
    group_id = _group(api, tok, 'affinity')
    server_id = _boot(api, tok, group_id)
    assert api.delete('/os-server-groups/' + group_id,
                      token=tok).status_code == 204
    assert _settled(api, tok, server_id)['status'] == 'ACTIVE'
    shown = api.get('/servers/' + server_id, token=tok, version='latest')
    assert shown.json()['server']['server_groups'] == []


@pytest.mark.parametrize('other_project', [False, True])
def test_unknown_or_invisible_group_is_400(api, other_project):
    tok = token()
    group_id = _group(api, token(), 'affinity') if other_project \
        else str(uuid.uuid4())
    resp = _post(api, tok, group_id)
    assert resp.status_code == 400, resp.text
    assert resp.json() == {'badRequest': {
        'code': 400,
        'message': 'Instance group %s could not be found.' % group_id}}
    assert api.get('/servers', token=tok).json()['servers'] == []


def test_admin_boots_into_any_projects_group(api):
    group_id = _group(api, token(), 'affinity')
    admin = token(admin=True)
    server_id = _boot(api, admin, group_id)
    assert _settled(api, admin, server_id)['status'] == 'ACTIVE'
    assert _members(api, ADMIN, group_id) == [server_id]


def test_one_group_per_server(api):
    tok = token()
    first, second = _group(api, tok, 'affinity'), _group(api, tok, 'affinity')
    resp = _post(api, tok, [first, second])
    assert resp.status_code == 400, resp.text
    # A list naming one group is that group.
    server_id = _boot(api, tok, [first])
    assert _members(api, tok, first) == [server_id]


def test_server_group_members_quota(api):
    tok = token()
    project = tok.split(':')[1]
    resp = api.put('/os-quota-sets/' + project,
                   {'quota_set': {'server_group_members': 2}}, token=ADMIN)
    assert resp.status_code == 200, resp.text
    group_id = _group(api, tok, 'soft-anti-affinity')
    over = _post(api, tok, group_id, min_count=3)
    assert over.status_code == 403, over.text
    assert over.json() == {'forbidden': {
        'code': 403, 'message': 'Quota exceeded, too many servers in group'}}
    first = _boot(api, tok, group_id)
    second = _boot(api, tok, group_id)
    assert _post(api, tok, group_id).status_code == 403
    assert sorted(_members(api, tok, group_id)) == sorted([first, second])
    # A deleted member frees its place.
    _settled(api, tok, first)
    api.delete('/servers/' + first, token=tok)
    wait(api, first, tok, {'DELETED'})
    third = _boot(api, tok, group_id)
    assert sorted(_members(api, tok, group_id)) == sorted([second, third])


# -- Scheduling -----------------------------------------------------------

def test_anti_affinity_spreads_and_member_beyond_hosts_fails(
        api, compute_hosts):
    tok = token()
    group_id = _group(api, tok, 'anti-affinity')
    servers = [_boot_settled(api, tok, group_id)['id']
               for _ in compute_hosts]
    hosts = _active_hosts(api, tok, servers)
    assert sorted(hosts.values()) == compute_hosts
    # One member more than there are hosts: no host is left for it.
    body = _boot_settled(api, tok, group_id)
    assert body['status'] == 'ERROR'
    assert body['fault']['message'].startswith(NO_VALID_HOST)


def test_anti_affinity_multi_create_beyond_hosts_fails(api, compute_hosts):
    tok = token()
    group_id = _group(api, tok, 'anti-affinity')
    count = len(compute_hosts) + 1
    resp = _post(api, tok, group_id, min_count=count, max_count=count,
                 return_reservation_id=True)
    assert resp.status_code == 202, resp.text
    servers = api.get('/servers', token=tok).json()['servers']
    assert len(servers) == count
    for server in servers:
        assert _settled(api, tok, server['id'])['status'] == 'ERROR'


def test_affinity_packs(api):
    tok = token()
    group_id = _group(api, tok, 'affinity')
    first = _boot_settled(api, tok, group_id)['id']
    _post(api, tok, group_id, min_count=2, max_count=2)
    servers = [s['id'] for s in api.get('/servers', token=tok).json()[
        'servers']]
    assert len(servers) == 3 and first in servers
    hosts = _active_hosts(api, tok, servers)
    assert len(hosts) == 3 and len(set(hosts.values())) == 1


def test_max_server_per_host_two(api, compute_hosts):
    tok = token()
    group_id = _group(api, tok, 'anti-affinity',
                      {'max_server_per_host': 2})
    servers = [_boot_settled(api, tok, group_id)['id']
               for _ in range(2 * len(compute_hosts))]
    hosts = list(_active_hosts(api, tok, servers).values())
    assert len(hosts) == 2 * len(compute_hosts)
    assert sorted(hosts) == sorted(compute_hosts * 2)
    # Every host holds two members: the next one has nowhere to go.
    assert _boot_settled(api, tok, group_id)['status'] == 'ERROR'


# -- The agent's late check ------------------------------------------------

def _build_event(api, server_id):
    resp = api.get('/servers/%s/os-instance-actions' % server_id,
                   version='2.84')
    request_id = resp.json()['instanceActions'][0]['request_id']
    resp = api.get('/servers/%s/os-instance-actions/%s'
                   % (server_id, request_id), version='2.84')
    events = resp.json()['instanceAction']['events']
    return next(e for e in events
                if e['event'] == 'compute__do_build_and_run_instance')


@pytest.mark.parametrize('policy,second_host,reason', [
    ('anti-affinity', 'compute1',
     'Anti-affinity instance group policy was violated.'),
    ('affinity', 'compute2', 'Affinity instance group policy was violated.'),
])
def test_late_check_fails_a_forced_host(api, policy, second_host, reason):
    """A forced host skips the filters: only the agent's check stops the
    second member, and with no other host the build ends in ERROR."""
    admin = token(admin=True)
    group_id = _group(api, admin, policy)
    first = _boot_settled(api, admin, group_id,
                          availability_zone='nova:compute1')
    assert first['status'] == 'ACTIVE'
    second = _boot_settled(api, admin, group_id,
                           availability_zone='nova:' + second_host)
    assert second['status'] == 'ERROR'
    event = _build_event(api, second['id'])
    assert event['result'] == 'Error'
    assert event['details'] == reason


def test_concurrent_anti_affinity_boots_never_share_a_host(
        api, compute_hosts):
    tok = token()
    group_id = _group(api, tok, 'anti-affinity')
    # Twice as many boots at once as there are hosts.
    count = 2 * len(compute_hosts)
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        responses = list(pool.map(lambda _: _post(api, tok, group_id),
                                  range(count)))
    assert all(r.status_code == 202 for r in responses)
    servers = [r.json()['server']['id'] for r in responses]
    hosts = list(_active_hosts(api, tok, servers).values())
    # The first member checked on each host is built there, every other
    # one ends in ERROR.
    assert sorted(hosts) == compute_hosts, hosts


def test_failed_member_holds_no_host(api):
    """A member whose build failed does not pull the affinity group to
    the host it failed on."""
    admin = token(admin=True)
    group_id = _group(api, admin, 'affinity')
    first = _boot_settled(api, admin, group_id,
                          availability_zone='nova:compute1')
    failed = _boot_settled(api, admin, group_id,
                           availability_zone='nova:compute2')
    assert failed['status'] == 'ERROR'
    for _ in range(2):
        body = _boot_settled(api, admin, group_id)
        assert body['status'] == 'ACTIVE'
        assert _host(api, body['id']) == _host(api, first['id'])
