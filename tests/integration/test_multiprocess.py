"""The scaled-out deployment: every service a process of its own.

compute-manage makes the schemas; compute-api (with the embedded placement),
compute-conductor, compute-scheduler and two compute-agents talk over
RabbitMQ, on MariaDB and on PostgreSQL. The agents reach placement over HTTP
and the databases only through the conductor. Servers booted by a project's
member spread over both agents with an allocation each in placement, and
their delete frees the allocations and ports. An agent stopped with SIGTERM
exits cleanly and is reported down once service_down_time has passed.
"""

import json
import uuid

import pytest

from tests.integration import deployment as deployment_mod

pytestmark = pytest.mark.integration

AGENTS = ('agent1', 'agent2')
START_TIMEOUT = 60
DOWN_TIMEOUT = deployment_mod.SERVICE_DOWN_TIME + 15
SERVER_TIMEOUT = 30
SERVER_COUNT = 4
SERVER_VERSION = '2.90'
FLAVOR = {'ram': 512, 'vcpus': 1, 'disk': 1}


def _compute_states(cloud, url=None):
    services = cloud.get('/v2.1/os-services', url=url)['services']
    return {s['host']: s['state'] for s in services
            if s['binary'] == 'nova-compute'}


def _states_are(cloud, expected):
    states = _compute_states(cloud)
    return states if states == expected else None


def _upgrade_check(cloud):
    code, out, err = cloud.run('compute-status', 'upgrade', 'check',
                               '--json')
    assert out, err
    return code, {c['check']: c['result'] for c in json.loads(out)['checks']}


def _sync_schemas(cloud):
    for category in ('api_db', 'db'):
        code, _, err = cloud.run('compute-manage', category, 'sync')
        assert code == 0, err
        code, out, err = cloud.run('compute-manage', category, 'version')
        assert code == 0, err
        assert out.strip() not in ('', 'None')


def _start_controllers(cloud):
    cloud.start_api()
    services = [cloud.start_controller('compute-conductor'),
                cloud.start_controller('compute-scheduler')]
    cloud.wait_for_api(START_TIMEOUT)
    for process in services:
        cloud.wait_for_log(process, 'started on controller', START_TIMEOUT)


def _check_wsgi_api(cloud):
    """compute.wsgi.api:application in a WSGI server sees the same cloud."""
    process, url = cloud.start_wsgi_api()
    cloud.wait_for_api(START_TIMEOUT, url=url)
    assert _compute_states(cloud, url) == dict.fromkeys(AGENTS, 'up')
    # The server's own business how it exits; it must exit.
    assert process.stop() is not None


def _create_flavor(cloud):
    """A scaled-out cloud has no flavor until an administrator makes one."""
    resp = cloud.request('POST', '/v2.1/flavors', {'flavor': dict(
        FLAVOR, name='it-' + uuid.uuid4().hex[:8])})
    assert resp.status_code == 200, resp.text
    return resp.json()['flavor']['id']


def _default_image(cloud, token):
    images = cloud.get('/image/v2/images?name=tiny-test-image',
                       token=token)['images']
    assert [i['status'] for i in images] == ['active'], images
    return images[0]['id']


def _servers(cloud, token):
    """{id: server} of the project of ``token``."""
    servers = cloud.get('/v2.1/servers/detail', token=token,
                        version=SERVER_VERSION)['servers']
    return {s['id']: s for s in servers}


def _all_active(cloud, token):
    servers = _servers(cloud, token)
    failed = {i: s.get('fault') for i, s in servers.items()
              if s['status'] == 'ERROR'}
    assert not failed, failed
    return servers if len(servers) == SERVER_COUNT and all(
        s['status'] == 'ACTIVE' for s in servers.values()) else None


def _allocations(cloud, server_id):
    return cloud.get('/placement/allocations/%s' % server_id)['allocations']


def _ports(cloud, server_id):
    return cloud.get('/networking/v2.0/ports?device_id=%s' % server_id)[
        'ports']


def _boot_servers(cloud, token):
    """SERVER_COUNT servers of one request, ACTIVE: {id: server}."""
    resp = cloud.request('POST', '/v2.1/servers', {'server': {
        'name': 'it-vm', 'flavorRef': _create_flavor(cloud),
        'imageRef': _default_image(cloud, token), 'networks': 'auto',
        'min_count': SERVER_COUNT}}, token=token, version=SERVER_VERSION)
    assert resp.status_code == 202, resp.text
    return cloud.wait_until('%d servers ACTIVE' % SERVER_COUNT,
                            lambda: _all_active(cloud, token),
                            SERVER_TIMEOUT)


def _check_placed(cloud, servers):
    """Both agents got servers, each server one allocation on its host's
    resource provider and a port."""
    providers = {p['uuid']: p['name'] for p in cloud.get(
        '/placement/resource_providers')['resource_providers']}
    hosts = {}
    for server_id in servers:
        # The host is shown to administrators only.
        host = cloud.get('/v2.1/servers/%s' % server_id,
                         version=SERVER_VERSION)['server'][
                             'OS-EXT-SRV-ATTR:host']
        hosts[server_id] = host
        allocations = _allocations(cloud, server_id)
        assert {providers[rp]: a['resources']
                for rp, a in allocations.items()} == {host: {
                    'VCPU': FLAVOR['vcpus'], 'MEMORY_MB': FLAVOR['ram'],
                    'DISK_GB': FLAVOR['disk']}}, allocations
        assert len(_ports(cloud, server_id)) == 1
    assert sorted(set(hosts.values())) == list(AGENTS), hosts


