"""Parallel schedulers and conductors fill a cloud exactly to capacity.

Two compute-scheduler and two compute-conductor processes share the
RabbitMQ topics of a deployment whose three agents fake small hosts, so the
cloud holds an exact number of servers of one flavor: two hosts are bound
by their vCPUs times the CPU allocation ratio, one by its memory less the
reserved memory. More servers than fit are booted at once, each by a
request of its own. Every server must end ACTIVE or in ERROR with a
NoValidHost fault; exactly the capacity is ACTIVE; placement's usage of
each provider is the sum of the flavors of the ACTIVE servers on it and
never exceeds its inventory times its allocation ratio; the servers in
ERROR hold nothing.
"""

from concurrent import futures
import uuid

import pytest

from tests.integration import test_multiprocess as multiprocess

pytestmark = pytest.mark.integration

START_TIMEOUT = 60
SETTLE_TIMEOUT = 60
VERSION = '2.90'
FLAVOR = {'ram': 512, 'vcpus': 1, 'disk': 1}
HELD = {'VCPU': FLAVOR['vcpus'], 'MEMORY_MB': FLAVOR['ram'],
        'DISK_GB': FLAVOR['disk']}
CPU_ALLOCATION_RATIO = 2.0
# host: (its fake hypervisor, how many FLAVOR servers fit on it). The
# memory reserved for the host itself is 512 MiB ([DEFAULT]
# reserved_host_memory_mb).
AGENTS = {
    'agent1': ({'vcpus': 1, 'memory_mb': 8192, 'disk_gb': 50}, 2),
    'agent2': ({'vcpus': 1, 'memory_mb': 8192, 'disk_gb': 50}, 2),
    'agent3': ({'vcpus': 4, 'memory_mb': 2048, 'disk_gb': 50}, 3),
}
CAPACITY = sum(fit for _, fit in AGENTS.values())
BOOTS = CAPACITY + 5
# The second controller node: the other scheduler and conductor.
CONTROLLERS = ('controller', 'controller2')
NO_VALID_HOST = 'No valid host was found.'


def _start_controllers(cloud):
    """The API, and a conductor and a scheduler on each controller."""
    cloud.start_api()
    first, second = CONTROLLERS
    services = {
        first: [cloud.start_controller('compute-conductor'),
                cloud.start_controller('compute-scheduler')],
        second: [cloud.start_controller_on('compute-conductor', second),
                 cloud.start_controller_on('compute-scheduler', second)]}
    cloud.wait_for_api(START_TIMEOUT)
    for host, processes in services.items():
        for process in processes:
            cloud.wait_for_log(process, 'started on %s' % host,
                               START_TIMEOUT)


def _start_agents(cloud):
    for host, (size, _) in AGENTS.items():
        cloud.start_agent_with(host, {
            'DEFAULT': {'initial_cpu_allocation_ratio': CPU_ALLOCATION_RATIO},
            'fake_driver': size})
    for process in cloud.agents:
        cloud.wait_for_log(process, 'started on %s' % process.name,
                           START_TIMEOUT)


def _services_up(cloud):
    """{binary: sorted hosts} of the services up, once all are."""
    services = cloud.get('/v2.1/os-services')['services']
    up = {}
    for service in services:
        if service['state'] == 'up':
            up.setdefault(service['binary'], []).append(service['host'])
    wanted = {'nova-scheduler': list(CONTROLLERS),
              'nova-conductor': list(CONTROLLERS),
              'nova-compute': sorted(AGENTS)}
    return up if {b: sorted(h) for b, h in up.items()} == wanted else None


def _providers(cloud):
    """{name: uuid} of placement's resource providers."""
    return {p['name']: p['uuid'] for p in cloud.get(
        '/placement/resource_providers')['resource_providers']}


def _unlimited_project(cloud):
    """A project's member token, its quotas out of the way."""
    project = uuid.uuid4().hex
    resp = cloud.request('PUT', '/v2.1/os-quota-sets/%s' % project, {
        'quota_set': {'instances': -1, 'cores': -1, 'ram': -1}})
    assert resp.status_code == 200, resp.text
    return 'member-%s:%s' % (project[:6], project)


