"""select_destinations against a fake placement: the placement query a
request makes, claims, consumption across a multi-create, races,
alternates, groups, forced / requested / ignored hosts, and clean-up when
the request does not fit."""

import datetime
import uuid

from oslo_utils import timeutils
import pytest

from compute import context
from compute.objects import compute_node
from compute.objects import service as service_obj
from compute.placement import allocations
from compute.scheduler import errors
from compute.scheduler import host_manager
from compute.scheduler import manager
from tests.unit.scheduler.conftest import make_aggregate
from tests.unit.scheduler.conftest import make_spec

NOT_ENOUGH = 'No valid host was found. There are not enough hosts available.'


class FakePlacement:
    """Providers with VCPU / MEMORY_MB / DISK_GB, answering like placement
    (capacity checks on candidates and claims)."""

    def __init__(self):
        self.providers = {}
        self.queries = []
        self.claims = []
        self.consumers = {}
        self.lose = set()

    def add(self, rp_uuid, vcpus, memory_mb, disk_gb):
        self.providers[rp_uuid] = {
            'capacity': {'VCPU': vcpus * 4, 'MEMORY_MB': memory_mb,
                         'DISK_GB': disk_gb},
            'used': {'VCPU': 0, 'MEMORY_MB': 0, 'DISK_GB': 0}}

    def _fits(self, rp_uuid, resources):
        rp = self.providers[rp_uuid]
        return all(rp['used'].get(rc, 0) + amount <= rp['capacity'].get(rc, 0)
                   for rc, amount in resources.items())

    def allocation_candidates(self, resources, limit, required_traits=(),
                              in_tree=None, member_of=()):
        self.queries.append({'resources': resources, 'limit': limit,
                             'required': list(required_traits),
                             'in_tree': in_tree,
                             'member_of': list(member_of)})
        found = [rp for rp in self.providers
                 if self._fits(rp, resources) and in_tree in (None, rp)]
        return {
            'allocation_requests': [
                {'allocations': {rp: {'resources': dict(resources)}}}
                for rp in found[:limit]],
            'provider_summaries': {
                rp: {'root_provider_uuid': rp, 'resources': {
                    rc: {'capacity': cap, 'used': self.providers[rp][
                        'used'][rc]}
                    for rc, cap in self.providers[rp]['capacity'].items()}}
                for rp in found[:limit]}}

    def claim(self, consumer, allocation_request, project_id, user_id):
        (rp, alloc), = allocation_request['allocations'].items()
        self.claims.append((consumer, rp))
        if rp in self.lose or consumer in self.consumers or not self._fits(
                rp, alloc['resources']):
            return False
        for rc, amount in alloc['resources'].items():
            self.providers[rp]['used'][rc] += amount
        self.consumers[consumer] = allocation_request
        return True

    def delete_allocations(self, consumer):
        request = self.consumers.pop(consumer, None)
        if request is None:
            return False
        (rp, alloc), = request['allocations'].items()
        for rc, amount in alloc['resources'].items():
            self.providers[rp]['used'][rc] -= amount
        return True


class Cloud:
    """Compute nodes and services the fake snapshot serves, plus the
    placement behind them."""

    def __init__(self, monkeypatch):
        self.placement = FakePlacement()
        self.pairs = []
        self.aggregates = []
        self.instance_hosts = {}
        self.uuids = {}
        monkeypatch.setattr(allocations, 'allocation_candidates',
                            self.placement.allocation_candidates)
        monkeypatch.setattr(allocations, 'claim', self.placement.claim)
        monkeypatch.setattr(allocations, 'delete_allocations',
                            self.placement.delete_allocations)
        monkeypatch.setattr(host_manager.Snapshot, 'load', classmethod(
            lambda cls: cls(self.pairs, self.aggregates)))
        monkeypatch.setattr(host_manager, '_instance_hosts',
                            lambda uuids: {u: h for u, h in
                                           self.instance_hosts.items()
                                           if u in uuids})

    def add_host(self, name, vcpus=16, memory_mb=32768, disk_gb=1024,
                 disabled=False):
        node_uuid = str(uuid.uuid4())
        self.uuids[name] = node_uuid
        node = compute_node.ComputeNode(
            uuid=node_uuid, host=name, hypervisor_hostname=name,
            vcpus=vcpus, memory_mb=memory_mb, local_gb=disk_gb,
            cpu_info='{"arch": "x86_64"}')
        service = service_obj.Service(
            id=len(self.pairs) + 1, uuid=str(uuid.uuid4()), host=name,
            binary='nova-compute', topic='compute', disabled=disabled,
            last_seen_up=timeutils.utcnow(with_timezone=False) -
            datetime.timedelta(seconds=1))
        self.pairs.append((node, service))
        self.placement.add(node_uuid, vcpus, memory_mb, disk_gb)

    def host_of(self, consumer):
        (rp, _), = self.placement.consumers[consumer][
            'allocations'].items()
        return next(name for name, u in self.uuids.items() if u == rp)


