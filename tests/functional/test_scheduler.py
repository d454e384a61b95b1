"""The scheduler on the real stack: select_destinations over RPC against
the embedded placement and the three fake agents (compute1, compute2,
compute3: 16 vCPUs, 32 GiB, 1 TiB each): claims in placement, NoValidHost,
multi-create consumption, anti-affinity, requested hosts and disabled
services."""

import uuid

import pytest

from compute import conf as compute_conf
from compute import context as compute_context
from compute.db import services
from compute.objects import request_spec
from compute.placement import allocations
from compute.placement import client as placement_client
from compute.scheduler import errors
from compute.scheduler import rpcapi

CONF = compute_conf.CONF

NOT_ENOUGH = 'No valid host was found. There are not enough hosts available.'


def _flavor(memory_mb=512, vcpus=1, root_gb=1):
    return {'flavorid': 'sched-test', 'name': 'sched-test', 'vcpus': vcpus,
            'memory_mb': memory_mb, 'root_gb': root_gb, 'ephemeral_gb': 0,
            'swap': 0, 'extra_specs': {}}


@pytest.fixture
def consumers(stack):
    """New consumer uuids: consumers(n); their allocations are deleted
    after the test."""
    made = []

    def make(count):
        uuids = [str(uuid.uuid4()) for _ in range(count)]
        made.extend(uuids)
        return uuids
    yield make
    for consumer in made:
        allocations.delete_allocations(consumer)


def _select(uuids, **fields):
    values = {'instance_uuid': uuids[0], 'project_id': 'sched-project',
              'user_id': 'sched-user', 'flavor': _flavor(),
              'num_instances': len(uuids)}
    values.update(fields)
    spec = request_spec.RequestSpec(**values)
    return rpcapi.SchedulerAPI().select_destinations(
        compute_context.get_admin_context(), spec, uuids)


def _allocation(consumer):
    return placement_client.get_client().get(
        '/allocations/%s' % consumer, version='1.39')


def _provider_name(rp_uuid):
    return placement_client.get_client().get(
        '/resource_providers/%s' % rp_uuid)['name']


def _claimed_host(consumer):
    """The host whose provider holds the consumer's allocation."""
    (rp_uuid, _), = _allocation(consumer)['allocations'].items()
    return _provider_name(rp_uuid)


def test_fits(consumers, compute_hosts):
    uuids = consumers(1)
    (winner, *alternates), = _select(uuids)
    assert winner.claimed and winner.service_host in compute_hosts
    assert winner.nodename == winner.service_host
    body = _allocation(uuids[0])
    assert body['project_id'] == 'sched-project'
    assert body['user_id'] == 'sched-user'
    assert body['allocations'] == {winner.compute_node_uuid: {
        'resources': {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1},
        'generation': body['allocations'][winner.compute_node_uuid][
            'generation']}}
    assert _provider_name(winner.compute_node_uuid) == winner.service_host
    # The other hosts are the alternates (max_attempts - 1 of them), and
    # nothing is claimed there.
    assert sorted((a.service_host, a.claimed) for a in alternates) == [
        (host, False) for host in compute_hosts
        if host != winner.service_host]
    for alternate in alternates:
        assert list(alternate.allocation_request['allocations']) == [
            alternate.compute_node_uuid]


def test_too_big(consumers):
    uuids = consumers(1)
    with pytest.raises(errors.NoValidHost) as err:
        _select(uuids, flavor=_flavor(memory_mb=40 * 1024))
    assert err.value.format_message() == NOT_ENOUGH
    assert _allocation(uuids[0])['allocations'] == {}


def test_multi_create_spreads_and_consumes(consumers, compute_hosts):
    # 12 GiB each: a host has room for two, not three; one less than
    # that fills all but one place.
    uuids = consumers(2 * len(compute_hosts) - 1)
    result = _select(uuids, flavor=_flavor(memory_mb=12 * 1024))
    winners = [hosts[0].service_host for hosts in result]
    assert sorted(winners.count(host) for host in compute_hosts) == \
        [1] + [2] * (len(compute_hosts) - 1)
    assert [_claimed_host(consumer) for consumer in uuids] == winners
    # Every host took one of them: none is left for an alternate.
    assert all(len(hosts) == 1 for hosts in result)


