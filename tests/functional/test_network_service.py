"""The built-in Networking API v2.0 under /networking: its resources,
filters, faults and access rules over HTTP, and python-openstackclient
driving it through the generated clouds.yaml and the catalog."""

import json
import os
import subprocess
import sys
import uuid

import pytest
import requests

ADMIN = 'admin:admin'


def _project():
    name = 'net-' + uuid.uuid4().hex[:8]
    return 'u-%s:%s' % (name, name), name


def _call(stack, method, path, token=ADMIN, body=None, params=None,
          headers=None):
    all_headers = {'X-Auth-Token': token} if token else {}
    all_headers.update(headers or {})
    return requests.request(method, stack.url + '/networking/v2.0' + path,
                            json=body, params=params, headers=all_headers,
                            timeout=60)


def _fault(resp, status, kind):
    assert resp.status_code == status, resp.text
    error = resp.json()['NeutronError']
    assert error['type'] == kind, error
    return error['message']


@pytest.fixture(scope='module')
def private(stack):
    networks = _call(stack, 'GET', '/networks',
                     params={'name': 'private'}).json()['networks']
    assert len(networks) == 1
    return networks[0]


def _port(stack, token, network_id, **attrs):
    resp = _call(stack, 'POST', '/ports', token, {'port': dict(
        network_id=network_id, **attrs)})
    assert resp.status_code == 201, resp.text
    return resp.json()['port']


def test_version_discovery_needs_no_token(stack):
    resp = requests.get(stack.url + '/networking', timeout=60)
    assert resp.status_code == 200
    version, = resp.json()['versions']
    assert version['id'] == 'v2.0' and version['status'] == 'CURRENT'
    assert version['links'][0]['href'] == stack.url + '/networking/v2.0/'
    resources = _call(stack, 'GET', '').json()['resources']
    assert {r['collection'] for r in resources} >= {'networks', 'ports'}


def test_token_required(stack):
    assert _call(stack, 'GET', '/networks', token=None).status_code == 401


def test_flat_network(stack, private):
    assert private['status'] == 'ACTIVE' and private['shared'] is True
    assert private['router:external'] is False
    assert private['admin_state_up'] is True and private['mtu'] == 1500
    assert len(private['subnets']) == 1
    shown = _call(stack, 'GET', '/networks/' + private['id']).json()
    assert shown['network'] == private
    subnet = _call(stack, 'GET', '/subnets/' + private['subnets'][0]).json()
    subnet = subnet['subnet']
    assert subnet['cidr'] == '10.0.0.0/24' and subnet['ip_version'] == 4
    assert subnet['gateway_ip'] == '10.0.0.1'
    assert subnet['network_id'] == private['id']
    assert subnet['allocation_pools'] == [{'start': '10.0.0.2',
                                           'end': '10.0.0.254'}]


def test_network_filters_and_fields(stack, private):
    def ids(**params):
        resp = _call(stack, 'GET', '/networks', params=params)
        assert resp.status_code == 200, resp.text
        return [n['id'] for n in resp.json()['networks']]

    assert ids(name='private') == [private['id']]
    assert ids(id=private['id']) == [private['id']]
    assert ids(name='no-such-network') == []
    assert ids(shared='true') == [private['id']]
    assert ids(shared='false') == []
    assert ids(**{'router:external': 'False'}) == [private['id']]
    assert ids(name=['nope', 'private']) == [private['id']]
    resp = _call(stack, 'GET', '/networks', params={
        'name': 'private', 'fields': ['id', 'name']})
    assert resp.json()['networks'] == [{'id': private['id'],
                                        'name': 'private'}]


def test_unknown_network_and_subnet(stack):
    missing = str(uuid.uuid4())
    message = _fault(_call(stack, 'GET', '/networks/' + missing), 404,
                     'NetworkNotFound')
    assert message == 'Network %s could not be found.' % missing
    _fault(_call(stack, 'GET', '/subnets/' + missing), 404, 'SubnetNotFound')
    _fault(_call(stack, 'GET', '/floatingips'), 404, 'HTTPNotFound')
    _fault(_call(stack, 'PUT', '/networks/' + missing, body={}), 405,
           'HTTPMethodNotAllowed')


def test_member_sees_the_shared_network(stack, private):
    token, _ = _project()
    networks = _call(stack, 'GET', '/networks', token).json()['networks']
    assert [n['id'] for n in networks] == [private['id']]
    subnets = _call(stack, 'GET', '/subnets', token).json()['subnets']
    assert [s['id'] for s in subnets] == private['subnets']


