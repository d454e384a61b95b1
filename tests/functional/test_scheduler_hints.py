"""Scheduler hints through HTTP on the live stack: same_host,
different_host, query (JsonFilter), build_near_host_ip + cidr, group, and
the other hints the schema accepts, with the filters that read them
enabled through ``[filter_scheduler] enabled_filters``; hints shown back
in GET /servers/{id} from 2.100; hints the schema refuses."""

import json

import pytest

from compute import conf as compute_conf
from tests.functional import live_servers
from tests.functional import scheduling
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.live_servers import token
from tests.functional.scheduling import assert_no_valid_host
from tests.functional.scheduling import boot_settled
from tests.functional.scheduling import compute_hosts
from tests.functional.scheduling import host_of

CONF = compute_conf.CONF
# The option override fixture, for the tests of this module.
options = scheduling.options


@pytest.fixture
def enable(options):
    """enable(*filters): the default host filters plus these."""
    def add(*names):
        options('enabled_filters',
                list(CONF.filter_scheduler.enabled_filters) + list(names),
                'filter_scheduler')
    return add


def _hinted(api, tok, hints, legacy=False, **server):
    key = 'OS-SCH-HNT:scheduler_hints' if legacy else 'os:scheduler_hints'
    return boot_settled(api, tok, {key: hints}, **server)


def _shown_hints(api, server_id, version='2.100'):
    body = api.get('/servers/' + server_id, version=version).json()['server']
    return body.get('scheduler_hints', 'absent')


def test_same_host(api, enable):
    enable('SameHostFilter')
    tok = token()
    first = live_servers.boot_active(api, tok)
    host = host_of(api, first['id'])
    for hints in ({'same_host': first['id']}, {'same_host': [first['id']]}):
        # Without the hint the weighers would spread the servers.
        server = _hinted(api, tok, hints)
        assert host_of(api, server['id']) == host


def test_different_host(api, enable):
    enable('DifferentHostFilter')
    tok = token()
    first = live_servers.boot_active(api, tok)
    second = _hinted(api, tok, {'different_host': first['id']})
    third = _hinted(api, tok, {'different_host': [first['id'],
                                                  second['id']]})
    hosts = {host_of(api, s['id']) for s in (first, second, third)}
    assert len(hosts) == 3 or len(compute_hosts(api)) < 3
    assert host_of(api, second['id']) != host_of(api, first['id'])


def test_different_host_from_every_host(api, enable):
    enable('DifferentHostFilter')
    tok = token()
    # One server per host, pinned through the same hint.
    servers = []
    for _ in compute_hosts(api):
        servers.append(_hinted(api, tok, {'different_host': [
            s['id'] for s in servers]} if servers else {}))
    assert_no_valid_host(_hinted(api, tok, {'different_host': [
        s['id'] for s in servers]}))


def test_same_and_different_host_ignored_without_their_filters(api):
    tok = token()
    first = live_servers.boot_active(api, tok)
    server = _hinted(api, tok, {'same_host': first['id'],
                                'different_host': first['id']})
    assert server['status'] == 'ACTIVE'


def test_query(api, enable):
    enable('JsonFilter')
    tok = token()
    target = compute_hosts(api)[-1]
    query = json.dumps(['=', '$hypervisor_hostname', target])
    for _ in range(2):
        server = _hinted(api, tok, {'query': query})
        assert host_of(api, server['id']) == target
    assert_no_valid_host(_hinted(api, tok, {
        'query': json.dumps(['>', '$free_ram_mb', 10 ** 9])}))


def test_query_with_and_or(api, enable):
    enable('JsonFilter')
    hosts = compute_hosts(api)
    query = ['and', ['>=', '$free_ram_mb', 1024],
             ['or', ['=', '$host', hosts[0]], ['=', '$host', hosts[1]]]]
    server = _hinted(api, token(), {'query': json.dumps(query)})
    assert host_of(api, server['id']) in hosts[:2]


def test_build_near_host_ip(api, enable):
    enable('SimpleCIDRAffinityFilter')
    tok = token()
    # Every fake host has the address 127.0.0.1.
    for hints in ({'build_near_host_ip': '127.0.0.9'},
                  {'build_near_host_ip': '127.1.2.3', 'cidr': '/8'}):
        assert _hinted(api, tok, hints)['status'] == 'ACTIVE'
    for hints in ({'build_near_host_ip': '10.0.0.1'},
                  {'build_near_host_ip': '127.1.2.3', 'cidr': '/16'}):
        assert_no_valid_host(_hinted(api, tok, hints))


