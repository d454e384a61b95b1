"""Host filters one by one against host-state fixtures, the extra spec
operators, and the filter loader and runner."""

import pytest

from compute.scheduler import errors
from compute.scheduler import filters
from compute.scheduler.filters import extra_specs_ops
from compute.scheduler.filters import image_props_filter
from tests.unit.scheduler.conftest import FLAVOR
from tests.unit.scheduler.conftest import make_aggregate
from tests.unit.scheduler.conftest import make_host
from tests.unit.scheduler.conftest import make_spec


def _passes(name, host, spec):
    return filters.SHIPPED[name]().host_passes(host, spec)


def _flavor(**extra_specs):
    return dict(FLAVOR, extra_specs=extra_specs)


@pytest.mark.parametrize('value, requirement, expected', [
    ('4', '= 2', True), ('1', '= 2', False), ('2', '== 2', True),
    ('3', '!= 2', True), ('3', '>= 3', True), ('3', '<= 2', False),
    ('abc', 's== abc', True), ('abc', 's!= abc', False),
    ('abc', 's< abd', True), ('b', 's>= a', True),
    ('a b c', '<in> b', True), ('a b c', '<in> d', False),
    ('a b c', '<all-in> a c', True), ('a b c', '<all-in> a d', False),
    ('kvm', '<or> xen <or> kvm', True), ('qemu', '<or> xen <or> kvm',
                                        False),
    ('fake', 'fake', True), ('fake', 'kvm', False),
    ('x', '= 2', False), ('1', '==', False), ('', '', True),
])
def test_extra_specs_ops(value, requirement, expected):
    assert extra_specs_ops.match(value, requirement) is expected


class TestComputeFilter:
    def test_enabled_and_up_passes(self):
        assert _passes('ComputeFilter', make_host(), make_spec())

    def test_disabled_fails(self):
        assert not _passes('ComputeFilter', make_host(disabled=True),
                           make_spec())

    def test_down_fails(self):
        assert not _passes('ComputeFilter', make_host(up=False),
                           make_spec())


class TestComputeCapabilitiesFilter:
    @pytest.mark.parametrize('extra_specs, expected', [
        ({}, True),
        ({'capabilities:hypervisor_type': 'fake'}, True),
        ({'capabilities:hypervisor_type': 'kvm'}, False),
        ({'hypervisor_type': 's== fake'}, True),
        ({'capabilities:cpu_info:arch': 'x86_64'}, True),
        ({'capabilities:cpu_info:arch': 'aarch64'}, False),
        ({'capabilities:vcpus_total': '>= 8'}, True),
        ({'capabilities:vcpus_total': '>= 32'}, False),
        ({'capabilities:no_such_thing': '1'}, False),
        # Unknown unscoped keys and other scopes are not this filter's.
        ({'no_such_thing': '1', 'hw:cpu_policy': 'shared'}, True),
        ({'hw:maxphysaddr_mode': 'emulate', 'hw:maxphysaddr_bits': '40'},
         True),
        ({'hw:maxphysaddr_mode': 'emulate', 'hw:maxphysaddr_bits': '48'},
         False),
        ({'hw:maxphysaddr_mode': 'passthrough',
          'hw:maxphysaddr_bits': '48'}, True),
    ])
    def test_extra_specs(self, extra_specs, expected):
        spec = make_spec(flavor=_flavor(**extra_specs))
        assert _passes('ComputeCapabilitiesFilter', make_host(),
                       spec) is expected

    def test_stats(self):
        host = make_host()
        host.stats['gpu'] = 'yes'
        spec = make_spec(flavor=_flavor(**{'capabilities:gpu': 'yes'}))
        assert _passes('ComputeCapabilitiesFilter', host, spec)


