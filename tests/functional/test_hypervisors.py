"""os-hypervisors over HTTP: list, detail and show per microversion (ids,
cpu_info, usage fields, uptime), paging, hostname search and servers in
both their forms, statistics, uptime over RPC, service state, policy and
errors."""

import uuid

import pytest

from compute import conf as compute_conf
from tests.functional.test_services import add_instance
from tests.functional.test_services import fault
from tests.functional.test_services import MEMBER
from tests.functional.test_services import remove_instance
from tests.functional import test_services

CONF = compute_conf.CONF

# Shared with the services tests: throwaway compute services, and the
# cloud's own computes back in service before this module starts.
fake_compute = test_services.fake_compute
cloud_computes_in_service = test_services.cloud_computes_in_service

LIST_KEYS = {'id', 'hypervisor_hostname', 'state', 'status'}
DETAIL_KEYS = LIST_KEYS | {'hypervisor_type', 'hypervisor_version',
                           'host_ip', 'service'}
USAGE_KEYS = {'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
              'memory_mb_used', 'local_gb_used', 'free_ram_mb',
              'free_disk_gb', 'current_workload', 'running_vms',
              'disk_available_least', 'cpu_info'}
STATISTICS_KEYS = (USAGE_KEYS - {'cpu_info'}) | {'count'}