def test_multi_create_that_does_not_fit_leaves_nothing(consumers,
                                                       compute_hosts):
    # One more 12 GiB instance than the hosts have room for (two each).
    uuids = consumers(2 * len(compute_hosts) + 1)
    with pytest.raises(errors.NoValidHost):
        _select(uuids, flavor=_flavor(memory_mb=12 * 1024))
    assert all(_allocation(u)['allocations'] == {} for u in uuids)


def _group(policy):
    return {'uuid': str(uuid.uuid4()), 'policy': policy, 'rules': {},
            'hosts': [], 'members': []}


def test_anti_affinity(consumers, compute_hosts):
    uuids = consumers(len(compute_hosts))
    result = _select(uuids, instance_group=_group('anti-affinity'))
    assert sorted(hosts[0].service_host for hosts in result) == \
        compute_hosts


def test_anti_affinity_needs_a_host_each(consumers, compute_hosts):
    uuids = consumers(len(compute_hosts) + 1)
    with pytest.raises(errors.NoValidHost) as err:
        _select(uuids, instance_group=_group('anti-affinity'))
    assert err.value.format_message() == NOT_ENOUGH
    assert all(_allocation(u)['allocations'] == {} for u in uuids)


def test_affinity(consumers):
    uuids = consumers(3)
    result = _select(uuids, instance_group=_group('affinity'))
    assert len({hosts[0].service_host for hosts in result}) == 1


@pytest.mark.parametrize('fields', [
    {'requested_host': 'compute2'},
    {'requested_node': 'compute2'},
    {'force_hosts': ['compute2']},
])
def test_requested_host(consumers, fields):
    uuids = consumers(2)
    result = _select(uuids, **fields)
    assert [hosts[0].service_host for hosts in result] == ['compute2'] * 2
    assert [_claimed_host(u) for u in uuids] == ['compute2'] * 2
    # Alternates never leave the requested host.
    assert all(len(hosts) == 1 for hosts in result)


def test_unknown_requested_host(consumers):
    with pytest.raises(errors.NoValidHost):
        _select(consumers(1), requested_host='compute9')


@pytest.fixture
def compute2_in_zone(api):
    """compute2 in a new availability zone (an aggregate mirrored in
    placement); the zone's name."""
    zone = 'sched-az-%s' % uuid.uuid4().hex[:8]
    resp = api.post('/os-aggregates', {'aggregate': {
        'name': zone, 'availability_zone': zone}})
    assert resp.status_code == 200, resp.text
    agg_id = resp.json()['aggregate']['id']
    action = '/os-aggregates/%s/action' % agg_id
    resp = api.post(action, {'add_host': {'host': 'compute2'}})
    assert resp.status_code == 200, resp.text
    yield zone
    api.post(action, {'remove_host': {'host': 'compute2'}})
    api.delete('/os-aggregates/%s' % agg_id)


def test_availability_zone(consumers, compute_hosts, compute2_in_zone):
    result = _select(consumers(2), availability_zone=compute2_in_zone)
    assert [[s.service_host for s in hosts] for hosts in result] == [
        ['compute2'], ['compute2']]
    # The default zone is every host outside the other zones: they are
    # the winner and its alternates, compute2 is not among them.
    result = _select(consumers(1), availability_zone='nova')
    assert sorted(s.service_host for s in result[0]) == [
        host for host in compute_hosts if host != 'compute2']


@pytest.fixture
def only_compute2_enabled(compute_hosts):
    """Every compute service but compute2's disabled for the test."""
    disabled = [services.get_by_host_binary(host, 'nova-compute')
                for host in compute_hosts if host != 'compute2']
    for service in disabled:
        services.update(service.id, disabled=True,
                        disabled_reason='scheduler test')
    yield
    for service in disabled:
        services.update(service.id, disabled=False, disabled_reason=None)


def test_disabled_service_skipped(consumers, only_compute2_enabled):
    uuids = consumers(2)
    result = _select(uuids)
    assert [[s.service_host for s in hosts] for hosts in result] == [
        ['compute2'], ['compute2']]
    with pytest.raises(errors.NoValidHost):
        _select(consumers(1), requested_host='compute1')
