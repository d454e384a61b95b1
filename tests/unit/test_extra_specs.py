"""The extra spec registry: lookup by name and template, namespaces, and
value checks by kind."""

import pytest

from compute import exception
from compute import extra_specs


@pytest.mark.parametrize('name,value', [
    ('hw:cpu_policy', 'mixed'),
    ('hw:cpu_thread_policy', 'isolate'),
    ('hw:cpu_realtime', 'yes'),
    ('hw:cpu_realtime_mask', '^0-1'),
    ('hw:cpu_dedicated_mask', '0-3,^2'),
    ('hw:mem_page_size', 'large'),
    ('hw:mem_page_size', '1GiB'),
    ('hw:mem_page_size', '2048'),
    ('hw:numa_nodes', '1'),
    ('hw:numa_cpus.12', '0,2-3'),
    ('hw:numa_mem.0', '1024'),
    ('hw:cpu_max_sockets', '2'),
    ('hw:max_cpu_threads', '1'),
    ('hw:serial_port_count', '0'),
    ('hw:redirected_usb_ports', '15'),
    ('hw:pmem', 'small,medium'),
    ('hw:tpm_version', '2.0'),
    ('hw_rng:rate_bytes', '0'),
    ('os:secure_boot', 'disabled'),
    ('pci_passthrough:alias', 'a1:2,b2:1'),
    ('quota:vif_inbound_peak', '100'),
    ('quota:cpu_shares_level', 'anything'),
    ('resources:VCPU', '-1'),
    ('resources:MEMORY_MB', '512'),
    ('resources_group-1:CUSTOM_BAREMETAL_GOLD', '1'),
    ('trait:COMPUTE_VOLUME_MULTI_ATTACH', 'forbidden'),
    ('traitX:CUSTOM_A_1', 'required'),
    ('capabilities:hypervisor_type', 's== QEMU'),
    ('capabilities:stats', '>= 1'),
    ('capabilities:cpu_info:features', '<in> aes'),
    ('aggregate_instance_extra_specs:pinned', 'true'),
    ('hide_hypervisor_id', 'false'),
    ('group_policy', 'none'),
    ('unnamespaced', 'anything'),
    ('my_scheduler:key', 'anything'),
])
def test_valid(name, value):
    extra_specs.validate(name, value)


@pytest.mark.parametrize('name,value,message', [
    ('hw:cpu_policy', 'Shared',
     "'Shared' is not one of: dedicated, shared, mixed."),
    ('hw:mem_page_size', '2 MB',
     "'2 MB' is not of the format "
     "'(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)'."),
    ('hw:numa_nodes', '0', "'0' is less than the min value of '1'."),
    ('hw:redirected_usb_ports', '16',
     "'16' is greater than the max value of '15'."),
    ('hw:numa_mem.0', '1.5', "'1.5' is not a valid integer value."),
    ('hw:pmu', 'maybe', "'maybe' is not a valid boolean-like value."),
    ('group_policy', 'all', "'all' is not one of: isolate, none."),
    ('trait:CUSTOM_X', 'preferred',
     "'preferred' is not one of: required, forbidden."),
])
def test_invalid_values(name, value, message):
    with pytest.raises(exception.ValidationError) as err:
        extra_specs.validate(name, value)
    assert err.value.format_message() == 'Validation failed; ' + message
    assert err.value.code == 400


@pytest.mark.parametrize('name', [
    'hw:cpu_polcy', 'hw:numa_cpus.x', 'hw_rng:bogus', 'hw_video:ram',
    'os:other', 'quota:cpu_bogus', 'resources:NOT_A_CLASS',
    'resources1:custom_lower', 'trait:NOT_A_TRAIT', 'trait_a:lower',
    'capabilities:bogus', 'capabilities:cpu_info:a-b', 'accel:other',
    'pci_passthrough:other', 'vmware:other',
])
def test_unknown_name_in_known_namespace(name):
    with pytest.raises(exception.ValidationError) as err:
        extra_specs.validate(name, '1')
    assert err.value.format_message() == (
        "Validation failed; extra spec '%s' does not appear to be a valid "
        "extra spec." % name)


def test_template_lookup_and_namespaces():
    registry = extra_specs.REGISTRY
    assert registry.find('hw:cpu_policy').name == 'hw:cpu_policy'
    assert registry.find('hw:numa_cpus.3').name == 'hw:numa_cpus.{id}'
    assert registry.find('resources9:DISK_GB').kind is int
    assert registry.find('hw:numa_cpusX3') is None
    assert registry.in_known_namespace('trait_7:ANYTHING')
    assert not registry.in_known_namespace('custom_trait:ANYTHING')
    assert not registry.in_known_namespace('hw')


def test_spec_kinds():
    spec = extra_specs.Spec('x:{n}', int, minimum=0, maximum=3,
                            params={'n': r'\d'})
    assert spec.regex.fullmatch('x:7')
    assert not spec.regex.fullmatch('x:77')
    assert spec.namespace == 'x'
    spec.validate('3')
    with pytest.raises(exception.ValidationError):
        spec.validate('4')
    free = extra_specs.Spec('x:free')
    free.validate('any text at all')
