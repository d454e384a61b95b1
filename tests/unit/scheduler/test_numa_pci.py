"""NUMA and PCI: fitting guest NUMA cells onto host cells (CPU shares
with allocation ratios, pinning, page sizes), PCI aliases and device
pools, NUMATopologyFilter and PciPassthroughFilter on host states, and
their consumption during a multi-create."""

import json

import pytest

from compute.pci import request as pci_request
from compute.pci import stats as pci_stats
from compute.scheduler import filters
from compute.virt import hardware
from tests.unit.scheduler.conftest import FLAVOR
from tests.unit.scheduler.conftest import make_host
from tests.unit.scheduler.conftest import make_spec

ALIAS = json.dumps({'name': 'nic', 'vendor_id': '8086',
                    'product_id': '154D', 'device_type': 'type-PF'})
GPU_ALIASES = json.dumps([
    {'name': 'gpu', 'vendor_id': '10de', 'product_id': '1eb8'},
    {'name': 'gpu', 'vendor_id': '10de', 'product_id': '20b0'}])


def _cells(*specs):
    """Host cells: (shared cpus, dedicated cpus, memory MiB, hugepages)."""
    cells, cpu = [], 0
    for cell_id, (shared, dedicated, memory, huge) in enumerate(specs):
        cells.append(hardware.host_cell(
            cell_id, range(cpu, cpu + shared),
            range(cpu + shared, cpu + shared + dedicated), memory, huge))
        cpu += shared + dedicated
    return cells


def _flavor(vcpus=2, memory_mb=2048, **extra_specs):
    return dict(FLAVOR, vcpus=vcpus, memory_mb=memory_mb,
                extra_specs=extra_specs)


def _numa_host(name, *specs, cpu_ratio=4.0, ram_ratio=1.0):
    return make_host(name, numa_topology=hardware.topology_to_json(
        _cells(*specs)), cpu_allocation_ratio=cpu_ratio,
        ram_allocation_ratio=ram_ratio)


def _pci_host(name, *pools):
    return make_host(name, pci_stats=pci_stats.pools_to_json([
        {'vendor_id': vendor, 'product_id': product, 'dev_type': dev_type,
         'numa_node': 0, 'count': count}
        for vendor, product, dev_type, count in pools]))


def _filter(name):
    return filters.SHIPPED[name]()