def test_port_lifecycle(stack, private):
    token, project = _project()
    port = _port(stack, token, private['id'], name='p1')
    assert port['name'] == 'p1' and port['project_id'] == project
    assert port['tenant_id'] == project and port['status'] == 'DOWN'
    assert port['device_id'] == '' and port['admin_state_up'] is True
    assert port['mac_address'].startswith('fa:16:3e:')
    address = port['fixed_ips'][0]['ip_address']
    assert port['fixed_ips'] == [{'subnet_id': private['subnets'][0],
                                  'ip_address': address}]
    assert address.startswith('10.0.0.') and address != '10.0.0.1'
    assert 'binding:host_id' not in port
    groups = _call(stack, 'GET', '/security-groups', token).json()
    default, = groups['security_groups']
    assert default['name'] == 'default' and default['project_id'] == project
    assert port['security_groups'] == [default['id']]

    assert _call(stack, 'GET', '/ports/' + port['id'], token).json()[
        'port'] == port
    listed = _call(stack, 'GET', '/ports', token).json()['ports']
    assert [p['id'] for p in listed] == [port['id']]
    # Another project neither lists nor shows it; the admin does both.
    other, _ = _project()
    assert _call(stack, 'GET', '/ports', other).json()['ports'] == []
    _fault(_call(stack, 'GET', '/ports/' + port['id'], other), 404,
           'PortNotFound')
    _fault(_call(stack, 'DELETE', '/ports/' + port['id'], other), 404,
           'PortNotFound')
    shown = _call(stack, 'GET', '/ports/' + port['id']).json()['port']
    assert shown['binding:host_id'] == '' and \
        shown['binding:vif_type'] == 'unbound'

    for params in ({'network_id': private['id']}, {'device_id': ''},
                   {'fixed_ips': 'ip_address=%s' % address},
                   {'project_id': project}):
        found = _call(stack, 'GET', '/ports', params=params).json()['ports']
        assert port['id'] in [p['id'] for p in found], params
    found = _call(stack, 'GET', '/ports', params={
        'device_id': str(uuid.uuid4())}).json()['ports']
    assert found == []

    assert _call(stack, 'DELETE', '/ports/' + port['id'],
                 token).status_code == 204
    _fault(_call(stack, 'GET', '/ports/' + port['id'], token), 404,
           'PortNotFound')


def test_port_create_fixed_ip(stack, private):
    token, _ = _project()
    port = _port(stack, token, private['id'],
                 fixed_ips=[{'ip_address': '10.0.0.250'}])
    assert port['fixed_ips'][0]['ip_address'] == '10.0.0.250'
    message = _fault(_call(stack, 'POST', '/ports', token, {'port': {
        'network_id': private['id'],
        'fixed_ips': [{'ip_address': '10.0.0.250'}]}}), 409,
        'IpAddressAlreadyAllocated')
    assert '10.0.0.250' in message
    for address in ('192.168.0.5', '10.0.0.1', '10.0.0.255', 'bogus'):
        _fault(_call(stack, 'POST', '/ports', token, {'port': {
            'network_id': private['id'],
            'fixed_ips': [{'ip_address': address}]}}), 400,
            'InvalidIpForNetwork')
    port2 = _port(stack, token, private['id'],
                  fixed_ips=[{'subnet_id': private['subnets'][0]}])
    assert port2['fixed_ips'][0]['ip_address'] != '10.0.0.250'
    _fault(_call(stack, 'POST', '/ports', token, {'port': {
        'network_id': private['id'],
        'fixed_ips': [{'subnet_id': str(uuid.uuid4())}]}}), 400,
        'HTTPBadRequest')
    for p in (port, port2):
        _call(stack, 'DELETE', '/ports/' + p['id'], token)


def test_port_create_errors(stack, private):
    token, project = _project()
    missing = str(uuid.uuid4())
    _fault(_call(stack, 'POST', '/ports', token, {'port': {
        'network_id': missing}}), 404, 'NetworkNotFound')
    for body in ({'port': {'name': 'x'}},
                 {'port': {'network_id': private['id'], 'bogus': 1}},
                 {'port': {'network_id': private['id'],
                           'admin_state_up': 'yes'}},
                 {'ports': []}):
        _fault(_call(stack, 'POST', '/ports', token, body), 400,
               'HTTPBadRequest')
    _fault(_call(stack, 'POST', '/ports', token, {'port': {
        'network_id': private['id'], 'security_groups': [missing]}}),
        404, 'SecurityGroupNotFound')
    _fault(_call(stack, 'POST', '/ports', token, {'port': {
        'network_id': private['id'], 'project_id': 'someone-else'}}),
        403, 'AdminRequired')
    _fault(_call(stack, 'POST', '/ports', token, {'port': {
        'network_id': private['id']}}, headers={'X-Roles': 'reader'}),
        403, 'PolicyNotAuthorized')
    # The admin creates ports for other projects, without security groups
    # when asked to.
    port = _port(stack, ADMIN, private['id'], project_id=project,
                 security_groups=[])
    assert port['project_id'] == project and port['security_groups'] == []
    assert [p['id'] for p in _call(stack, 'GET', '/ports', token).json()[
        'ports']] == [port['id']]
    assert _call(stack, 'DELETE', '/ports/' + port['id']).status_code == 204