class TestImagePropertiesFilter:
    @pytest.mark.parametrize('props, expected', [
        ({}, True),
        ({'hw_architecture': 'x86_64'}, True),
        ({'architecture': 'amd64'}, True),
        ({'hw_architecture': 'aarch64'}, False),
        ({'img_hv_type': 'fake', 'hw_vm_mode': 'hvm'}, True),
        ({'hypervisor_type': 'kvm'}, False),
        ({'hw_vm_mode': 'xen'}, False),
        ({'hw_architecture': 'x86_64',
          'img_hv_requested_version': '>=1.0'}, True),
        ({'hw_architecture': 'x86_64',
          'img_hv_requested_version': '>=1.0, <1.1'}, True),
        ({'hw_architecture': 'x86_64',
          'img_hv_requested_version': '>2.0'}, False),
    ])
    def test_properties(self, props, expected):
        spec = make_spec(image={'id': 'i', 'properties': props})
        host = make_host(hypervisor_version=1000)
        assert _passes('ImagePropertiesFilter', host, spec) is expected

    def test_default_architecture(self, conf):
        conf('image_properties_default_architecture', 'aarch64')
        assert not _passes('ImagePropertiesFilter', make_host(),
                           make_spec(image={'id': 'i', 'properties': {}}))

    def test_version_unreadable(self):
        assert not image_props_filter.version_satisfied(1000, 'soon')


def _group(policy, members=(), hosts=(), rules=None):
    return {'uuid': 'g', 'policy': policy, 'members': list(members),
            'hosts': list(hosts), 'rules': rules or {}}


class TestServerGroupFilters:
    def test_anti_affinity(self):
        host = make_host()
        host.instances = {'a'}
        spec = make_spec(instance_group=_group('anti-affinity', ['a', 'b']))
        assert not _passes('ServerGroupAntiAffinityFilter', host, spec)
        host.instances = {'x'}
        assert _passes('ServerGroupAntiAffinityFilter', host, spec)

    def test_anti_affinity_max_server_per_host(self):
        host = make_host()
        host.instances = {'a'}
        spec = make_spec(instance_group=_group(
            'anti-affinity', ['a', 'b', 'c'], rules={'max_server_per_host':
                                                     2}))
        assert _passes('ServerGroupAntiAffinityFilter', host, spec)
        host.instances = {'a', 'b'}
        assert not _passes('ServerGroupAntiAffinityFilter', host, spec)

    def test_anti_affinity_own_host_passes(self):
        host = make_host()
        spec = make_spec(instance_group=_group('anti-affinity', ['a']))
        host.instances = {'a', spec.instance_uuid}
        assert _passes('ServerGroupAntiAffinityFilter', host, spec)

    def test_affinity(self):
        spec = make_spec(instance_group=_group('affinity', ['a'],
                                               ['host2']))
        assert not _passes('ServerGroupAffinityFilter', make_host('host1'),
                           spec)
        assert _passes('ServerGroupAffinityFilter', make_host('host2'), spec)

    def test_affinity_first_member_anywhere(self):
        spec = make_spec(instance_group=_group('affinity'))
        assert _passes('ServerGroupAffinityFilter', make_host(), spec)

    @pytest.mark.parametrize('name', ['ServerGroupAffinityFilter',
                                      'ServerGroupAntiAffinityFilter'])
    def test_other_policies_pass(self, name):
        host = make_host()
        host.instances = {'a'}
        for group in (None, _group('soft-affinity', ['a'], ['other'])):
            assert _passes(name, host, make_spec(instance_group=group))


