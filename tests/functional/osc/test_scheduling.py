"""End to end: scheduling driven by the unmodified openstackclient against
``compute-all`` (two fake hosts): a server group with an anti-affinity
rule and the ``group`` hint, an aggregate with an availability zone and a
host, and servers created in that zone (pinned, shown from 2.96)."""

import uuid

import pytest

from tests.functional.osc.cli import demo
from tests.functional.osc.cli import demo_json
from tests.functional.osc.cli import osc
from tests.functional.osc.cli import osc_json


def _host(cloud, server):
    return osc_json(cloud, 'server', 'show', server)['OS-EXT-SRV-ATTR:host']


@pytest.fixture
def servers(cloud):
    """Names of the demo user's servers a test creates: create(name,
    *args) boots one and waits for ACTIVE; all are deleted afterwards."""
    made = []

    def create(*args):
        name = 'sched-' + uuid.uuid4().hex[:6]
        server = demo_json(cloud, 'server', 'create', '--flavor', 'm1.tiny',
                           '--image', 'e2e-img', '--network', 'private',
                           '--wait', *args, name)
        made.append(server['id'])
        return server['id']
    yield create
    for server in made:
        demo(cloud, 'server', 'delete', '--wait', server, check=False)


@pytest.fixture
def zone(cloud):
    """An availability zone of one host (an aggregate made with
    ``aggregate create --zone`` and ``aggregate add host``); its name and
    host."""
    name = 'e2e-az-' + uuid.uuid4().hex[:6]
    hosts = sorted(s['Host'] for s in osc_json(
        cloud, 'compute', 'service', 'list', '--service', 'nova-compute'))
    aggregate = osc_json(cloud, 'aggregate', 'create', '--zone', name,
                         name)
    assert aggregate['availability_zone'] == name
    shown = osc_json(cloud, 'aggregate', 'add', 'host', name, hosts[-1])
    assert shown['hosts'] == [hosts[-1]]
    yield name, hosts[-1]
    osc(cloud, 'aggregate', 'remove', 'host', name, hosts[-1], check=False)
    osc(cloud, 'aggregate', 'delete', name, check=False)


def test_anti_affinity_group_with_max_server_per_host(cloud, e2e_image,
                                                      servers):
    group = demo_json(cloud, '--os-compute-api-version', '2.64', 'server',
                      'group', 'create', '--policy', 'anti-affinity',
                      '--rule', 'max_server_per_host=2',
                      'e2e-group-' + uuid.uuid4().hex[:6])
    assert group['policy'] == 'anti-affinity'
    assert group['rules'] == {'max_server_per_host': 2}
    try:
        members = [servers('--hint', 'group=%s' % group['id'])
                   for _ in range(4)]
        hosts = [_host(cloud, server) for server in members]
        # Two hosts, at most two members on each.
        assert sorted(hosts.count(host) for host in set(hosts)) == [2, 2]
        shown = demo_json(cloud, 'server', 'group', 'show', group['id'])
        assert sorted(shown['members']) == sorted(members)
        # A fifth member finds no host.
        refused = demo(cloud, 'server', 'create', '--flavor', 'm1.tiny',
                       '--image', 'e2e-img', '--network', 'private',
                       '--hint', 'group=%s' % group['id'], '--wait',
                       'e2e-fifth', check=False)
        assert refused.returncode != 0
        fifth = demo_json(cloud, 'server', 'show', 'e2e-fifth')
        assert fifth['status'] == 'ERROR'
        assert 'No valid host was found' in str(fifth['fault'])
        demo(cloud, 'server', 'delete', '--wait', 'e2e-fifth')
    finally:
        demo(cloud, 'server', 'group', 'delete', group['id'], check=False)


def test_server_in_availability_zone(cloud, e2e_image, servers, zone):
    name, host = zone
    zones = demo_json(cloud, 'availability', 'zone', 'list', '--compute')
    assert name in [z['Zone Name'] for z in zones]
    for _ in range(2):
        server = servers('--availability-zone', name)
        assert _host(cloud, server) == host
    shown = demo_json(cloud, '--os-compute-api-version', '2.96', 'server',
                      'show', server)
    assert shown['OS-EXT-AZ:availability_zone'] == name
    assert shown['pinned_availability_zone'] == name
    other = servers('--availability-zone', 'nova')
    assert _host(cloud, other) != host