def test_default_security_group_clean_up(stack, private):
    token, project = _project()
    port = _port(stack, token, private['id'])
    default = _call(stack, 'GET', '/security-groups', token).json()[
        'security_groups'][0]
    assert _call(stack, 'GET', '/security-groups/' + default['id'],
                 token).json()['security_group'] == default
    # A member may not delete the default group.
    _fault(_call(stack, 'DELETE', '/security-groups/' + default['id'],
                 token), 409, 'SecurityGroupCannotRemoveDefault')
    # The admin finds it as tempest's clean-up does; not while in use.
    found = _call(stack, 'GET', '/security-groups', params={
        'project_id': project, 'name': 'default'}).json()['security_groups']
    assert [g['id'] for g in found] == [default['id']]
    _fault(_call(stack, 'DELETE', '/security-groups/' + default['id']),
           409, 'SecurityGroupInUse')
    _call(stack, 'DELETE', '/ports/' + port['id'], token)
    assert _call(stack, 'DELETE', '/security-groups/' +
                 default['id']).status_code == 204
    _fault(_call(stack, 'GET', '/security-groups/' + default['id']), 404,
           'SecurityGroupNotFound')


def test_listing_sort_and_pages(stack, private):
    token, _ = _project()
    made = [_port(stack, token, private['id'], name='p%d' % i)
            for i in range(3)]
    resp = _call(stack, 'GET', '/ports', token, params={
        'sort_key': 'name', 'sort_dir': 'desc'})
    assert [p['name'] for p in resp.json()['ports']] == ['p2', 'p1', 'p0']
    first = _call(stack, 'GET', '/ports', token, params={
        'sort_key': 'name', 'sort_dir': 'asc', 'limit': 2}).json()
    assert [p['name'] for p in first['ports']] == ['p0', 'p1']
    next_link, = first['ports_links']
    rest = requests.get(next_link['href'], headers={
        'X-Auth-Token': token}, timeout=60).json()
    assert [p['name'] for p in rest['ports']] == ['p2']
    assert 'ports_links' not in rest
    for port in made:
        _call(stack, 'DELETE', '/ports/' + port['id'], token)


def test_quotas_are_unlimited(stack, private):
    token, project = _project()
    port = _port(stack, token, private['id'])
    for path in ('/quotas/' + project, '/quotas/%s/default' % project):
        quota = _call(stack, 'GET', path, token).json()['quota']
        assert quota['port'] == -1 and quota['network'] == -1
    for path in ('/quotas/%s/details' % project,
                 '/quotas/%s/details.json' % project):
        details = _call(stack, 'GET', path, token).json()['quota']
        assert details['port'] == {'limit': -1, 'used': 1, 'reserved': 0}
        assert details['security_group']['used'] == 1
    _fault(_call(stack, 'GET', '/quotas/someone-else', token), 403,
           'PolicyNotAuthorized')
    assert _call(stack, 'GET', '/quotas/someone-else').status_code == 200
    assert _call(stack, 'GET', '/quotas').json() == {'quotas': []}
    _call(stack, 'DELETE', '/ports/' + port['id'], token)


def test_extensions(stack):
    aliases = {e['alias'] for e in _call(stack, 'GET', '/extensions').json()[
        'extensions']}
    assert {'security-group', 'external-net', 'binding'} <= aliases
    assert _call(stack, 'GET', '/extensions/security-group').json()[
        'extension']['alias'] == 'security-group'
    _fault(_call(stack, 'GET', '/extensions/nope'), 404, 'HTTPNotFound')


def _openstack(stack, *args):
    tool = os.path.join(os.path.dirname(sys.executable), 'openstack')
    if not os.path.exists(tool):
        pytest.skip('openstack is not installed (pip install -e .[test])')
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=os.path.join(stack.state_path,
                                                  'clouds.yaml'),
               OS_CLOUD='compute-all')
    result = subprocess.run([tool] + list(args), env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, '%s\n%s\n%s' % (
        ' '.join(args), result.stdout, result.stderr)
    return json.loads(result.stdout) if '-f' in args else result.stdout


def test_openstackclient(stack, private):
    networks = _openstack(stack, 'network', 'list', '-f', 'json')
    assert [(n['ID'], n['Name']) for n in networks] == [
        (private['id'], 'private')]
    shown = _openstack(stack, 'network', 'show', 'private', '-f', 'json')
    assert shown['id'] == private['id']
    subnets = _openstack(stack, 'subnet', 'list', '-f', 'json')
    assert [s['Subnet'] for s in subnets] == ['10.0.0.0/24']
    name = 'p1-' + uuid.uuid4().hex[:6]
    port = _openstack(stack, 'port', 'create', '--network', 'private', name,
                      '-f', 'json')
    assert port['name'] == name and port['network_id'] == private['id']
    listed = _openstack(stack, 'port', 'list', '-f', 'json')
    assert port['id'] in [p['ID'] for p in listed]
    assert _openstack(stack, 'port', 'show', name, '-f', 'json')[
        'id'] == port['id']
    quota = {row['Resource']: row for row in _openstack(
        stack, 'quota', 'show', '--usage', '-f', 'json')}
    assert quota['ports']['Limit'] == -1 and quota['ports']['In Use'] >= 1
    groups = _openstack(stack, 'security', 'group', 'list', '-f', 'json')
    assert 'default' in [g['Name'] for g in groups]
    _openstack(stack, 'port', 'delete', name)
    assert port['id'] not in [p['ID'] for p in _openstack(
        stack, 'port', 'list', '-f', 'json')]