class TestHintFilters:
    def test_different_host(self):
        host = make_host()
        host.instances = {'a'}
        assert not _passes('DifferentHostFilter', host, make_spec(
            scheduler_hints={'different_host': ['a', 'b']}))
        assert _passes('DifferentHostFilter', host, make_spec(
            scheduler_hints={'different_host': 'c'}))
        assert _passes('DifferentHostFilter', host, make_spec())

    def test_same_host(self):
        host = make_host()
        host.instances = {'a'}
        assert _passes('SameHostFilter', host, make_spec(
            scheduler_hints={'same_host': ['a']}))
        assert not _passes('SameHostFilter', host, make_spec(
            scheduler_hints={'same_host': 'c'}))
        assert _passes('SameHostFilter', host, make_spec())

    @pytest.mark.parametrize('hints, expected', [
        ({}, True),
        ({'build_near_host_ip': '10.0.0.1'}, True),
        ({'build_near_host_ip': ['10.0.1.1']}, False),
        ({'build_near_host_ip': '10.0.1.1', 'cidr': '/16'}, True),
        ({'build_near_host_ip': 'nonsense'}, False),
    ])
    def test_simple_cidr(self, hints, expected):
        assert _passes('SimpleCIDRAffinityFilter', make_host(),
                       make_spec(scheduler_hints=hints)) is expected

    @pytest.mark.parametrize('query, expected', [
        ('["=", "$hypervisor_type", "fake"]', True),
        (['>=', '$free_ram_mb', 1024], True),
        (['and', ['>=', '$free_ram_mb', 1024],
          ['<', '$vcpus_total', 8]], False),
        (['or', ['>=', '$free_ram_mb', 10 ** 9],
          ['in', '$host', 'host1', 'host2']], True),
        (['not', ['=', '$host', 'host1']], False),
        (['=', '$cpu_info.arch', 'x86_64'], True),
        (['=', '$nothing_like_this', 1], False),
        (['nope', 1, 1], False),
        ('not json', False),
    ])
    def test_json(self, query, expected):
        assert _passes('JsonFilter', make_host(), make_spec(
            scheduler_hints={'query': query})) is expected


class TestCountFilters:
    def test_num_instances(self, conf):
        conf('max_instances_per_host', 3)
        assert _passes('NumInstancesFilter', make_host(running_vms=2),
                       make_spec())
        assert not _passes('NumInstancesFilter', make_host(running_vms=3),
                           make_spec())

    def test_aggregate_num_instances(self, conf):
        conf('max_instances_per_host', 10)
        agg = make_aggregate(['host1'], {'max_instances_per_host': '2'})
        host = make_host(running_vms=2, aggregates=[agg])
        assert not _passes('AggregateNumInstancesFilter', host, make_spec())
        assert _passes('NumInstancesFilter', host, make_spec())

    def test_io_ops(self, conf):
        conf('max_io_ops_per_host', 2)
        assert _passes('IoOpsFilter', make_host(current_workload=1),
                       make_spec())
        assert not _passes('IoOpsFilter', make_host(current_workload=2),
                           make_spec())

    def test_aggregate_io_ops_ignores_bad_metadata(self, conf):
        conf('max_io_ops_per_host', 2)
        agg = make_aggregate(['host1'], {'max_io_ops_per_host': 'many'})
        host = make_host(current_workload=1, aggregates=[agg])
        assert _passes('AggregateIoOpsFilter', host, make_spec())