@pytest.fixture
def cloud(monkeypatch):
    return Cloud(monkeypatch)


def _select(spec, count=1, return_alternates=True):
    uuids = [str(uuid.uuid4()) for _ in range(count)]
    result = manager.SchedulerManager().select_destinations(
        context.get_admin_context(), spec, uuids, return_alternates)
    return uuids, result


def _hosts(selections):
    return [[s.service_host for s in per_instance]
            for per_instance in selections]


class TestPlacementQuery:
    def test_flavor_resources_and_limit(self, cloud, conf):
        cloud.add_host('host1')
        conf('max_placement_results', 7, group='scheduler')
        flavor = {'vcpus': 2, 'memory_mb': 1024, 'root_gb': 10,
                  'ephemeral_gb': 5, 'swap': 1536, 'name': 'f',
                  'extra_specs': {'resources:VCPU': '0',
                                  'resources:PCPU': '2',
                                  'resources:CUSTOM_FOO': '1',
                                  'trait:HW_CPU_X86_AVX': 'required',
                                  'trait:COMPUTE_STATUS_X': 'forbidden',
                                  'trait:IGNORED': 'maybe'}}
        image = {'id': 'i', 'properties': {'trait:CUSTOM_IMG': 'required',
                                           'trait:CUSTOM_NO': 'forbidden'}}
        cloud.placement.providers.clear()   # nothing offered
        with pytest.raises(errors.NoValidHost):
            _select(make_spec(flavor=flavor, image=image))
        query, = cloud.placement.queries
        assert query == {
            'resources': {'MEMORY_MB': 1024, 'DISK_GB': 17, 'PCPU': 2,
                          'CUSTOM_FOO': 1},
            'limit': 7,
            'required': ['CUSTOM_IMG', 'HW_CPU_X86_AVX', 'OWNER_NOVA',
                         '!COMPUTE_STATUS_DISABLED', '!COMPUTE_STATUS_X'],
            'in_tree': None, 'member_of': []}

    def test_volume_backed_has_no_root_disk(self, cloud):
        cloud.add_host('host1')
        _select(make_spec(is_bfv=True))
        assert cloud.placement.queries[0]['resources'] == {
            'VCPU': 2, 'MEMORY_MB': 2048}

    @pytest.mark.parametrize('fields', [
        {'instance_group': {'uuid': 'g', 'policy': 'affinity'}},
        {'scheduler_hints': {'same_host': ['x']}},
        {'scheduler_hints': {'different_host': 'x'}},
        {'force_hosts': ['host1']},
    ])
    def test_unlimited_when_filters_need_every_host(self, cloud, fields):
        cloud.add_host('host1')
        cloud.instance_hosts = {'x': 'host1'}
        try:
            _select(make_spec(**fields))
        except errors.NoValidHost:
            pass
        assert cloud.placement.queries[0]['limit'] is None

    def test_availability_zone(self, cloud, conf):
        cloud.add_host('host1')
        az1 = make_aggregate(['host1'], {'availability_zone': 'az1'})
        az2 = make_aggregate([], {'availability_zone': 'az2'})
        plain = make_aggregate([], {})
        cloud.aggregates = [az1, az2, plain]
        _select(make_spec(availability_zone='az1'))
        assert cloud.placement.queries[-1]['member_of'] == [
            'in:' + az1.uuid]
        _select(make_spec(availability_zone='nova'))
        assert cloud.placement.queries[-1]['member_of'] == [
            '!in:' + ','.join(sorted([az1.uuid, az2.uuid]))]

    def test_unknown_availability_zone(self, cloud):
        cloud.add_host('host1')
        with pytest.raises(errors.NoValidHost):
            _select(make_spec(availability_zone='nowhere'))
        assert not cloud.placement.queries

    def test_requested_host_restricts_tree(self, cloud):
        cloud.add_host('host1')
        cloud.add_host('host2')
        _, result = _select(make_spec(requested_host='host2'))
        assert cloud.placement.queries[0]['in_tree'] == cloud.uuids['host2']
        assert _hosts(result) == [['host2']]

    def test_requested_node_unknown(self, cloud):
        cloud.add_host('host1')
        with pytest.raises(errors.NoValidHost):
            _select(make_spec(requested_node='nope'))