def _list(api, version='2.1', path='/os-hypervisors', **params):
    resp = api.get(path, version=version, params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _ours(hypervisors):
    """The cloud's own two hypervisors, by hostname."""
    found = {h['hypervisor_hostname']: h for h in hypervisors
             if h['hypervisor_hostname'] in ('compute1', 'compute2')}
    assert set(found) == {'compute1', 'compute2'}
    return found


def _by_name(api, name, version):
    return _ours(_list(api, version)['hypervisors'])[name]


def _put_service(api, host, body):
    service = api.get('/os-services', version='2.53',
                      params={'host': host}).json()['services'][0]
    resp = api.put('/os-services/' + service['id'], body, version='2.53')
    assert resp.status_code == 200, resp.text


@pytest.fixture
def compute2_disabled(api):
    _put_service(api, 'compute2', {'status': 'disabled',
                                   'disabled_reason': 'hypervisor test'})
    yield
    _put_service(api, 'compute2', {'status': 'enabled'})


# -- List and detail ------------------------------------------------------

def test_list_with_integer_ids_until_2_52(api):
    for version in ('2.1', '2.52'):
        body = _list(api, version)
        assert set(body) == {'hypervisors'}
        ours = _ours(body['hypervisors'])
        for hyp in ours.values():
            assert set(hyp) == LIST_KEYS
            assert isinstance(hyp['id'], int)
            assert (hyp['state'], hyp['status']) == ('up', 'enabled')


def test_list_with_uuid_ids_from_2_53(api):
    for version in ('2.53', 'latest'):
        ours = _ours(_list(api, version)['hypervisors'])
        for hyp in ours.values():
            assert set(hyp) == LIST_KEYS
            assert str(uuid.UUID(hyp['id'])) == hyp['id']


def test_detail_at_2_1_has_usage_and_cpu_info_text(api):
    ours = _ours(_list(api, '2.1', '/os-hypervisors/detail')['hypervisors'])
    services = {s['host']: s for s in api.get('/os-services').json()[
        'services'] if s['binary'] == 'nova-compute'}
    for name, hyp in ours.items():
        assert set(hyp) == DETAIL_KEYS | USAGE_KEYS
        assert isinstance(hyp['cpu_info'], str)
        assert hyp['hypervisor_type'] == 'fake'
        assert hyp['service'] == {'id': services[name]['id'], 'host': name,
                                  'disabled_reason': None}
        # What the host reserves at least; servers of other tests may take
        # it past memory_mb (RAM is overcommitted 1.5 times).
        assert hyp['memory_mb_used'] >= CONF.reserved_host_memory_mb


def test_detail_cpu_info_object_from_2_28(api):
    assert isinstance(_ours(_list(api, '2.27', '/os-hypervisors/detail')[
        'hypervisors'])['compute1']['cpu_info'], str)
    hyp = _ours(_list(api, '2.28', '/os-hypervisors/detail')[
        'hypervisors'])['compute1']
    assert hyp['cpu_info']['arch'] == 'x86_64'
    hyp = _ours(_list(api, '2.87', '/os-hypervisors/detail')[
        'hypervisors'])['compute1']
    assert set(hyp) == DETAIL_KEYS | USAGE_KEYS
    assert isinstance(hyp['service']['id'], str)


def test_detail_from_2_88_drops_usage_and_adds_uptime(api):
    ours = _ours(_list(api, '2.88', '/os-hypervisors/detail')['hypervisors'])
    for hyp in ours.values():
        assert set(hyp) == DETAIL_KEYS | {'uptime'}
        assert ' up ' in hyp['uptime']
    shown = api.get('/os-hypervisors/%s' % ours['compute1']['id'],
                    version='2.88').json()['hypervisor']
    assert set(shown) == DETAIL_KEYS | {'uptime'}
    assert ' up ' in shown['uptime']


def test_disabled_service_shows_in_the_hypervisor(api, compute2_disabled):
    hyp = _ours(_list(api, '2.1', '/os-hypervisors/detail')[
        'hypervisors'])['compute2']
    assert (hyp['status'], hyp['state']) == ('disabled', 'up')
    assert hyp['service']['disabled_reason'] == 'hypervisor test'
    assert _by_name(api, 'compute2', '2.53')['status'] == 'disabled'
    assert _by_name(api, 'compute1', '2.53')['status'] == 'enabled'


def test_down_service_shows_in_the_hypervisor(api, fake_compute):
    service, node = fake_compute(with_node=True)
    resp = api.put('/os-services/' + service.uuid, {'forced_down': True},
                   version='2.53')
    assert resp.status_code == 200, resp.text
    shown = api.get('/os-hypervisors/%s' % node.uuid,
                    version='2.88').json()['hypervisor']
    assert (shown['state'], shown['status']) == ('down', 'enabled')
    # No uptime can be had from a host that is down.
    assert shown['uptime'] is None
    message = fault(api.get('/os-hypervisors/%d/uptime' % node.id), 400)
    assert message == ('Compute service of %s is unavailable at this time.'
                       % service.host)


def test_node_without_service_is_left_out(api, fake_compute):
    service, node = fake_compute(with_node=True)
    assert node.id in {h['id'] for h in _list(api)['hypervisors']}
    # The service record goes away (as if deleted), its node stays.
    from compute.db import models_cell
    from compute.db import session

    def mark_deleted(deleted):
        with session.cell_session() as db:
            db.get(models_cell.Service, service.id).deleted = deleted

    mark_deleted(service.id)
    try:
        assert node.id not in {h['id'] for h in _list(api)['hypervisors']}
        assert fault(api.get('/os-hypervisors/%d' % node.id), 404) == \
            "Hypervisor with ID '%d' could not be found." % node.id
    finally:
        # Back, so that the fixture removes the service with its node.
        mark_deleted(0)


# -- Paging (2.33+) --------------------------------------------------------

def test_paging_with_integer_markers_from_2_33(api):
    everything = _list(api, '2.33')['hypervisors']
    assert len(everything) >= 2
    # Before 2.33 limit is ignored.
    assert len(_list(api, '2.32', limit=1)['hypervisors']) == \
        len(everything)
    page = _list(api, '2.33', limit=1)
    assert page['hypervisors'] == everything[:1]
    link = page['hypervisors_links'][0]
    assert link['rel'] == 'next'
    assert link['href'].endswith('/v2.1/os-hypervisors?limit=1&marker=%d'
                                 % everything[0]['id'])
    page = _list(api, '2.33', limit=1, marker=everything[0]['id'])
    assert page['hypervisors'] == everything[1:2]
    rest = _list(api, '2.33', marker=everything[0]['id'])
    assert rest['hypervisors'] == everything[1:]
    assert 'hypervisors_links' not in rest
    detail = _list(api, '2.33', '/os-hypervisors/detail', limit=1)
    assert detail['hypervisors_links'][0]['href'].endswith(
        '/v2.1/os-hypervisors/detail?limit=1&marker=%d'
        % everything[0]['id'])
    assert fault(api.get('/os-hypervisors', version='2.33',
                         params={'marker': 999999}), 400) == \
        'marker [999999] not found'
    assert 'Value: -1.' in fault(api.get('/os-hypervisors', version='2.33',
                                         params={'limit': -1}), 400)


def test_paging_with_uuid_markers_from_2_53(api):
    everything = _list(api, '2.53')['hypervisors']
    page = _list(api, '2.53', '/os-hypervisors/detail', limit=1)
    assert [h['id'] for h in page['hypervisors']] == [everything[0]['id']]
    assert page['hypervisors_links'][0]['href'].endswith(
        'marker=%s' % everything[0]['id'])
    page = _list(api, '2.53', marker=everything[0]['id'])
    assert page['hypervisors'] == everything[1:]
    marker = str(uuid.uuid4())
    assert fault(api.get('/os-hypervisors', version='2.53',
                         params={'marker': marker}), 400) == \
        'marker [%s] not found' % marker


# -- Show ----------------------------------------------------------------

def test_show_by_integer_id_until_2_52(api):
    first = _by_name(api, 'compute1', '2.1')
    resp = api.get('/os-hypervisors/%d' % first['id'])
    assert resp.status_code == 200, resp.text
    shown = resp.json()['hypervisor']
    assert set(shown) == DETAIL_KEYS | USAGE_KEYS
    assert shown['hypervisor_hostname'] == 'compute1'
    assert fault(api.get('/os-hypervisors/abc'), 404) == \
        "Hypervisor with ID 'abc' could not be found."
    for missing in ('999999', '9' * 30):
        assert fault(api.get('/os-hypervisors/' + missing), 404) == \
            "Hypervisor with ID '%s' could not be found." % missing
    # Unknown query parameters are ignored before 2.53.
    resp = api.get('/os-hypervisors/%d' % first['id'], version='2.52',
                   params={'with_servers': 'true'})
    assert 'servers' not in resp.json()['hypervisor']


def test_show_by_uuid_from_2_53(api):
    first = _by_name(api, 'compute1', '2.53')
    shown = api.get('/os-hypervisors/' + first['id'],
                    version='2.53').json()['hypervisor']
    assert shown['id'] == first['id']
    assert str(uuid.UUID(shown['service']['id'])) == shown['service']['id']
    assert fault(api.get('/os-hypervisors/1', version='2.53'), 400) == \
        'Invalid uuid 1'
    missing = str(uuid.uuid4())
    assert fault(api.get('/os-hypervisors/' + missing, version='2.53'),
                 404) == "Hypervisor with ID '%s' could not be found." % \
        missing
    assert "'foo' was unexpected" in fault(api.get(
        '/os-hypervisors/' + first['id'], version='2.53',
        params={'foo': 1}), 400)


# -- Servers and hostname patterns ----------------------------------------

@pytest.fixture
def server_on_compute1():
    instance_id, instance_uuid = add_instance('compute1')
    yield {'name': 'instance-%08x' % instance_id, 'uuid': instance_uuid}
    remove_instance(instance_id)


def test_search_and_servers_routes_until_2_52(api, server_on_compute1):
    found = _list(api, '2.1', '/os-hypervisors/compute/search')[
        'hypervisors']
    assert {'compute1', 'compute2'} <= {h['hypervisor_hostname']
                                        for h in found}
    assert all(set(h) == LIST_KEYS for h in found)
    found = _list(api, '2.52', '/os-hypervisors/compute1/servers')[
        'hypervisors']
    assert [h['hypervisor_hostname'] for h in found] == ['compute1']
    assert server_on_compute1 in found[0]['servers']
    # Without servers on the host the key is left out.
    found = _list(api, '2.1', '/os-hypervisors/compute2/servers')[
        'hypervisors']
    assert all('servers' not in h for h in found)
    for route in ('search', 'servers'):
        assert fault(api.get('/os-hypervisors/zzz-none/%s' % route), 404) \
            == "No hypervisor matching 'zzz-none' could be found."
        fault(api.get('/os-hypervisors/compute1/%s' % route,
                      version='2.53'), 404)


def test_pattern_and_with_servers_from_2_53(api, server_on_compute1):
    found = _list(api, '2.53', hypervisor_hostname_pattern='compute1',
                  with_servers='true')['hypervisors']
    assert [h['hypervisor_hostname'] for h in found] == ['compute1']
    assert server_on_compute1 in found[0]['servers']
    assert set(found[0]) == LIST_KEYS | {'servers'}
    detail = _ours(_list(api, '2.53', '/os-hypervisors/detail',
                         with_servers='1')['hypervisors'])
    assert server_on_compute1 in detail['compute1']['servers']
    # Before 2.75 an empty server list is left out; from 2.75 it is there.
    assert 'servers' not in detail['compute2']
    ours = _ours(_list(api, '2.75', with_servers='true')['hypervisors'])
    assert ours['compute2']['servers'] == []
    # Servers only when asked for.
    assert 'servers' not in _by_name(api, 'compute1', '2.75')
    shown = api.get('/os-hypervisors/%s' % ours['compute1']['id'],
                    version='2.75', params={'with_servers': 'yes'}).json()
    assert server_on_compute1 in shown['hypervisor']['servers']
    shown = api.get('/os-hypervisors/%s' % ours['compute2']['id'],
                    version='2.75', params={'with_servers': 'true'}).json()
    assert shown['hypervisor']['servers'] == []


def test_pattern_errors_from_2_53(api):
    assert fault(api.get('/os-hypervisors', version='2.53', params={
        'hypervisor_hostname_pattern': 'zzz-none'}), 404) == \
        "No hypervisor matching 'zzz-none' could be found."
    message = ('Paging over hypervisors with the hypervisor_hostname_pattern'
               ' query parameter is not supported.')
    for paging in ({'limit': 1}, {'marker': str(uuid.uuid4())}):
        assert fault(api.get('/os-hypervisors/detail', version='2.53',
                             params=dict(hypervisor_hostname_pattern='c',
                                         **paging)), 400) == message
    for params in ({'with_servers': 'maybe'}, {'foo': 'bar'},
                   {'hypervisor_hostname_pattern': 'a b'},
                   {'limit': 'x'}):
        fault(api.get('/os-hypervisors', version='2.53', params=params), 400)
    # Before 2.53 those parameters are unknown, hence ignored.
    assert len(_list(api, '2.52', foo='bar',
                     hypervisor_hostname_pattern='zzz-none')[
        'hypervisors']) >= 2


# -- Statistics and uptime (until 2.87) ------------------------------------

def test_statistics_sum_the_enabled_nodes(api):
    stats = _list(api, '2.1', '/os-hypervisors/statistics')[
        'hypervisor_statistics']
    assert set(stats) == STATISTICS_KEYS
    detail = [h for h in _list(api, '2.1', '/os-hypervisors/detail')[
        'hypervisors'] if h['status'] == 'enabled']
    assert stats['count'] == len(detail)
    assert stats['vcpus'] == sum(h['vcpus'] for h in detail)
    assert stats['memory_mb'] == sum(h['memory_mb'] for h in detail)
    fault(api.get('/os-hypervisors/statistics', version='2.88'), 404)


def test_statistics_leave_out_disabled_services(api):
    before = _list(api, '2.87', '/os-hypervisors/statistics')[
        'hypervisor_statistics']
    compute2 = _by_name(api, 'compute2', '2.1')
    detail = api.get('/os-hypervisors/%d' % compute2['id']).json()[
        'hypervisor']
    _put_service(api, 'compute2', {'status': 'disabled'})
    try:
        after = _list(api, '2.87', '/os-hypervisors/statistics')[
            'hypervisor_statistics']
    finally:
        _put_service(api, 'compute2', {'status': 'enabled'})
    assert after['count'] == before['count'] - 1
    assert after['vcpus'] == before['vcpus'] - detail['vcpus']


def test_uptime_over_rpc_until_2_87(api):
    compute1 = _by_name(api, 'compute1', '2.1')
    resp = api.get('/os-hypervisors/%d/uptime' % compute1['id'])
    assert resp.status_code == 200, resp.text
    shown = resp.json()['hypervisor']
    assert set(shown) == LIST_KEYS | {'uptime'}
    assert ' up ' in shown['uptime'] and 'load average' in shown['uptime']
    by_uuid = _by_name(api, 'compute1', '2.87')
    shown = api.get('/os-hypervisors/%s/uptime' % by_uuid['id'],
                    version='2.87').json()['hypervisor']
    assert shown['id'] == by_uuid['id'] and ' up ' in shown['uptime']
    fault(api.get('/os-hypervisors/%s/uptime' % by_uuid['id'],
                  version='2.88'), 404)
    assert fault(api.get('/os-hypervisors/abc/uptime'), 404) == \
        "Hypervisor with ID 'abc' could not be found."
    assert fault(api.get('/os-hypervisors/1/uptime', version='2.53'),
                 400) == 'Invalid uuid 1'


def test_uptime_not_supported_by_the_driver(api, stack, monkeypatch):
    agent = [svc for svc in stack.cloud.services
             if svc.host == 'compute1' and svc.binary == 'nova-compute'][0]

    def unsupported():
        raise NotImplementedError()

    monkeypatch.setattr(agent.manager.driver, 'get_host_uptime',
                        unsupported)
    compute1 = _by_name(api, 'compute1', '2.1')
    assert fault(api.get('/os-hypervisors/%d/uptime' % compute1['id']),
                 501) == 'The requested functionality is not supported.'
    shown = api.get('/os-hypervisors/%s' % _by_name(
        api, 'compute1', '2.88')['id'], version='2.88').json()['hypervisor']
    assert shown['uptime'] is None


# -- Policy ----------------------------------------------------------------

@pytest.mark.parametrize('path,rule', [
    ('/os-hypervisors', 'list'),
    ('/os-hypervisors/detail', 'list-detail'),
    ('/os-hypervisors/statistics', 'statistics'),
    ('/os-hypervisors/1', 'show'),
    ('/os-hypervisors/1/uptime', 'uptime'),
    ('/os-hypervisors/compute/search', 'search'),
    ('/os-hypervisors/compute/servers', 'servers'),
])
@pytest.mark.parametrize('headers', [None, {'X-Roles': 'reader'}])
def test_only_administrators(api, path, rule, headers):
    assert fault(api.get(path, token=MEMBER, headers=headers), 403) == (
        "Policy doesn't allow os_compute_api:os-hypervisors:%s to be "
        "performed." % rule)