def _create_flavor(cloud):
    resp = cloud.request('POST', '/v2.1/flavors', {'flavor': dict(
        FLAVOR, name='par-' + uuid.uuid4().hex[:8])})
    assert resp.status_code == 200, resp.text
    return resp.json()['flavor']['id']


def _boot_concurrently(cloud, token, flavor_id, image_id):
    """BOOTS create requests at once, one server each: their ids."""
    def boot(index):
        return cloud.request('POST', '/v2.1/servers', {'server': {
            'name': 'par-%d' % index, 'flavorRef': flavor_id,
            'imageRef': image_id, 'networks': 'auto'}},
            token=token, version=VERSION)

    with futures.ThreadPoolExecutor(BOOTS) as pool:
        responses = list(pool.map(boot, range(BOOTS)))
    assert [r.status_code for r in responses] == [202] * BOOTS, \
        [r.text for r in responses if r.status_code != 202]
    return [r.json()['server']['id'] for r in responses]


def _settled(cloud, server_ids):
    """{id: server} (admin view) once every server is ACTIVE or ERROR."""
    servers = {s['id']: s for s in cloud.get(
        '/v2.1/servers/detail?all_tenants=1', version=VERSION)['servers']}
    assert set(servers) == set(server_ids), servers.keys()
    return servers if all(s['status'] in ('ACTIVE', 'ERROR')
                          for s in servers.values()) else None


def _holdings(cloud, server_id, names):
    allocations = cloud.get('/placement/allocations/%s' % server_id)[
        'allocations']
    return {names[rp]: held['resources'] for rp, held in allocations.items()}


def _check_placement(cloud, servers):
    providers = _providers(cloud)
    names = {rp: name for name, rp in providers.items()}
    active = {i: s for i, s in servers.items() if s['status'] == 'ACTIVE'}
    for server_id, server in servers.items():
        held = _holdings(cloud, server_id, names)
        if server_id in active:
            assert held == {server['OS-EXT-SRV-ATTR:host']: HELD}, held
        else:
            assert held == {}, (server_id, held)
    for host, (_, fit) in AGENTS.items():
        on_host = [s for s in active.values()
                   if s['OS-EXT-SRV-ATTR:host'] == host]
        assert len(on_host) == fit, (host, len(on_host))
        base = '/placement/resource_providers/%s' % providers[host]
        usages = cloud.get(base + '/usages')['usages']
        assert usages == {rc: amount * len(on_host)
                          for rc, amount in HELD.items()}, (host, usages)
        for rc, inventory in cloud.get(base + '/inventories')[
                'inventories'].items():
            limit = (inventory['total'] - inventory['reserved']) * \
                inventory['allocation_ratio']
            assert usages[rc] <= limit, (host, rc, usages[rc], inventory)


@pytest.mark.parametrize('backend', ['mysql', 'postgresql'])
def test_parallel_boots_fill_cloud_to_capacity(deployment):
    cloud = deployment
    multiprocess._sync_schemas(cloud)
    _start_controllers(cloud)
    _start_agents(cloud)
    cloud.wait_until('every service up', lambda: _services_up(cloud),
                     START_TIMEOUT)
    cloud.wait_until('a hypervisor per agent', lambda: sorted(
        h['hypervisor_hostname'] for h in cloud.get(
            '/v2.1/os-hypervisors')['hypervisors']) == sorted(AGENTS),
        START_TIMEOUT)
    assert sorted(_providers(cloud)) == sorted(AGENTS)

    token = _unlimited_project(cloud)
    server_ids = _boot_concurrently(
        cloud, token, _create_flavor(cloud),
        multiprocess._default_image(cloud, token))
    servers = cloud.wait_until(
        'every server ACTIVE or ERROR',
        lambda: _settled(cloud, server_ids), SETTLE_TIMEOUT)

    faults = {i: s.get('fault') for i, s in servers.items()
              if s['status'] == 'ERROR'}
    assert all(fault and fault['code'] == 500 and
               fault['message'].startswith(NO_VALID_HOST)
               for fault in faults.values()), faults
    assert len(servers) - len(faults) == CAPACITY, faults
    _check_placement(cloud, servers)