class TestAggregateFilters:
    def test_instance_extra_specs(self):
        agg = make_aggregate(['host1'], {'ssd': 'true', 'gpus': '2,4'})
        host = make_host(aggregates=[agg])
        for extra_specs, expected in (
                ({}, True),
                ({'aggregate_instance_extra_specs:ssd': 'true'}, True),
                ({'ssd': 'false'}, False),
                ({'aggregate_instance_extra_specs:gpus': '>= 3'}, True),
                ({'missing': 'x'}, False),
                ({'hw:cpu_policy': 'dedicated'}, True)):
            spec = make_spec(flavor=_flavor(**extra_specs))
            assert _passes('AggregateInstanceExtraSpecsFilter', host,
                           spec) is expected, extra_specs

    def test_multitenancy_isolation(self):
        agg = make_aggregate(['host1'], {'filter_tenant_id': 'p1,p2',
                                         'filter_tenant_id3': 'p3'})
        host = make_host(aggregates=[agg])
        for project, expected in (('p1', True), ('p3', True), ('p4', False)):
            assert _passes('AggregateMultiTenancyIsolation', host,
                           make_spec(project_id=project)) is expected
        assert _passes('AggregateMultiTenancyIsolation', make_host(),
                       make_spec(project_id='p4'))

    def test_type_affinity(self):
        agg = make_aggregate(['host1'], {'instance_type': 'm1.small, m1.big'})
        host = make_host(aggregates=[agg])
        assert _passes('AggregateTypeAffinityFilter', host, make_spec())
        other = make_spec(flavor=dict(FLAVOR, name='m1.tiny'))
        assert not _passes('AggregateTypeAffinityFilter', host, other)
        assert _passes('AggregateTypeAffinityFilter', make_host(), other)

    def test_image_properties_isolation(self, conf):
        agg = make_aggregate(['host1'], {'os_distro': 'ubuntu',
                                         'ns.hw_disk_bus': 'scsi'})
        host = make_host(aggregates=[agg])

        def passes(props):
            spec = make_spec(image={'id': 'i', 'properties': props})
            return _passes('AggregateImagePropertiesIsolation', host, spec)
        assert passes({})
        assert passes({'os_distro': 'ubuntu'})
        assert not passes({'os_distro': 'fedora'})
        conf('aggregate_image_properties_isolation_namespace', 'ns')
        assert passes({'os_distro': 'fedora'})
        assert not passes({'ns.hw_disk_bus': 'virtio'})


class TestIsolatedHostsFilter:
    @pytest.mark.parametrize('restrict, image, host, expected', [
        (True, 'isolated', 'iso', True),
        (True, 'isolated', 'plain', False),
        (True, 'other', 'iso', False),
        (True, 'other', 'plain', True),
        (False, 'isolated', 'plain', False),
        (False, 'other', 'iso', True),
    ])
    def test_isolation(self, conf, restrict, image, host, expected):
        conf('isolated_images', ['isolated'])
        conf('isolated_hosts', ['iso'])
        conf('restrict_isolated_hosts_to_isolated_images', restrict)
        spec = make_spec(image={'id': image, 'properties': {}})
        assert _passes('IsolatedHostsFilter', make_host(host),
                       spec) is expected

    def test_no_isolated_images(self, conf):
        conf('isolated_hosts', ['iso'])
        assert not _passes('IsolatedHostsFilter', make_host('iso'),
                           make_spec())
        conf('restrict_isolated_hosts_to_isolated_images', False)
        assert _passes('IsolatedHostsFilter', make_host('iso'), make_spec())


def test_all_hosts_filter():
    assert _passes('AllHostsFilter', make_host(disabled=True), make_spec())


class TestLoaderAndRunner:
    def test_defaults(self):
        names = [type(f).__name__ for f in filters.load_filters()]
        assert names == ['ComputeFilter', 'ComputeCapabilitiesFilter',
                         'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter']

    def test_not_available(self, conf):
        conf('available_filters', ['ComputeFilter'])
        with pytest.raises(errors.FilterNotFound) as err:
            filters.load_filters()
        assert 'ComputeCapabilitiesFilter' in str(err.value)

    def test_dotted_class_path(self, conf):
        path = 'compute.scheduler.filters.all_hosts_filter.AllHostsFilter'
        conf('available_filters', [path])
        conf('enabled_filters', ['AllHostsFilter'])
        assert [type(f).__name__ for f in filters.load_filters()] == [
            'AllHostsFilter']

    def test_once_per_request_filters_skip_later_instances(self):
        hosts = [make_host('host1', disabled=True), make_host('host2')]
        loaded = [filters.SHIPPED['ComputeFilter']()]
        assert filters.run(loaded, hosts, make_spec(), 0) == hosts[1:]
        assert filters.run(loaded, hosts, make_spec(), 1) == hosts

    def test_stops_when_no_host_left(self):
        hosts = [make_host(disabled=True)]
        loaded = [filters.SHIPPED['ComputeFilter'](),
                  filters.SHIPPED['AllHostsFilter']()]
        assert filters.run(loaded, hosts, make_spec(), 0) == []