class TestSelection:
    def test_best_host_claimed_with_alternates(self, cloud, conf):
        conf('max_attempts', 3, group='scheduler')
        for name in ('small', 'big', 'bigger', 'biggest'):
            cloud.add_host(name, memory_mb={'small': 4096, 'big': 16384,
                                            'bigger': 24576,
                                            'biggest': 32768}[name])
        uuids, result = _select(make_spec())
        (winner, *alternates), = result
        assert _hosts(result) == [['biggest', 'bigger', 'big']]
        assert winner.claimed and not any(a.claimed for a in alternates)
        assert cloud.host_of(uuids[0]) == 'biggest'
        assert winner.compute_node_uuid == cloud.uuids['biggest']
        assert winner.allocation_request == cloud.placement.consumers[
            uuids[0]]
        assert alternates[0].allocation_request['allocations'] == {
            cloud.uuids['bigger']: {'resources': {
                'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 20}}}
        assert len(cloud.placement.claims) == 1

    def test_no_alternates_wanted(self, cloud):
        cloud.add_host('host1')
        cloud.add_host('host2')
        _, result = _select(make_spec(), return_alternates=False)
        assert len(result[0]) == 1

    def test_multi_create_consumes(self, cloud):
        # Each host fits two instances of 12 GiB.
        cloud.add_host('host1', memory_mb=25000)
        cloud.add_host('host2', memory_mb=26000)
        flavor = {'name': 'f', 'vcpus': 1, 'memory_mb': 12288, 'root_gb': 1,
                  'ephemeral_gb': 0, 'swap': 0, 'extra_specs': {}}
        uuids, result = _select(make_spec(flavor=flavor), count=4)
        assert [hosts[0] for hosts in _hosts(result)] == [
            'host2', 'host1', 'host2', 'host1']
        assert all(len(hosts) == 1 for hosts in result)
        # Consumption spared every doomed claim.
        assert len(cloud.placement.claims) == 4
        assert sorted(cloud.host_of(u) for u in uuids) == [
            'host1', 'host1', 'host2', 'host2']

    def test_request_that_does_not_fit_releases_claims(self, cloud):
        cloud.add_host('host1', memory_mb=25000)
        flavor = {'name': 'f', 'vcpus': 1, 'memory_mb': 12288, 'root_gb': 1,
                  'ephemeral_gb': 0, 'swap': 0, 'extra_specs': {}}
        with pytest.raises(errors.NoValidHost) as err:
            _select(make_spec(flavor=flavor), count=3)
        assert str(err.value) == NOT_ENOUGH
        assert cloud.placement.consumers == {}

    def test_lost_race_tries_next_host(self, cloud):
        cloud.add_host('host1', memory_mb=8192)
        cloud.add_host('host2', memory_mb=16384)
        cloud.placement.lose.add(cloud.uuids['host2'])
        uuids, result = _select(make_spec())
        assert _hosts(result) == [['host1']]
        assert [rp for _, rp in cloud.placement.claims] == [
            cloud.uuids['host2'], cloud.uuids['host1']]
        assert result[0][0].claimed

    def test_every_claim_lost(self, cloud):
        cloud.add_host('host1')
        cloud.placement.lose.add(cloud.uuids['host1'])
        with pytest.raises(errors.NoValidHost):
            _select(make_spec())

    def test_no_candidates(self, cloud):
        with pytest.raises(errors.NoValidHost) as err:
            _select(make_spec())
        assert str(err.value) == NOT_ENOUGH

    def test_disabled_service_skipped(self, cloud):
        cloud.add_host('host1', memory_mb=65536, disabled=True)
        cloud.add_host('host2')
        _, result = _select(make_spec())
        assert _hosts(result) == [['host2']]

    def test_ignore_hosts(self, cloud):
        cloud.add_host('host1', memory_mb=65536)
        cloud.add_host('host2')
        _, result = _select(make_spec(ignore_hosts=['HOST1']))
        assert _hosts(result) == [['host2']]

    def test_filters_run(self, cloud):
        cloud.add_host('host1')
        spec = make_spec(flavor={'name': 'f', 'vcpus': 1, 'memory_mb': 1,
                                 'root_gb': 1, 'extra_specs': {
                                     'capabilities:hypervisor_type': 'kvm'}})
        with pytest.raises(errors.NoValidHost):
            _select(spec)

    def test_forced_host_skips_filters(self, cloud):
        cloud.add_host('host1', memory_mb=65536)
        cloud.add_host('host2')
        spec = make_spec(force_hosts=['host2'], flavor={
            'name': 'f', 'vcpus': 1, 'memory_mb': 1, 'root_gb': 1,
            'extra_specs': {'capabilities:hypervisor_type': 'kvm'}})
        uuids, result = _select(spec)
        assert _hosts(result) == [['host2']]
        assert cloud.host_of(uuids[0]) == 'host2'
        assert cloud.placement.queries[0]['in_tree'] == cloud.uuids['host2']

    def test_forced_node_unknown(self, cloud):
        cloud.add_host('host1')
        with pytest.raises(errors.NoValidHost):
            _select(make_spec(force_nodes=['nope']))


class TestGroups:
    def test_anti_affinity_within_request(self, cloud):
        for name in ('host1', 'host2', 'host3'):
            cloud.add_host(name)
        group = {'uuid': 'g', 'policy': 'anti-affinity', 'members': [],
                 'hosts': [], 'rules': {}}
        _, result = _select(make_spec(instance_group=group), count=3)
        assert sorted(hosts[0] for hosts in _hosts(result)) == [
            'host1', 'host2', 'host3']

    def test_anti_affinity_too_many(self, cloud):
        cloud.add_host('host1')
        cloud.add_host('host2')
        group = {'uuid': 'g', 'policy': 'anti-affinity', 'members': [],
                 'hosts': [], 'rules': {}}
        with pytest.raises(errors.NoValidHost):
            _select(make_spec(instance_group=group), count=3)
        assert cloud.placement.consumers == {}

    def test_anti_affinity_with_existing_member(self, cloud):
        cloud.add_host('host1', memory_mb=65536)
        cloud.add_host('host2')
        cloud.instance_hosts = {'old': 'host1'}
        group = {'uuid': 'g', 'policy': 'anti-affinity', 'members': ['old'],
                 'hosts': [], 'rules': {}}
        _, result = _select(make_spec(instance_group=group))
        assert _hosts(result) == [['host2']]

    def test_affinity_packs(self, cloud):
        for name in ('host1', 'host2', 'host3'):
            cloud.add_host(name)
        group = {'uuid': 'g', 'policy': 'affinity', 'members': [],
                 'hosts': [], 'rules': {}}
        _, result = _select(make_spec(instance_group=group), count=3)
        assert len({hosts[0] for hosts in _hosts(result)}) == 1

    def test_affinity_follows_existing_member(self, cloud):
        cloud.add_host('host1', memory_mb=65536)
        cloud.add_host('host2')
        cloud.instance_hosts = {'old': 'host2'}
        group = {'uuid': 'g', 'policy': 'affinity', 'members': ['old'],
                 'hosts': [], 'rules': {}}
        _, result = _select(make_spec(instance_group=group))
        assert _hosts(result)[0][0] == 'host2'

    def test_different_host_hint(self, cloud, conf):
        conf('enabled_filters', ['DifferentHostFilter'])
        cloud.add_host('host1', memory_mb=65536)
        cloud.add_host('host2')
        cloud.instance_hosts = {'other': 'host1'}
        _, result = _select(make_spec(
            scheduler_hints={'different_host': ['other']}))
        assert _hosts(result) == [['host2']]