class TestGuestCells:
    def test_no_numa_request(self):
        assert hardware.guest_cells(_flavor()) is None

    @pytest.mark.parametrize('extra, cells', [
        ({'hw:numa_nodes': '2'}, [(1, 1024, False, None)] * 2),
        ({'hw:cpu_policy': 'dedicated'}, [(2, 2048, True, None)]),
        ({'hw:mem_page_size': 'large'}, [(2, 2048, False, 'large')]),
    ])
    def test_from_flavor(self, extra, cells):
        assert [(c.vcpus, c.memory_mb, c.dedicated, c.pagesize)
                for c in hardware.guest_cells(_flavor(**extra))] == cells

    def test_flavor_wins_over_image(self):
        cells = hardware.guest_cells(
            _flavor(**{'hw:numa_nodes': '1'}),
            {'hw_numa_nodes': '2', 'hw_cpu_policy': 'dedicated'})
        assert [(c.vcpus, c.dedicated) for c in cells] == [(2, True)]

    @pytest.mark.parametrize('nodes', ['3', '0', 'two'])
    def test_uneven_or_bad_split(self, nodes):
        with pytest.raises(hardware.InvalidNUMARequest):
            hardware.guest_cells(_flavor(**{'hw:numa_nodes': nodes}))

    def test_explicit_split(self):
        cells = hardware.guest_cells(_flavor(vcpus=4, memory_mb=4096, **{
            'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0', 'hw:numa_cpus.1':
            '1-3', 'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '3072'}))
        assert [(c.vcpus, c.memory_mb) for c in cells] == [(1, 1024),
                                                          (3, 3072)]

    @pytest.mark.parametrize('specs', [
        {'hw:numa_cpus.0': '0'},
        {'hw:numa_cpus.0': '0-1', 'hw:numa_cpus.1': '1-3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '3072'},
        {'hw:numa_cpus.0': '0', 'hw:numa_cpus.1': '1-3',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '1024'},
        {'hw:numa_cpus.0': '0', 'hw:numa_cpus.1': '1-x',
         'hw:numa_mem.0': '1024', 'hw:numa_mem.1': '3072'},
        {'hw:numa_cpus.0': '0', 'hw:numa_cpus.1': '1-3',
         'hw:numa_mem.0': 'lots', 'hw:numa_mem.1': '3072'},
    ])
    def test_bad_explicit_split(self, specs):
        with pytest.raises(hardware.InvalidNUMARequest):
            hardware.guest_cells(_flavor(vcpus=4, memory_mb=4096,
                                         **{'hw:numa_nodes': '2'}, **specs))

    def test_cpuset(self):
        assert hardware.parse_cpuset('0-3,^2,6') == {0, 1, 3, 6}

    def test_explicit_split_fits_unequal_cells(self):
        cells = _cells((1, 0, 1024, {}), (3, 0, 3072, {}))
        guest = hardware.guest_cells(_flavor(vcpus=4, memory_mb=4096, **{
            'hw:numa_nodes': '2', 'hw:numa_cpus.0': '0-2', 'hw:numa_cpus.1':
            '3', 'hw:numa_mem.0': '3072', 'hw:numa_mem.1': '1024'}))
        placed = hardware.fit(cells, guest, 1.0, 1.0)
        assert [p.host_cell for p in placed] == [1, 0]


class TestFit:
    def test_shared_cpus_with_ratio(self):
        cells = _cells((2, 0, 4096, {}))
        guest = hardware.guest_cells(_flavor(vcpus=2, memory_mb=512,
                                             **{'hw:numa_nodes': '1'}))
        # Ratio 2: two 2-vCPU guests on 2 CPUs, not a third.
        for _ in range(2):
            placed = hardware.fit(cells, guest, 2.0, 1.0)
            hardware.apply(cells, placed)
        assert cells[0].cpu_usage == 4
        assert hardware.fit(cells, guest, 2.0, 1.0) is None

    def test_guest_cell_never_larger_than_host_cell(self):
        cells = _cells((2, 0, 4096, {}))
        guest = hardware.guest_cells(_flavor(vcpus=4, memory_mb=512,
                                             **{'hw:numa_nodes': '1'}))
        assert hardware.fit(cells, guest, 16.0, 1.0) is None

    def test_memory_with_ratio(self):
        cells = _cells((4, 0, 2048, {}))
        guest = hardware.guest_cells(_flavor(vcpus=1, memory_mb=1536,
                                             **{'hw:numa_nodes': '1'}))
        hardware.apply(cells, hardware.fit(cells, guest, 1.0, 1.5))
        assert cells[0].memory_usage == 1536
        assert hardware.fit(cells, guest, 1.0, 1.4) is None
        assert hardware.fit(cells, guest, 1.0, 1.5) is not None

    def test_split_over_two_cells(self):
        cells = _cells((2, 0, 2048, {}), (2, 0, 2048, {}))
        guest = hardware.guest_cells(_flavor(vcpus=4, memory_mb=4096,
                                             **{'hw:numa_nodes': '2'}))
        placed = hardware.fit(cells, guest, 1.0, 1.0)
        assert [p.host_cell for p in placed] == [0, 1]
        # One cell cannot take the whole guest.
        one = hardware.guest_cells(_flavor(vcpus=4, memory_mb=4096,
                                           **{'hw:numa_nodes': '1'}))
        assert hardware.fit(cells, one, 1.0, 1.0) is None

    def test_dedicated_cpus_are_pinned_without_overcommit(self):
        cells = _cells((2, 0, 4096, {}), (2, 3, 4096, {}))
        guest = hardware.guest_cells(_flavor(vcpus=2, memory_mb=512,
                                             **{'hw:cpu_policy': 'dedicated'}))
        placed = hardware.fit(cells, guest, 16.0, 1.0)
        assert [(p.host_cell, p.pinned_cpus) for p in placed] == [(1, [4, 5])]
        hardware.apply(cells, placed)
        assert cells[1].pinned_cpus == {4, 5}
        assert cells[1].cpu_usage == 0
        # One dedicated CPU left: a second guest does not fit.
        assert hardware.fit(cells, guest, 16.0, 1.0) is None

    def test_huge_pages(self):
        cells = _cells((4, 0, 4096, {2048: 512}))
        large = hardware.guest_cells(_flavor(
            vcpus=1, memory_mb=1024, **{'hw:mem_page_size': 'large'}))
        placed = hardware.fit(cells, large, 4.0, 1.0)
        assert placed[0].pagesize_kb == 2048
        hardware.apply(cells, placed)
        assert cells[0].mempages[2048] == [512, 512]
        assert cells[0].memory_usage == 0
        # The huge pages are all taken; small memory (3 GiB) is not used.
        assert hardware.fit(cells, large, 4.0, 1.0) is None
        small = hardware.guest_cells(_flavor(
            vcpus=1, memory_mb=1024, **{'hw:mem_page_size': 'small'}))
        assert hardware.fit(cells, small, 4.0, 1.0)[0].pagesize_kb == 4
        assert hardware.fit(cells, hardware.guest_cells(_flavor(
            vcpus=1, memory_mb=1024, **{'hw:mem_page_size': 'any'})),
            4.0, 1.0)[0].pagesize_kb == 4

    @pytest.mark.parametrize('size, fits', [
        ('2048', True), ('2MB', True), ('1GB', False), ('bogus', False)])
    def test_explicit_page_size(self, size, fits):
        cells = _cells((4, 0, 4096, {2048: 512}))
        guest = hardware.guest_cells(_flavor(
            vcpus=1, memory_mb=512, **{'hw:mem_page_size': size}))
        assert (hardware.fit(cells, guest, 4.0, 1.0) is not None) is fits

    def test_small_memory_excludes_huge_pages(self):
        cells = _cells((4, 0, 4096, {2048: 1024}))
        guest = hardware.guest_cells(_flavor(vcpus=1, memory_mb=3072,
                                             **{'hw:numa_nodes': '1'}))
        assert hardware.fit(cells, guest, 4.0, 1.0) is None

    def test_json_round_trip(self):
        cells = _cells((2, 2, 4096, {2048: 16}))
        cells[0].pinned_cpus.add(3)
        again = hardware.topology_from_json(hardware.topology_to_json(cells))
        assert [c.to_dict() for c in again] == [c.to_dict() for c in cells]
        assert hardware.topology_from_json(None) is None


class TestNUMATopologyFilter:
    def test_no_request_passes_everywhere(self):
        assert _filter('NUMATopologyFilter').host_passes(
            make_host(), make_spec())

    def test_request_needs_a_numa_host(self):
        spec = make_spec(flavor=_flavor(**{'hw:numa_nodes': '2'}))
        hosts = [make_host('flat'), _numa_host('one', (4, 0, 8192, {})),
                 _numa_host('two', (2, 0, 2048, {}), (2, 0, 2048, {}))]
        assert [h.host for h in _filter('NUMATopologyFilter').filter_all(
            hosts, spec)] == ['two']

    def test_uses_host_allocation_ratios(self):
        spec = make_spec(flavor=_flavor(vcpus=4, memory_mb=1024,
                                        **{'hw:numa_nodes': '1'}))
        host_filter = _filter('NUMATopologyFilter')
        assert not host_filter.host_passes(
            _numa_host('h', (2, 0, 2048, {}), cpu_ratio=1.0), spec)
        assert not host_filter.host_passes(
            _numa_host('h', (4, 0, 512, {}), ram_ratio=4.0), spec)

    def test_invalid_request_fits_nowhere(self):
        spec = make_spec(flavor=_flavor(vcpus=3, **{'hw:numa_nodes': '2'}))
        assert not _filter('NUMATopologyFilter').host_passes(
            _numa_host('h', (4, 0, 4096, {}), (4, 0, 4096, {})), spec)

    def test_image_properties_count(self):
        spec = make_spec(image={'properties': {'hw_cpu_policy':
                                               'dedicated'}})
        host_filter = _filter('NUMATopologyFilter')
        assert not host_filter.host_passes(
            _numa_host('shared', (8, 0, 8192, {})), spec)
        assert host_filter.host_passes(
            _numa_host('pinned', (2, 2, 8192, {})), spec)

    def test_multi_create_consumes_pinned_cpus(self):
        spec = make_spec(flavor=_flavor(**{'hw:cpu_policy': 'dedicated'}))
        host = _numa_host('h', (0, 4, 8192, {}))
        host_filter = _filter('NUMATopologyFilter')
        for _ in range(2):
            assert host_filter.host_passes(host, spec)
            host.consume(host.allocation_requests[0], spec.instance_uuid,
                         spec)
        assert host.numa_topology[0].pinned_cpus == {0, 1, 2, 3}
        assert not host_filter.host_passes(host, spec)


class TestPciRequests:
    def test_parse_alias_counts(self, conf):
        conf('alias', [ALIAS, GPU_ALIASES], group='pci')
        reqs = pci_request.requests_from_flavor(_flavor(**{
            'pci_passthrough:alias': 'nic:2, gpu'}))
        assert [(r.alias_name, r.count, r.specs) for r in reqs] == [
            ('nic', 2, [{'vendor_id': '8086', 'product_id': '154d',
                         'dev_type': 'type-pf'}]),
            ('gpu', 1, [{'vendor_id': '10de', 'product_id': '1eb8'},
                        {'vendor_id': '10de', 'product_id': '20b0'}])]

    def test_no_alias_requested(self):
        assert pci_request.requests_from_flavor(_flavor()) == []

    @pytest.mark.parametrize('value', ['nope:1', 'nic:x'])
    def test_bad_requests(self, conf, value):
        conf('alias', [ALIAS], group='pci')
        with pytest.raises(pci_request.InvalidPciRequest):
            pci_request.requests_from_flavor(_flavor(**{
                'pci_passthrough:alias': value}))

    def test_pools_count_free_devices(self):
        devices = [
            {'address': a, 'vendor_id': '8086', 'product_id': '154d',
             'dev_type': 'type-PF', 'numa_node': 0, 'instance_uuid': owner}
            for a, owner in (('0000:81:00.0', None), ('0000:81:00.1', 'x'),
                             ('0000:81:00.2', None))]
        devices.append({'address': '0000:03:00.0', 'vendor_id': '10de',
                        'product_id': '1eb8', 'dev_type': 'type-PCI',
                        'numa_node': 1, 'instance_uuid': 'y'})
        pools = pci_stats.pools_from_devices(devices)
        assert sorted((p['vendor_id'], p['count']) for p in pools) == [
            ('10de', 0), ('8086', 2)]
        assert pci_stats.free_devices(pools) == 2


class TestPciPassthroughFilter:
    def _spec(self, value):
        return make_spec(flavor=_flavor(**{'pci_passthrough:alias': value}))

    def test_no_request_passes_everywhere(self):
        assert _filter('PciPassthroughFilter').host_passes(make_host(),
                                                           make_spec())

    def test_pools_must_hold_the_devices(self, conf):
        conf('alias', [ALIAS, GPU_ALIASES], group='pci')
        hosts = [make_host('none'),
                 _pci_host('one-nic', ('8086', '154d', 'type-PF', 1)),
                 _pci_host('two-nics', ('8086', '154d', 'type-PF', 2)),
                 _pci_host('vfs', ('8086', '154d', 'type-VF', 4))]
        passed = _filter('PciPassthroughFilter').filter_all(
            hosts, self._spec('nic:2'))
        assert [h.host for h in passed] == ['two-nics']

    def test_alternatives_add_up(self, conf):
        conf('alias', [GPU_ALIASES], group='pci')
        host = _pci_host('mixed', ('10de', '1eb8', 'type-PCI', 1),
                         ('10de', '20b0', 'type-PCI', 1))
        host_filter = _filter('PciPassthroughFilter')
        assert host_filter.host_passes(host, self._spec('gpu:2'))
        assert not host_filter.host_passes(host, self._spec('gpu:3'))

    def test_unknown_alias_fits_nowhere(self, conf):
        conf('alias', [ALIAS], group='pci')
        assert not _filter('PciPassthroughFilter').host_passes(
            _pci_host('h', ('8086', '154d', 'type-PF', 8)),
            self._spec('gpu:1'))

    def test_multi_create_consumes_devices(self, conf):
        conf('alias', [ALIAS], group='pci')
        spec = self._spec('nic:1')
        host = _pci_host('h', ('8086', '154d', 'type-PF', 2))
        host_filter = _filter('PciPassthroughFilter')
        for _ in range(2):
            assert host_filter.host_passes(host, spec)
            host.consume(host.allocation_requests[0], spec.instance_uuid,
                         spec)
        assert host.pci_pools[0]['count'] == 0
        assert not host_filter.host_passes(host, spec)
