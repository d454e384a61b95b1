"""GET /servers, /servers/detail, /servers/{id} and PUT /servers/{id} over
HTTP: fields per microversion and persona, project scoping, every kind of
filter, sorting, paging, the update body per microversion, policy and
errors. Servers are written straight into the databases (server_fixtures).
"""

import threading
import contextlib
import uuid

import pytest
import sqlalchemy as sa

from compute import conf as compute_conf
from compute.db import services as services_db
from compute.db import session
from tests.functional import server_fixtures as sf
from tests.functional.client import fault_message
from tests.functional import test_services

CONF = compute_conf.CONF
fake_compute = test_services.fake_compute
READER = {'X-Roles': 'reader'}

BASE_KEYS = {'id', 'name', 'status', 'tenant_id', 'user_id', 'metadata',
             'hostId', 'image', 'flavor', 'created', 'updated', 'addresses',
             'accessIPv4', 'accessIPv6', 'links', 'OS-DCF:diskConfig',
             'progress'}
FULL_KEYS = BASE_KEYS | {
    'OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
    'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
    'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state',
    'OS-EXT-STS:power_state', 'os-extended-volumes:volumes_attached',
    'security_groups'}
ATTRS_21 = {'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:instance_name',
            'OS-EXT-SRV-ATTR:hypervisor_hostname'}
ATTRS_23 = ATTRS_21 | {
    'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:launch_index',
    'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id',
    'OS-EXT-SRV-ATTR:ramdisk_id', 'OS-EXT-SRV-ATTR:root_device_name',
    'OS-EXT-SRV-ATTR:user_data'}


@pytest.fixture
def tenant():
    """(project id, member token) of a fresh project."""
    return sf.project()


def _server(tenant, **kwargs):
    project_id, token = tenant
    return sf.server(project_id, sf.user_of(token), **kwargs)


def _show(api, server_id, token='admin:admin', version='2.1', **kwargs):
    resp = api.get('/servers/' + server_id, token=token, version=version,
                   **kwargs)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _list(api, token, version='2.1', path='/servers', headers=None,
          **params):
    resp = api.get(path, token=token, version=version, params=params,
                   headers=headers)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _ids(api, token, version='2.1', **params):
    return [s['id'] for s in _list(api, token, version, **params)['servers']]


def _names(api, token, version='2.1', **params):
    return [s['name'] for s in _list(api, token, version, **params)
            ['servers']]


# --- Show: fields per microversion and persona ------------------------------

