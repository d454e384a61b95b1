"""Host weighers: raw values, scaling, multipliers (with aggregate
overrides), the ranking and the random pick among the best."""

import pytest

from compute.scheduler import errors
from compute.scheduler import weighers
from tests.unit.scheduler.conftest import make_aggregate
from tests.unit.scheduler.conftest import make_host
from tests.unit.scheduler.conftest import make_spec


def _weigher(name):
    return weighers.SHIPPED[name]()


def _names(ranked):
    return [host.host for _, host in ranked]


def test_normalize():
    assert weighers.normalize([1, 3, 2]) == [0.0, 1.0, 0.5]
    assert weighers.normalize([5, 5]) == [0.0, 0.0]
    assert weighers.normalize([5], minval=0, maxval=10) == [0.5]


def test_default_weighers_all_shipped():
    assert {type(w).__name__ for w in weighers.load_weighers()} == set(
        weighers.SHIPPED)


def test_chosen_weighers(conf):
    conf('weight_classes', ['RAMWeigher'])
    assert [type(w).__name__ for w in weighers.load_weighers()] == [
        'RAMWeigher']
    conf('weight_classes', ['NoSuchWeigher'])
    with pytest.raises(errors.FilterNotFound):
        weighers.load_weighers()


@pytest.mark.parametrize('name, attribute', [
    ('RAMWeigher', 'free_ram_mb'), ('CPUWeigher', 'vcpus_free'),
    ('DiskWeigher', 'free_disk_mb'), ('IoOpsWeigher', 'num_io_ops'),
    ('NumInstancesWeigher', 'num_instances'),
    ('HypervisorVersionWeigher', 'hypervisor_version')])
def test_raw_values(name, attribute):
    host = make_host(used=(4, 1024, 10), current_workload=3, running_vms=5)
    assert _weigher(name).weigh(host, make_spec()) == getattr(host,
                                                              attribute)


def test_usage_values():
    host = make_host(used=(4, 1024, 10))
    assert (host.vcpus_free, host.free_ram_mb, host.free_disk_mb) == (
        60, 31744, 1014 * 1024)


def test_spread_by_free_resources():
    hosts = [make_host('busy', used=(8, 8192, 100)), make_host('idle')]
    ranked = weighers.weigh(weighers.load_weighers(), hosts, make_spec())
    assert _names(ranked) == ['idle', 'busy']
    assert ranked[0][0] == pytest.approx(3.0)  # RAM + CPU + disk


def test_negative_ram_multiplier_packs(conf):
    conf('weight_classes', ['RAMWeigher'])
    conf('ram_weight_multiplier', -1.0)
    hosts = [make_host('idle'), make_host('busy', used=(0, 8192, 0))]
    assert _names(weighers.weigh(weighers.load_weighers(), hosts,
                                 make_spec())) == ['busy', 'idle']


def test_aggregate_overrides_multiplier(conf):
    conf('weight_classes', ['RAMWeigher'])
    agg = make_aggregate(['roomy'], {'ram_weight_multiplier': '-1.0'})
    roomy = make_host('roomy', aggregates=[agg])
    middle = make_host('middle', used=(0, 4096, 0))
    full = make_host('full', used=(0, 8192, 0))
    ranked = weighers.weigh(weighers.load_weighers(), [roomy, middle, full],
                            make_spec())
    assert [(weight, host.host) for weight, host in ranked] == [
        (0.5, 'middle'), (0.0, 'full'), (-1.0, 'roomy')]


def test_io_ops_prefers_quiet_hosts(conf):
    conf('weight_classes', ['IoOpsWeigher'])
    hosts = [make_host('loud', current_workload=5), make_host('quiet')]
    assert _names(weighers.weigh(weighers.load_weighers(), hosts,
                                 make_spec())) == ['quiet', 'loud']


def test_build_failures_rank_last():
    flaky = make_host('flaky')
    flaky.failed_builds = 2
    busy = make_host('busy', used=(32, 16384, 500))
    ranked = weighers.weigh(weighers.load_weighers(), [flaky, busy],
                            make_spec())
    assert _names(ranked) == ['busy', 'flaky']


@pytest.mark.parametrize('policy, weights', [
    ('soft-affinity', (1.0, 0.0)),
    ('soft-anti-affinity', (0.0, 1.0)),
])
def test_soft_group_weighers(conf, policy, weights):
    conf('weight_classes', ['ServerGroupSoftAffinityWeigher',
                            'ServerGroupSoftAntiAffinityWeigher'])
    with_member = make_host('with')
    with_member.instances = {'m1', 'other'}
    without = make_host('without')
    spec = make_spec(instance_group={'uuid': 'g', 'policy': policy,
                                     'members': ['m1'], 'hosts': ['with']})
    ranked = dict((host.host, weight) for weight, host in weighers.weigh(
        weighers.load_weighers(), [with_member, without], spec))
    assert (ranked['with'], ranked['without']) == weights


def test_single_host_weighs_nothing():
    host = make_host()
    assert weighers.weigh(weighers.load_weighers(), [host],
                          make_spec()) == [(0.0, host)]


def test_best_first_picks_in_subset(conf, monkeypatch):
    conf('weight_classes', ['RAMWeigher'])
    conf('host_subset_size', 2)
    hosts = [make_host('a', used=(0, 3000, 0)),
             make_host('b', used=(0, 2000, 0)),
             make_host('c', used=(0, 1000, 0))]
    picked = []
    monkeypatch.setattr(weighers.random, 'choice',
                        lambda seq: picked.append(list(seq)) or seq[-1])
    ordered = weighers.best_first(weighers.load_weighers(), hosts,
                                  make_spec())
    assert [h.host for h in picked[0]] == ['c', 'b']
    assert [h.host for h in ordered] == ['b', 'c', 'a']


def test_shuffle_best_same_weighed(conf, monkeypatch):
    conf('weight_classes', ['RAMWeigher'])
    conf('shuffle_best_same_weighed_hosts', True)
    hosts = [make_host('a'), make_host('b'), make_host('c', used=(0, 1, 0))]
    monkeypatch.setattr(weighers.random, 'shuffle',
                        lambda seq: seq.reverse())
    ordered = weighers.best_first(weighers.load_weighers(), hosts,
                                  make_spec())
    assert [h.host for h in ordered] == ['b', 'a', 'c']