def test_group_hint(api):
    tok = token()
    resp = api.post('/os-server-groups', {'server_group': {
        'name': 'g', 'policy': 'anti-affinity'}}, token=tok, version='2.64')
    assert resp.status_code == 200, resp.text
    group = resp.json()['server_group']['id']
    servers = [_hinted(api, tok, {'group': group}) for _ in range(2)]
    assert host_of(api, servers[0]['id']) != host_of(api, servers[1]['id'])
    assert _shown_hints(api, servers[0]['id']) == {'group': [group]}


# -- Shown back, stored as given, refused -------------------------------------

def test_hints_shown_from_2_100(api):
    tok = token()
    first = live_servers.boot_active(api, tok)
    hints = {'different_host': [first['id']], 'same_host': first['id'],
             'query': '["=", "$host", "x"]', 'target_cell': 'cell1',
             'different_cell': ['cell2'], 'build_near_host_ip': '10.1.1.1',
             'cidr': '/16', 'free_form': {'any': 'thing'}}
    server = _hinted(api, tok, hints)
    # The filters that read them are not enabled: they steer nothing.
    assert server['status'] == 'ACTIVE'
    shown = _shown_hints(api, server['id'])
    assert shown == {
        'different_host': [first['id']], 'same_host': [first['id']],
        'query': ['["=", "$host", "x"]'], 'target_cell': ['cell1'],
        'different_cell': ['cell2'], 'build_near_host_ip': ['10.1.1.1'],
        'cidr': ['/16'], 'free_form': [{'any': 'thing'}]}
    assert _shown_hints(api, server['id'], '2.99') == 'absent'
    plain = live_servers.boot_active(api, tok)
    assert _shown_hints(api, plain['id']) == {}


def test_legacy_hints_key(api, enable):
    enable('SameHostFilter')
    tok = token()
    first = live_servers.boot_active(api, tok)
    server = _hinted(api, tok, {'same_host': [first['id']]}, legacy=True)
    assert host_of(api, server['id']) == host_of(api, first['id'])
    assert _shown_hints(api, server['id']) == {'same_host': [first['id']]}


def test_internal_hints_are_dropped(api):
    tok = token()
    server = _hinted(api, tok, {'_nova_check_type': ['rebuild'],
                                'cidr': '/24'})
    # Taken at its word, the rebuild hint would skip placement.
    assert server['status'] == 'ACTIVE'
    assert live_servers.allocations(server['id'])
    assert _shown_hints(api, server['id']) == {'cidr': ['/24']}


@pytest.mark.parametrize('hints', [
    {'group': 'not-a-uuid'},
    {'different_host': 'not-a-uuid'},
    {'different_host': ['not-a-uuid']},
    {'same_host': ['not-a-uuid']},
    {'query': 5},
    {'query': ['=', '$host', 'compute1']},
    {'build_near_host_ip': 'not-an-ip'},
    {'cidr': '24'},
    {'target_cell': ''},
    {'different_cell': 5},
])
def test_refused_hints(api, hints):
    body = {'server': {'name': 'vm', 'flavorRef': '1',
                       'imageRef': live_servers.image_id(api),
                       'networks': 'auto'},
            'os:scheduler_hints': hints}
    resp = api.post('/servers', body, token=token(), version='2.100')
    assert resp.status_code == 400, resp.text
    assert 'badRequest' in resp.json()


def test_hints_in_list_update_and_rebuild_responses(api):
    tok = token()
    server = _hinted(api, tok, {'cidr': '/24'})
    path = '/servers/' + server['id']
    hints = {'cidr': ['/24']}
    resp = api.put(path, {'server': {'name': 'renamed'}}, token=tok,
                   version='2.100')
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['scheduler_hints'] == hints
    resp = api.get('/servers/detail', token=tok, version='2.100')
    assert [s['scheduler_hints'] for s in resp.json()['servers']] == [hints]
    resp = api.post(path + '/action', {'rebuild': {
        'imageRef': live_servers.image_id(api)}}, token=tok,
        version='2.100')
    assert resp.status_code == 202, resp.text
    assert resp.json()['server']['scheduler_hints'] == hints
    live_servers.wait(api, server['id'], tok, {'ACTIVE'})
