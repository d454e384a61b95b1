"""MetricsFilter and the weighers of devices, metrics, cells and image
properties: raw values, options, aggregate overrides of their multipliers,
and the ranking they give."""

import json

import pytest

from compute.pci import stats as pci_stats
from compute.scheduler import errors
from compute.scheduler import filters
from compute.scheduler import host_manager
from compute.scheduler import weighers
from tests.unit.scheduler.conftest import make_aggregate
from tests.unit.scheduler.conftest import make_host
from tests.unit.scheduler.conftest import make_spec


def _metrics_host(name, aggregates=(), **metrics):
    return make_host(name, aggregates=aggregates, metrics=json.dumps([
        {'name': key, 'value': value, 'timestamp': None, 'source': 'test'}
        for key, value in metrics.items()]))


def _pci_host(name, free):
    return make_host(name, pci_stats=pci_stats.pools_to_json([
        {'vendor_id': '8086', 'product_id': '154d', 'dev_type': 'type-PF',
         'numa_node': 0, 'count': free}]))


def _ranked(names, hosts, spec=None):
    """Host names best first with only the named weighers."""
    chosen = [weighers.SHIPPED[name]() for name in names]
    return [host.host for _, host in weighers.weigh(chosen, hosts,
                                                    spec or make_spec())]


class TestMetricsFilter:
    def test_needs_every_weighed_metric(self, conf):
        conf('weight_setting', ['cpu.percent=1', 'mem.free=2'],
             group='metrics')
        hosts = [_metrics_host('none'),
                 _metrics_host('cpu', **{'cpu.percent': 3}),
                 _metrics_host('both', **{'cpu.percent': 3, 'mem.free': 1,
                                          'other': 0})]
        passed = filters.SHIPPED['MetricsFilter']().filter_all(
            hosts, make_spec())
        assert [h.host for h in passed] == ['both']

    def test_nothing_weighed_passes_all(self):
        assert filters.SHIPPED['MetricsFilter']().host_passes(
            _metrics_host('none'), make_spec())


class TestMetricsWeigher:
    def test_default_setting_weighs_nothing(self):
        host = _metrics_host('h', **{'cpu.percent': 50})
        assert weighers.SHIPPED['MetricsWeigher']().weigh(
            host, make_spec()) == 0.0

    def test_sum_of_ratios_orders_hosts(self, conf):
        conf('weight_setting', ['cpu.percent=-1', 'mem.free=0.5',
                                'broken'], group='metrics')
        hosts = [_metrics_host('busy', **{'cpu.percent': 90, 'mem.free': 10}),
                 _metrics_host('idle', **{'cpu.percent': 5, 'mem.free': 20}),
                 _metrics_host('mid', **{'cpu.percent': 40, 'mem.free': 0})]
        weigher = weighers.SHIPPED['MetricsWeigher']()
        assert weigher.weigh(hosts[0], make_spec()) == -85.0
        assert _ranked(['MetricsWeigher'], hosts) == ['idle', 'mid', 'busy']

    def test_missing_metric_when_required(self, conf):
        conf('weight_setting', ['cpu.percent=1'], group='metrics')
        with pytest.raises(errors.NoValidHost) as err:
            weighers.SHIPPED['MetricsWeigher']().weigh(_metrics_host('h'),
                                                       make_spec())
        assert 'Metric cpu.percent could not be found on the compute host ' \
            'node h.h.' in err.value.format_message()

    def test_missing_metric_not_required(self, conf):
        conf('weight_setting', ['cpu.percent=1'], group='metrics')
        conf('required', False, group='metrics')
        conf('weight_of_unavailable', -500.0, group='metrics')
        hosts = [_metrics_host('missing'),
                 _metrics_host('low', **{'cpu.percent': 1})]
        weigher = weighers.SHIPPED['MetricsWeigher']()
        assert weigher.weigh(hosts[0], make_spec()) == -500.0
        assert _ranked(['MetricsWeigher'], hosts) == ['low', 'missing']
        # A zero multiplier makes the missing metric harmless.
        conf('weight_multiplier', 0.0, group='metrics')
        assert weigher.weigh(hosts[0], make_spec()) == 0.0

    def test_aggregate_overrides_multiplier(self, conf):
        conf('weight_setting', ['cpu.percent=1'], group='metrics')
        agg = make_aggregate(['flipped'], {'metrics_weight_multiplier': '-2'})
        flipped = _metrics_host('flipped', [agg], **{'cpu.percent': 80})
        other = _metrics_host('other', **{'cpu.percent': 50})
        low = _metrics_host('low', **{'cpu.percent': 10})
        weigher = weighers.SHIPPED['MetricsWeigher']()
        assert weigher.weight_multiplier(flipped) == -2.0
        assert weigher.weight_multiplier(other) == 1.0
        assert _ranked(['MetricsWeigher'], [flipped, other, low]) == [
            'other', 'low', 'flipped']


class TestPCIWeigher:
    def test_fewer_free_devices_weigh_more(self):
        hosts = [_pci_host('rich', 8), make_host('none'), _pci_host('few', 1)]
        assert weighers.SHIPPED['PCIWeigher']().weigh(
            hosts[0], make_spec()) == -8
        assert _ranked(['PCIWeigher'], hosts) == ['none', 'few', 'rich']

    def test_aggregate_overrides_multiplier(self, conf):
        assert _ranked(['PCIWeigher'], [_pci_host('rich', 8),
                                        _pci_host('few', 1)]) == [
            'few', 'rich']
        # Without its PCI weight, 'few' ties with 'rich' (scaled to 0).
        agg = make_aggregate(['few'], {'pci_weight_multiplier': '0'})
        hosts = [_pci_host('rich', 8), _pci_host('few', 1)]
        hosts[1].aggregates = [agg]
        assert _ranked(['PCIWeigher'], hosts) == ['rich', 'few']
        conf('pci_weight_multiplier', 0.0)
        assert _ranked(['PCIWeigher'], [_pci_host('rich', 8),
                                        _pci_host('few', 1)]) == [
            'rich', 'few']