@pytest.mark.parametrize('version,added', [
    ('2.1', set()),
    ('2.9', {'locked'}),
    ('2.16', {'locked'}),
    ('2.19', {'locked', 'description'}),
    ('2.26', {'locked', 'description', 'tags'}),
    ('2.63', {'locked', 'description', 'tags',
              'trusted_image_certificates'}),
    ('2.71', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups'}),
    ('2.73', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups', 'locked_reason'}),
    ('2.90', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups', 'locked_reason', 'OS-EXT-SRV-ATTR:hostname'}),
    ('2.96', {'locked', 'description', 'tags', 'trusted_image_certificates',
              'server_groups', 'locked_reason', 'OS-EXT-SRV-ATTR:hostname',
              'pinned_availability_zone'}),
    ('2.100', {'locked', 'description', 'tags',
               'trusted_image_certificates', 'server_groups',
               'locked_reason', 'OS-EXT-SRV-ATTR:hostname',
               'pinned_availability_zone', 'scheduler_hints'}),
])
def test_show_keys_of_a_member(api, tenant, version, added):
    server = _server(tenant)
    body = _show(api, server.uuid, tenant[1], version)
    assert set(body) == FULL_KEYS | added


@pytest.mark.parametrize('version,attrs,added', [
    ('2.1', ATTRS_21, set()),
    ('2.3', ATTRS_23, set()),
    ('2.16', ATTRS_23, {'locked', 'host_status'}),
    ('2.104', ATTRS_23, {'locked', 'host_status', 'description', 'tags',
                         'trusted_image_certificates', 'server_groups',
                         'locked_reason', 'pinned_availability_zone',
                         'scheduler_hints'}),
])
def test_show_keys_of_an_admin(api, tenant, version, attrs, added):
    server = _server(tenant)
    body = _show(api, server.uuid, version=version)
    assert set(body) == FULL_KEYS | attrs | added


def test_show_values(api, tenant):
    server = _server(tenant, name='web', tags=['b', 'a'],
                     key_name='key', display_description='desc',
                     trusted_certs=['cert-1'], spec={
                         'availability_zone': 'nova',
                         'scheduler_hints': {'same_host': 'x',
                                             'group': ['g']}})
    group = sf.add_to_group(server.uuid, tenant[0])
    body = _show(api, server.uuid, tenant[1], '2.100')
    assert body['name'] == 'web'
    assert body['status'] == 'ACTIVE'
    assert body['tenant_id'] == tenant[0]
    assert body['user_id'] == sf.user_of(tenant[1])
    assert body['metadata'] == {'My Server Name': 'Apache1'}
    assert len(body['hostId']) == 56
    assert body['image']['id'] == sf.IMAGE_ID
    assert body['image']['links'][0]['rel'] == 'bookmark'
    assert body['image']['links'][0]['href'].endswith(
        '/images/' + sf.IMAGE_ID)
    assert body['image']['properties'] == {
        'architecture': 'x86_64', 'base_image_ref': sf.IMAGE_ID}
    assert body['flavor'] == {'vcpus': 1, 'ram': 512, 'disk': 1,
                              'ephemeral': 0, 'swap': 0,
                              'original_name': 'm1.tiny', 'extra_specs': {}}
    assert body['addresses'] == {'private': [{
        'version': 4, 'addr': '192.168.1.30', 'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': '00:0c:29:0d:11:74'}]}
    assert body['created'].endswith('Z')
    assert body['accessIPv4'] == '1.2.3.4'
    assert body['OS-DCF:diskConfig'] == 'AUTO'
    assert body['progress'] == 0
    assert body['OS-EXT-AZ:availability_zone'] == 'nova'
    assert body['key_name'] == 'key'
    assert body['OS-EXT-STS:vm_state'] == 'active'
    assert body['OS-EXT-STS:power_state'] == 1
    assert body['security_groups'] == [{'name': 'default'}]
    assert body['locked'] is False
    assert body['locked_reason'] is None
    assert body['description'] == 'desc'
    assert body['tags'] == ['a', 'b']
    assert body['trusted_image_certificates'] == ['cert-1']
    assert body['server_groups'] == [group]
    assert body['OS-EXT-SRV-ATTR:hostname'] == 'web'
    assert body['pinned_availability_zone'] == 'nova'
    assert body['scheduler_hints'] == {'same_host': ['x'], 'group': ['g']}
    links = body['links']
    assert [link['rel'] for link in links] == ['self', 'bookmark']
    assert links[0]['href'].endswith('/v2.1/servers/' + server.uuid)


def test_show_flavor_before_2_47_is_a_link(api, tenant):
    server = _server(tenant)
    flavor = _show(api, server.uuid, tenant[1], '2.46')['flavor']
    assert flavor['id'] == '1'
    assert flavor['links'][0]['href'].endswith('/flavors/1')


def test_volume_backed_server_has_no_image(api, tenant):
    server = _server(tenant, image_ref='')
    assert _show(api, server.uuid, tenant[1], '2.98')['image'] == ''


def test_volumes_attached_gain_delete_on_termination_at_2_3(api, tenant):
    server = _server(tenant)
    sf.attach_volume(server.uuid, 'vol-1', delete_on_termination=True)
    sf.attach_volume(server.uuid, 'vol-2')
    key = 'os-extended-volumes:volumes_attached'
    assert _show(api, server.uuid, tenant[1], '2.2')[key] == [
        {'id': 'vol-1'}, {'id': 'vol-2'}]
    assert _show(api, server.uuid, tenant[1], '2.3')[key] == [
        {'id': 'vol-1', 'delete_on_termination': True},
        {'id': 'vol-2', 'delete_on_termination': False}]


def test_addresses_group_fixed_then_floating_per_label(api, tenant):
    server = _server(tenant, network_info=[
        sf.vif('net1', ['10.0.0.5'], mac='aa:bb:cc:dd:ee:01',
               floating=['172.24.4.9']),
        sf.vif('net2', ['fd00::5'], version=6, security_groups=['web',
                                                                'default']),
        sf.vif('net1', ['10.0.0.6'], mac='aa:bb:cc:dd:ee:02')])
    body = _show(api, server.uuid, tenant[1])
    assert [a['addr'] for a in body['addresses']['net1']] == [
        '10.0.0.5', '10.0.0.6', '172.24.4.9']
    assert body['addresses']['net1'][2]['OS-EXT-IPS:type'] == 'floating'
    assert body['addresses']['net2'] == [{
        'version': 6, 'addr': 'fd00::5', 'OS-EXT-IPS:type': 'fixed',
        'OS-EXT-IPS-MAC:mac_addr': '00:0c:29:0d:11:74'}]
    assert body['security_groups'] == [{'name': 'default'},
                                       {'name': 'web'}]


def test_server_without_ports_has_no_security_groups(api, tenant):
    server = _server(tenant, network_info=[])
    body = _show(api, server.uuid, tenant[1])
    assert body['addresses'] == {}
    assert 'security_groups' not in body


def test_building_server_hides_addresses_and_host(api, tenant):
    server = _server(tenant, vm_state='building', task_state='scheduling',
                     host=None, node=None, availability_zone='az-asked')
    body = _show(api, server.uuid, version='2.16')
    assert body['status'] == 'BUILD'
    assert body['addresses'] == {}
    assert body['hostId'] == ''
    assert body['host_status'] == ''
    assert body['OS-EXT-AZ:availability_zone'] == 'az-asked'
    assert body['progress'] == 0


def test_fault_details_for_admins_or_non_500_codes(api, tenant):
    server = _server(tenant, vm_state='error')
    sf.add_fault(server.uuid, 500, 'No valid host was found.',
                              details='Traceback ...')
    admin = _show(api, server.uuid)
    assert admin['status'] == 'ERROR'
    assert 'progress' not in admin
    assert set(admin['fault']) == {'code', 'created', 'message', 'details'}
    assert admin['fault']['code'] == 500
    assert admin['fault']['created'].endswith('Z')
    member = _show(api, server.uuid, tenant[1])
    assert set(member['fault']) == {'code', 'created', 'message'}
    sf.add_fault(server.uuid, 409, 'Conflict', details='why')
    assert _show(api, server.uuid, tenant[1])['fault']['details'] == 'why'


def test_active_server_shows_no_fault(api, tenant):
    server = _server(tenant)
    sf.add_fault(server.uuid, 500, 'old')
    assert 'fault' not in _show(api, server.uuid)


def test_locked_and_reason(api, tenant):
    server = _server(tenant, locked=True, locked_by='owner',
                     system_metadata={'locked_reason': 'maintenance'})
    body = _show(api, server.uuid, tenant[1], '2.73')
    assert body['locked'] is True
    assert body['locked_reason'] == 'maintenance'


def test_extra_specs_shown_to_readers(api, tenant):
    server = _server(tenant)
    body = _show(api, server.uuid, tenant[1], '2.47', headers=READER)
    assert 'extra_specs' in body['flavor']


def test_host_status_follows_the_compute_service(api, tenant, fake_compute):
    service, _ = fake_compute()
    server = _server(tenant, host=service.host, node=service.host)

    def status():
        return _show(api, server.uuid, version='2.16')['host_status']
    assert status() == 'UP'
    services_db.update(service.id, disabled=True)
    assert status() == 'MAINTENANCE'
    services_db.update(service.id, disabled=False)
    test_services.set_last_seen(service.id, 3600)
    assert status() == 'UNKNOWN'
    services_db.update(service.id, forced_down=True)
    assert status() == 'DOWN'
    assert 'host_status' not in _show(api, server.uuid, tenant[1], '2.16')


# --- Show: access and errors --------------------------------------------------

def test_show_of_another_project_is_404(api, tenant):
    server = _server(tenant)
    _, other = sf.project()
    resp = api.get('/servers/' + server.uuid, token=other)
    assert fault_message(resp, 404) == (
        'Instance %s could not be found.' % server.uuid)


def test_show_unknown_and_deleted_are_404(api, tenant):
    fault_message(api.get('/servers/%s' % uuid.uuid4()), 404)
    server = _server(tenant)
    sf.delete(server.uuid)
    fault_message(api.get('/servers/' + server.uuid), 404)


def test_reader_reads_but_does_not_update(api, tenant):
    server = _server(tenant)
    assert _show(api, server.uuid, tenant[1], headers=READER)['id'] == \
        server.uuid
    resp = api.put('/servers/' + server.uuid, {'server': {'name': 'n'}},
                   token=tenant[1], headers=READER)
    assert fault_message(resp, 403) == (
        "Policy doesn't allow os_compute_api:servers:update to be "
        "performed.")


def test_show_query_parameters_refused_from_2_102(api, tenant):
    server = _server(tenant)
    _show(api, server.uuid, version='2.101', params={'foo': 'bar'})
    resp = api.get('/servers/' + server.uuid, version='2.102',
                   params={'foo': 'bar'})
    assert 'foo' in fault_message(resp, 400)


# --- Lists: scope --------------------------------------------------------------

def test_lists_are_scoped_to_the_project(api, tenant):
    mine = _server(tenant, name='mine')
    other_tenant = sf.project()
    theirs = _server(other_tenant, name='theirs')
    assert _ids(api, tenant[1]) == [mine.uuid]
    detail = _list(api, tenant[1], path='/servers/detail')['servers']
    assert [s['id'] for s in detail] == [mine.uuid]
    # An administrator also lists their own project only, unless asking.
    assert mine.uuid not in _ids(api, 'admin:admin')
    every = _ids(api, 'admin:admin', all_tenants='1', limit=1000)
    assert {mine.uuid, theirs.uuid} <= set(every)
    assert _ids(api, 'admin:admin', all_tenants='',
                tenant_id=other_tenant[0]) == [theirs.uuid]
    assert _ids(api, 'admin:admin', all_tenants='true',
                project_id=tenant[0]) == [mine.uuid]


def test_all_tenants_needs_policy(api, tenant):
    _server(tenant)
    for path, rule in (('/servers', 'index'), ('/servers/detail', 'detail')):
        resp = api.get(path, token=tenant[1], params={'all_tenants': 1})
        assert fault_message(resp, 403) == (
            "Policy doesn't allow os_compute_api:servers:%s:get_all_tenants "
            "to be performed." % rule)
    # A false value is no request for all projects.
    assert len(_ids(api, tenant[1], all_tenants='0')) == 1
    resp = api.get('/servers', params={'all_tenants': 'maybe'})
    assert 'Unrecognized value' in fault_message(resp, 400)


def test_reader_lists(api, tenant):
    server = _server(tenant)
    body = _list(api, tenant[1], path='/servers/detail', headers=READER)
    assert [s['id'] for s in body['servers']] == [server.uuid]


def test_index_entries_and_detail_entries(api, tenant):
    server = _server(tenant, name='one')
    entry = _list(api, tenant[1])['servers'][0]
    assert set(entry) == {'id', 'name', 'links'}
    assert entry['name'] == 'one'
    detailed = _list(api, tenant[1], '2.100', path='/servers/detail')
    assert set(detailed['servers'][0]) == set(
        _show(api, server.uuid, tenant[1], '2.100')) - {'server_groups'}


# --- Lists: filters -----------------------------------------------------------

@pytest.fixture
def fleet(tenant):
    """Five servers of one project, oldest first."""
    def make(name, minutes, **kwargs):
        return _server(tenant, name=name, created_at=sf.ago(minutes=minutes),
                       **kwargs)
    return tenant, {
        'web-1': make('web-1', 50, tags=['web', 'prod'],
                      network_info=[sf.vif(addresses=['10.0.0.1'])]),
        'web-2': make('web-2', 40, tags=['web'], locked=True,
                      locked_by='owner',
                      network_info=[sf.vif(addresses=['10.0.0.12']),
                                    sf.vif('v6', ['fd00::12'], version=6)]),
        'db-1': make('db-1', 30, tags=['db', 'prod'], vm_state='stopped',
                     power_state=4, key_name='ops', flavorid='2',
                     availability_zone='zone-b'),
        'db-2': make('db-2', 20, vm_state='active', task_state='rebooting',
                     image_ref=str(uuid.UUID(int=7)), host='compute2',
                     node='compute2', hostname='db-two'),
        'build': make('build', 10, vm_state='building', task_state='spawning',
                      host=None, node=None, reservation_id='r-fleet'),
    }


def test_default_order_is_newest_first(api, fleet):
    (_, token), _ = fleet
    assert _names(api, token) == ['build', 'db-2', 'db-1', 'web-2', 'web-1']


@pytest.mark.parametrize('params,expected', [
    ({'name': 'web'}, ['web-2', 'web-1']),
    ({'name': '^db-[0-9]$'}, ['db-2', 'db-1']),
    ({'name': '-2'}, ['db-2', 'web-2']),
    ({'status': 'SHUTOFF'}, ['db-1']),
    ({'status': 'reboot'}, ['db-2']),
    ({'status': 'BUILD'}, ['build']),
    # Every active server, whatever its task, as Nova matches statuses.
    ({'status': 'ACTIVE'}, ['db-2', 'web-2', 'web-1']),
    ({'image': str(uuid.UUID(int=7))}, ['db-2']),
    ({'flavor': '2'}, ['db-1']),
    ({'flavor': 'no-such-flavor'}, []),
    ({'ip': r'10\.0\.0\.1'}, ['web-2', 'web-1']),
    ({'ip': r'^10\.0\.0\.12$'}, ['web-2']),
    ({'reservation_id': 'r-fleet'}, ['build']),
])
def test_user_filters(api, fleet, params, expected):
    (_, token), _ = fleet
    assert _names(api, token, **params) == expected


def test_several_statuses(api, fleet):
    (_, token), _ = fleet
    resp = api.get('/servers', token=token,
                   params=[('status', 'SHUTOFF'), ('status', 'BUILD')])
    assert [s['name'] for s in resp.json()['servers']] == ['build', 'db-1']


def test_unknown_status_empty_before_2_38_then_400(api, fleet):
    (_, token), _ = fleet
    assert _names(api, token, '2.37', status='NOPE') == []
    resp = api.get('/servers', token=token, version='2.38',
                   params={'status': 'NOPE'})
    assert fault_message(resp, 400) == 'Invalid status value'


def test_ip6_filter_opens_to_users_at_2_5(api, fleet):
    (project_id, token), _ = fleet
    assert len(_names(api, token, '2.4', ip6='fd00::12')) == 5
    assert _names(api, token, '2.5', ip6='fd00::12') == ['web-2']
    assert _names(api, 'admin:admin', '2.4', ip6='fd00::12',
                  all_tenants=1, project_id=project_id) == ['web-2']


def test_admin_only_filters_are_ignored_for_users(api, fleet):
    (project_id, token), _ = fleet
    assert len(_names(api, token, host='compute2')) == 5
    assert _names(api, 'admin:admin', host='compute2', all_tenants=1,
                  project_id=project_id) == ['db-2']
    assert _names(api, 'admin:admin', node='compute', all_tenants=1,
                  project_id=project_id) == ['db-2', 'db-1', 'web-2',
                                             'web-1']


@pytest.mark.parametrize('params,expected', [
    ({'availability_zone': 'zone-b'}, ['db-1']),
    ({'key_name': 'ops'}, ['db-1']),
    ({'vm_state': 'stopped'}, ['db-1']),
    ({'task_state': 'rebooting'}, ['db-2']),
    ({'power_state': '4'}, ['db-1']),
])
def test_filters_open_to_users_at_2_83(api, fleet, params, expected):
    (_, token), _ = fleet
    assert len(_names(api, token, '2.82', **params)) == 5
    assert _names(api, token, '2.83', **params) == expected


def test_hostname_filter_opens_to_users_at_2_90(api, fleet):
    (_, token), _ = fleet
    assert len(_names(api, token, '2.89', hostname='db-two')) == 5
    assert _names(api, token, '2.90', hostname='db-two') == ['db-2']


@pytest.mark.parametrize('params,expected', [
    ({'tags': 'web'}, ['web-2', 'web-1']),
    ({'tags': 'web,prod'}, ['web-1']),
    ({'tags-any': 'db,prod'}, ['db-1', 'web-1']),
    ({'not-tags': 'web,prod'}, ['build', 'db-2', 'db-1', 'web-2']),
    ({'not-tags-any': 'web,db'}, ['build', 'db-2']),
])
def test_tag_filters_from_2_26(api, fleet, params, expected):
    (_, token), _ = fleet
    assert len(_names(api, token, '2.25', **params)) == 5
    assert _names(api, token, '2.26', **params) == expected


def test_locked_filter_from_2_73(api, fleet):
    (_, token), _ = fleet
    assert len(_names(api, token, '2.72', locked='true')) == 5
    assert _names(api, token, '2.73', locked='true') == ['web-2']
    assert 'web-2' not in _names(api, token, '2.73', locked='false')
    resp = api.get('/servers', token=token, version='2.73',
                   params={'locked': 'perhaps'})
    assert 'Unrecognized value' in fault_message(resp, 400)


def test_changes_since_and_before(api, fleet):
    (_, token), servers = fleet
    for name, minutes in (('web-1', 50), ('web-2', 40), ('db-1', 30),
                          ('db-2', 20), ('build', 10)):
        sf.set_updated_at(servers[name].uuid, sf.ago(minutes=minutes))
    since = sf.ago(minutes=35).strftime('%Y-%m-%dT%H:%M:%SZ')
    before = sf.ago(minutes=15).strftime('%Y-%m-%dT%H:%M:%S')
    assert _names(api, token, **{'changes-since': since}) == [
        'build', 'db-2', 'db-1']
    assert _names(api, token, '2.66', **{'changes-since': since,
                                         'changes-before': before}) == [
        'db-2', 'db-1']
    # changes-before means nothing before 2.66.
    assert len(_names(api, token, '2.65', **{'changes-before': before})) == 5


def test_changes_since_lists_deleted_servers(api, fleet):
    (_, token), servers = fleet
    sf.delete(servers['web-1'].uuid)
    assert 'web-1' not in _names(api, token)
    since = sf.ago(days=1).strftime('%Y-%m-%dT%H:%M:%SZ')
    body = _list(api, token, path='/servers/detail',
                 **{'changes-since': since})
    deleted = [s for s in body['servers'] if s['name'] == 'web-1']
    assert deleted[0]['status'] == 'DELETED'


def test_bad_changes_filters(api, tenant):
    _, token = tenant
    resp = api.get('/servers', token=token,
                   params={'changes-since': 'yesterday'})
    assert fault_message(resp, 400) == (
        "Invalid input for query parameters changes-since. Value: "
        "yesterday. 'yesterday' is not a 'date-time'")
    resp = api.get('/servers', token=token, version='2.66',
                   params={'changes-since': '2020-01-02T00:00:00Z',
                           'changes-before': '2020-01-01T00:00:00Z'})
    assert fault_message(resp, 400) == (
        'The value of changes-since must be less than or equal to '
        'changes-before.')


def test_deleted_servers_for_admins_only(api, fleet):
    (project_id, token), servers = fleet
    sf.delete(servers['db-2'].uuid)
    admin = {'all_tenants': 1, 'project_id': project_id}
    assert _names(api, 'admin:admin', deleted='true', **admin) == ['db-2']
    assert _names(api, 'admin:admin', status='DELETED', **admin) == ['db-2']
    # Users cannot ask: the filter is dropped, the status refused.
    assert 'db-2' not in _names(api, token, deleted='true')
    resp = api.get('/servers', token=token, params={'status': 'DELETED'})
    assert fault_message(resp, 403) == (
        'Only administrators may list deleted instances')


def test_soft_deleted_servers_hidden_unless_asked(api, fleet):
    (project_id, token), servers = fleet
    sf.update(servers['web-1'].uuid, vm_state='soft-delete')
    assert 'web-1' not in _names(api, token)
    admin = {'all_tenants': 1, 'project_id': project_id}
    assert 'web-1' in _names(api, 'admin:admin', soft_deleted='true',
                             **admin)
    assert _names(api, 'admin:admin', deleted='true', **admin) == ['web-1']


def test_unknown_filters_ignored_then_refused_at_2_75(api, fleet):
    (_, token), _ = fleet
    assert len(_names(api, token, '2.74', foo='bar')) == 5
    resp = api.get('/servers', token=token, version='2.75',
                   params={'foo': 'bar'})
    assert "'foo' does not match any of the regexes" in fault_message(
        resp, 400)


def test_joined_table_filters_refused_for_admins(api, tenant):
    resp = api.get('/servers', params={'metadata': 'x'})
    assert fault_message(resp, 400) == 'Invalid filter field: metadata.'
    resp = api.get('/servers', version='2.75', params={'_secret': 'x'})
    assert fault_message(resp, 400) == 'Invalid filter field: _secret.'
    # Users' unknown filters are simply dropped.
    assert _names(api, tenant[1], metadata='x') == []


def test_bad_regex_is_400(api, tenant):
    resp = api.get('/servers', token=tenant[1], params={'name': '(['})
    assert 'is not a' in fault_message(resp, 400)


# --- Lists: sorting -----------------------------------------------------------

def _sorted(api, token, version='2.1', **pairs):
    params = [(key, value) for key, values in pairs.items()
              for value in values]
    resp = api.get('/servers', token=token, version=version, params=params)
    return resp


def test_sort_keys_and_directions(api, fleet):
    (_, token), _ = fleet
    resp = _sorted(api, token, sort_key=['display_name'], sort_dir=['asc'])
    assert [s['name'] for s in resp.json()['servers']] == [
        'build', 'db-1', 'db-2', 'web-1', 'web-2']
    resp = _sorted(api, token, sort_key=['vm_state', 'display_name'],
                   sort_dir=['asc', 'desc'])
    assert [s['name'] for s in resp.json()['servers']] == [
        'web-2', 'web-1', 'db-2', 'build', 'db-1']
    # A direction given once serves every key.
    resp = _sorted(api, token, sort_key=['vm_state', 'display_name'],
                   sort_dir=['desc'])
    assert [s['name'] for s in resp.json()['servers']] == [
        'db-1', 'build', 'web-2', 'web-1', 'db-2']


def test_sort_errors(api, fleet):
    (_, token), _ = fleet
    resp = _sorted(api, token, sort_key=['nope'])
    assert 'sort_key' in fault_message(resp, 400)
    resp = _sorted(api, token, sort_key=['display_name'], sort_dir=['up'])
    assert fault_message(resp, 400) == (
        "Invalid input received: Unknown sort direction, must be 'desc' "
        "or 'asc'")
    resp = _sorted(api, token, sort_key=['display_name'],
                   sort_dir=['asc', 'desc'])
    assert fault_message(resp, 400) == (
        'Invalid input received: Sort direction size exceeds sort key size')
    resp = _sorted(api, token, sort_key=['host'])
    assert fault_message(resp, 403) == (
        'Only administrators can sort servers by host')


def test_ignored_sort_keys_then_refused_at_2_75(api, fleet):
    (_, token), _ = fleet
    resp = _sorted(api, token, '2.74', sort_key=['id'], sort_dir=['asc'])
    assert [s['name'] for s in resp.json()['servers']] == [
        'build', 'db-2', 'db-1', 'web-2', 'web-1']
    resp = _sorted(api, token, '2.75', sort_key=['id'])
    fault_message(resp, 400)


def test_locked_sort_key_from_2_73(api, fleet):
    (_, token), _ = fleet
    resp = _sorted(api, token, '2.72', sort_key=['locked'], sort_dir=['asc'])
    assert resp.json()['servers'][-1]['name'] == 'web-1'
    resp = _sorted(api, token, '2.73', sort_key=['locked', 'display_name'],
                   sort_dir=['desc', 'asc'])
    assert resp.json()['servers'][0]['name'] == 'web-2'


def test_admin_sorts_by_host_with_nulls_first_ascending(api, fleet):
    (project_id, _), _ = fleet
    resp = _sorted(api, 'admin:admin', sort_key=['host', 'display_name'],
                   sort_dir=['asc', 'asc'], all_tenants=['1'],
                   project_id=[project_id])
    assert [s['name'] for s in resp.json()['servers']] == [
        'build', 'db-1', 'web-1', 'web-2', 'db-2']


# --- Lists: paging ------------------------------------------------------------

def test_pages_with_limit_marker_and_next_links(api, fleet):
    (_, token), _ = fleet
    seen = []
    params = {'limit': 2, 'sort_key': 'display_name', 'sort_dir': 'asc'}
    for path in ('/servers', '/servers/detail'):
        seen = []
        query = dict(params)
        while True:
            body = _list(api, token, path=path, **query)
            seen += [s['name'] for s in body['servers']]
            if 'servers_links' not in body:
                break
            link = body['servers_links'][0]
            assert link['rel'] == 'next'
            assert path + '?' in link['href']
            assert 'marker=' + body['servers'][-1]['id'] in link['href']
            assert 'limit=2' in link['href']
            query['marker'] = body['servers'][-1]['id']
        assert seen == ['build', 'db-1', 'db-2', 'web-1', 'web-2']


def test_paging_across_null_sort_values(api, fleet):
    (project_id, _), _ = fleet
    seen = []
    marker = None
    while True:
        params = [('sort_key', 'host'), ('sort_dir', 'desc'),
                  ('sort_key', 'display_name'), ('sort_dir', 'asc'),
                  ('limit', 1), ('all_tenants', 1),
                  ('project_id', project_id)]
        if marker:
            params.append(('marker', marker))
        servers = api.get('/servers', params=params).json()['servers']
        if not servers:
            break
        seen.append(servers[0]['name'])
        marker = servers[0]['id']
    assert seen == ['db-2', 'db-1', 'web-1', 'web-2', 'build']


def test_page_size_capped_by_max_limit(api, fleet):
    (_, token), _ = fleet
    CONF.set_override('max_limit', 3, group='api')
    try:
        body = _list(api, token, limit=10)
        assert len(body['servers']) == 3
        assert 'servers_links' in body
        assert len(_list(api, token)['servers']) == 3
    finally:
        CONF.clear_override('max_limit', group='api')


def test_paging_errors_and_zero_limit(api, fleet):
    (_, token), _ = fleet
    assert _list(api, token, limit=0) == {'servers': []}
    marker = str(uuid.uuid4())
    resp = api.get('/servers', token=token, params={'marker': marker})
    assert fault_message(resp, 400) == 'marker [%s] not found' % marker
    resp = api.get('/servers', token=token, params={'limit': -1})
    fault_message(resp, 400)


# --- Lists: no query per server ----------------------------------------------

@contextlib.contextmanager
def _counted_statements():
    counts = {'n': 0}

    def count(*_args):
        # Only the API's request threads: the services' heartbeats and
        # periodic tasks run their own statements meanwhile.
        if threading.current_thread().name.startswith('waitress'):
            counts['n'] += 1
    engines = [session.get_engine(session.CELL),
               session.get_engine(session.API)]
    for engine in engines:
        sa.event.listen(engine, 'before_cursor_execute', count)
    try:
        yield counts
    finally:
        for engine in engines:
            sa.event.remove(engine, 'before_cursor_execute', count)


def _detail_statements(api, token):
    with _counted_statements() as counts:
        _list(api, token, 'latest', path='/servers/detail')
    return counts['n']


def test_detail_queries_do_not_grow_with_servers(api):
    small = sf.project()
    big = sf.project()
    for index in range(2):
        _server(small, name='s%d' % index, tags=['t'])
    for index in range(8):
        server = _server(big, name='b%d' % index, tags=['t'],
                         host='compute%d' % (index % 2 + 1))
        sf.attach_volume(server.uuid, 'vol-%d' % index)
    assert _detail_statements(api, small[1]) == \
        _detail_statements(api, big[1])


# --- Update -------------------------------------------------------------------

def _put(api, server_id, server, token='admin:admin', version='2.1'):
    return api.put('/servers/' + server_id, {'server': server},
                   token=token, version=version)


def test_update_fields(api, tenant):
    server = _server(tenant)
    resp = _put(api, server.uuid, {'name': 'renamed',
                                   'accessIPv4': '4.3.2.1',
                                   'accessIPv6': '80fe::1',
                                   'OS-DCF:diskConfig': 'MANUAL'},
                tenant[1])
    assert resp.status_code == 200, resp.text
    body = resp.json()['server']
    assert body['name'] == 'renamed'
    assert body['accessIPv4'] == '4.3.2.1'
    assert body['accessIPv6'] == '80fe::1'
    assert body['OS-DCF:diskConfig'] == 'MANUAL'
    assert _show(api, server.uuid)['name'] == 'renamed'
    resp = _put(api, server.uuid, {'description': 'about'}, tenant[1],
                '2.19')
    assert resp.json()['server']['description'] == 'about'
    resp = _put(api, server.uuid, {'description': None}, tenant[1], '2.19')
    assert resp.json()['server']['description'] is None


def test_update_answers_a_smaller_body_before_2_75(api, tenant):
    server = _server(tenant)
    small = _put(api, server.uuid, {}, version='2.74').json()['server']
    assert set(small) == BASE_KEYS | {
        'locked', 'description', 'tags', 'trusted_image_certificates',
        'server_groups', 'locked_reason'}
    assert set(small['addresses']['private'][0]) == {'version', 'addr'}
    full = _put(api, server.uuid, {}, version='2.75').json()['server']
    assert set(full) == set(_show(api, server.uuid, version='2.75'))
    assert 'OS-EXT-SRV-ATTR:user_data' in full


@pytest.mark.parametrize('version,server', [
    ('2.1', {'description': 'd'}),
    ('2.18', {'description': 'd'}),
    ('2.89', {'hostname': 'host'}),
    ('2.90', {'hostname': 'host.example.com'}),
    ('2.90', {'hostname': 'a'}),
    ('2.94', {'hostname': 'bad host'}),
    ('2.103', {'pinned_availability_zone': None}),
    ('2.1', {'name': ' padded '}),
    ('2.1', {'accessIPv4': 'not-an-ip'}),
    ('2.1', {'OS-DCF:diskConfig': 'SOMETIMES'}),
    ('2.1', {'foo': 'bar'}),
])
def test_update_body_validation(api, tenant, version, server):
    target = _server(tenant)
    fault_message(_put(api, target.uuid, server, version=version), 400)


def test_update_needs_a_server_key(api, tenant):
    target = _server(tenant)
    resp = api.put('/servers/' + target.uuid, {'name': 'x'})
    fault_message(resp, 400)


def test_update_hostname(api, tenant):
    server = _server(tenant)
    resp = _put(api, server.uuid, {'hostname': 'new-host'}, tenant[1],
                '2.90')
    assert resp.json()['server']['OS-EXT-SRV-ATTR:hostname'] == 'new-host'
    resp = _put(api, server.uuid, {'hostname': 'new-host.example.com'},
                tenant[1], '2.94')
    assert resp.json()['server']['OS-EXT-SRV-ATTR:hostname'] == \
        'new-host.example.com'


def test_update_access(api, tenant):
    server = _server(tenant)
    _, other = sf.project()
    fault_message(_put(api, server.uuid, {'name': 'x'}, other), 404)
    fault_message(_put(api, str(uuid.uuid4()), {'name': 'x'}), 404)


def test_locked_server_can_still_be_updated(api, tenant):
    server = _server(tenant, locked=True, locked_by='admin')
    resp = _put(api, server.uuid, {'name': 'still'}, tenant[1])
    assert resp.status_code == 200, resp.text


def test_pin_and_unpin_availability_zone_at_2_104(api, tenant):
    server = _server(tenant, spec={'availability_zone': 'nova'})
    resp = _put(api, server.uuid, {'pinned_availability_zone': None},
                tenant[1], '2.104')
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['pinned_availability_zone'] is None
    assert _show(api, server.uuid, tenant[1], '2.96')[
        'pinned_availability_zone'] is None
    resp = _put(api, server.uuid, {'pinned_availability_zone': 'elsewhere'},
                tenant[1], '2.104')
    assert fault_message(resp, 409) == (
        'The server can only be pinned to the availability zone it is in '
        '(nova), not to elsewhere.')
    resp = _put(api, server.uuid, {'pinned_availability_zone': 'nova'},
                tenant[1], '2.104')
    assert resp.json()['server']['pinned_availability_zone'] == 'nova'