def _delete_servers(cloud, token, servers):
    for server_id in servers:
        resp = cloud.request('DELETE', '/v2.1/servers/%s' % server_id,
                             token=token)
        assert resp.status_code == 204, resp.text
    cloud.wait_until('servers gone',
                     lambda: not _servers(cloud, token), SERVER_TIMEOUT)
    for server_id in servers:
        resp = cloud.request('GET', '/v2.1/servers/%s' % server_id,
                             token=token)
        assert resp.status_code == 404, resp.text
        assert _allocations(cloud, server_id) == {}
        assert _ports(cloud, server_id) == []


def _server(cloud, server_id):
    return cloud.get('/v2.1/servers/%s' % server_id,
                     version=SERVER_VERSION)['server']


def _holdings(cloud, consumer):
    """{provider name: resources} that ``consumer`` holds in placement."""
    providers = {p['uuid']: p['name'] for p in cloud.get(
        '/placement/resource_providers')['resource_providers']}
    return {providers[rp]: held['resources']
            for rp, held in _allocations(cloud, consumer).items()}


def _check_cold_migration(cloud, server_id):
    """An administrator migrates a server to the other agent and confirms:
    while it waits, the migration holds the source and the server the
    destination; after the confirm only the destination is held."""
    source = _server(cloud, server_id)['OS-EXT-SRV-ATTR:host']
    resp = cloud.request('POST', '/v2.1/servers/%s/action' % server_id,
                         {'migrate': None}, version=SERVER_VERSION)
    assert resp.status_code == 202, resp.text
    cloud.wait_until('VERIFY_RESIZE', lambda: _server(
        cloud, server_id)['status'] == 'VERIFY_RESIZE', SERVER_TIMEOUT)
    dest = _server(cloud, server_id)['OS-EXT-SRV-ATTR:host']
    assert dest != source
    held = {'VCPU': FLAVOR['vcpus'], 'MEMORY_MB': FLAVOR['ram'],
            'DISK_GB': FLAVOR['disk']}
    migration = cloud.get('/v2.1/os-migrations?instance_uuid=%s'
                          % server_id, version='2.59')['migrations'][0]
    assert _holdings(cloud, server_id) == {dest: held}
    assert _holdings(cloud, migration['uuid']) == {source: held}
    resp = cloud.request('POST', '/v2.1/servers/%s/action' % server_id,
                         {'confirmResize': None}, version=SERVER_VERSION)
    assert resp.status_code == 204, resp.text
    cloud.wait_until('ACTIVE', lambda: _server(
        cloud, server_id)['status'] == 'ACTIVE', SERVER_TIMEOUT)
    cloud.wait_until('the source freed', lambda: not _allocations(
        cloud, migration['uuid']), SERVER_TIMEOUT)
    assert _holdings(cloud, server_id) == {dest: held}


def _check_servers(cloud):
    """A project's member boots servers over both agents, one moves to
    the other agent, and all are deleted; what they held is freed."""
    project = uuid.uuid4().hex
    token = 'member-%s:%s' % (project[:6], project)
    servers = _boot_servers(cloud, token)
    _check_placed(cloud, servers)
    _check_cold_migration(cloud, next(iter(servers)))
    _delete_servers(cloud, token, servers)
    # No process fell back to a private SQLite image or network store.
    assert not list((cloud.workdir / 'state').glob('*.sqlite'))


@pytest.mark.parametrize('backend', ['mysql', 'postgresql'])
def test_services_in_separate_processes(deployment):
    cloud = deployment
    _sync_schemas(cloud)
    _start_controllers(cloud)
    code, checks = _upgrade_check(cloud)
    assert (code, checks['Compute agents']) == (1, 1), checks

    agents = {host: cloud.start_agent(host) for host in AGENTS}
    # Started: registered, compute node and resource provider reported.
    for host, process in agents.items():
        cloud.wait_for_log(process, 'started on %s' % host, START_TIMEOUT)
    cloud.wait_until('both agents up',
                     lambda: _states_are(cloud, dict.fromkeys(AGENTS, 'up')),
                     START_TIMEOUT)
    providers = cloud.get('/placement/resource_providers')
    assert sorted(p['name'] for p in providers['resource_providers']) == \
        list(AGENTS)
    hypervisors = cloud.get('/v2.1/os-hypervisors')['hypervisors']
    assert sorted(h['hypervisor_hostname'] for h in hypervisors) == \
        list(AGENTS)
    code, checks = _upgrade_check(cloud)
    assert code == 0, checks
    _check_wsgi_api(cloud)
    _check_servers(cloud)

    assert agents['agent1'].stop() == 0
    cloud.wait_until('agent1 down',
                     lambda: _states_are(cloud, {'agent1': 'down',
                                                 'agent2': 'up'}),
                     DOWN_TIMEOUT)

    assert cloud.stop_all() == {'agent2': 0, 'compute-scheduler': 0,
                                'compute-conductor': 0, 'compute-api': 0}