def test_cross_cell_weigher_single_cell():
    hosts = [make_host('a'), make_host('b', used=(4, 4096, 10))]
    weigher = weighers.SHIPPED['CrossCellWeigher']()
    assert [weigher.weigh(h, make_spec()) for h in hosts] == [0.0, 0.0]
    assert weigher.weight_multiplier(hosts[0]) == 1000000.0


class TestImagePropertiesWeigher:
    SPEC_IMAGE = {'properties': {'os_distro': 'ubuntu', 'hw_machine_type':
                                 'q35'}}

    @pytest.fixture
    def on_hosts(self, monkeypatch):
        """The instance image properties the weigher finds per host."""
        found = {'both': [{'os_distro': 'ubuntu', 'hw_machine_type': 'q35'}],
                 'two-distro': [{'os_distro': 'ubuntu'},
                                {'os_distro': 'ubuntu',
                                 'hw_machine_type': 'pc'}],
                 'other': [{'os_distro': 'fedora'}]}
        asked = []

        def fake(hosts):
            asked.append(set(hosts))
            return found
        monkeypatch.setattr(host_manager, 'instance_image_properties', fake)
        return asked

    def _hosts(self):
        return [make_host(name) for name in ('other', 'both', 'two-distro',
                                             'empty')]

    def test_off_by_default(self, on_hosts):
        assert weighers.SHIPPED['ImagePropertiesWeigher']().weigh_all(
            self._hosts(), make_spec(image=self.SPEC_IMAGE)) == [0.0] * 4
        assert on_hosts == []

    def test_every_shared_property_counts(self, conf, on_hosts):
        conf('image_props_weight_multiplier', 1.0)
        spec = make_spec(image=self.SPEC_IMAGE)
        assert weighers.SHIPPED['ImagePropertiesWeigher']().weigh_all(
            self._hosts(), spec) == [0, 2, 2, 0]
        assert on_hosts == [{'other', 'both', 'two-distro', 'empty'}]

    def test_setting_picks_properties_and_ratios(self, conf, on_hosts):
        conf('image_props_weight_multiplier', 2.0)
        conf('image_props_weight_setting', ['hw_machine_type=3',
                                            'os_distro=0.5'])
        spec = make_spec(image=self.SPEC_IMAGE)
        assert weighers.SHIPPED['ImagePropertiesWeigher']().weigh_all(
            self._hosts(), spec) == [0, 3.5, 1.0, 0]
        assert _ranked(['ImagePropertiesWeigher'], self._hosts(), spec) == [
            'both', 'two-distro', 'other', 'empty']

    def test_image_without_properties(self, conf, on_hosts):
        conf('image_props_weight_multiplier', 1.0)
        assert weighers.SHIPPED['ImagePropertiesWeigher']().weigh_all(
            self._hosts(), make_spec()) == [0.0] * 4
        assert on_hosts == []


@pytest.mark.parametrize('name', ['MetricsFilter', 'NUMATopologyFilter',
                                  'PciPassthroughFilter'])
def test_new_filters_run_per_instance_not_on_rebuild(name):
    host_filter = filters.SHIPPED[name]
    assert not host_filter.run_filter_once_per_request
    assert not host_filter.RUN_ON_REBUILD


def test_filter_flags_match_nova():
    """scheduler.md: which filters run on rebuild and once per request."""
    rebuild = {'ImagePropertiesFilter', 'AggregateImagePropertiesIsolation',
               'IsolatedHostsFilter'}
    once = {'ComputeFilter', 'ComputeCapabilitiesFilter',
            'ImagePropertiesFilter', 'AggregateImagePropertiesIsolation',
            'AggregateInstanceExtraSpecsFilter',
            'AggregateMultiTenancyIsolation', 'AggregateTypeAffinityFilter',
            'AllHostsFilter', 'DifferentHostFilter', 'IsolatedHostsFilter',
            'SameHostFilter', 'SimpleCIDRAffinityFilter'}
    assert len(filters.SHIPPED) == 22
    assert {n for n, c in filters.SHIPPED.items() if c.RUN_ON_REBUILD} == \
        rebuild
    assert {n for n, c in filters.SHIPPED.items()
            if c.run_filter_once_per_request} == once


def test_thirteen_weighers_with_nova_defaults():
    assert len(weighers.SHIPPED) == 13
    host = make_host()
    multipliers = {name: cls().weight_multiplier(host)
                   for name, cls in weighers.SHIPPED.items()}
    assert multipliers == {
        'RAMWeigher': 1.0, 'CPUWeigher': 1.0, 'DiskWeigher': 1.0,
        'IoOpsWeigher': -1.0, 'NumInstancesWeigher': 0.0,
        'PCIWeigher': 1.0, 'MetricsWeigher': 1.0,
        'ServerGroupSoftAffinityWeigher': 1.0,
        'ServerGroupSoftAntiAffinityWeigher': 1.0,
        'BuildFailureWeigher': 1000000.0, 'CrossCellWeigher': 1000000.0,
        'HypervisorVersionWeigher': 1.0, 'ImagePropertiesWeigher': 0.0}
