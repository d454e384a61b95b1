"""Request filters one by one: what each adds to the placement query from
a spec, host aggregates and options, and when it finds no host can
qualify."""

import pytest

from compute.scheduler import errors
from compute.scheduler import host_manager
from compute.scheduler import request_filter
from compute.scheduler import utils
from tests.unit.scheduler.conftest import make_aggregate
from tests.unit.scheduler.conftest import make_spec

DISABLED = 'COMPUTE_STATUS_DISABLED'
OWNER = 'OWNER_NOVA'


def _process(spec, aggregates=()):
    request = utils.resources_from_spec(spec)
    request_filter.process(spec, request,
                           host_manager.Snapshot([], list(aggregates)))
    return request


def _flavor(**extra_specs):
    return dict(make_spec().flavor, extra_specs=extra_specs)


def _image(disk_format='qcow2', **properties):
    return {'id': 'img', 'disk_format': disk_format,
            'properties': properties}


def test_defaults_forbid_disabled_and_require_owner():
    request = _process(make_spec())
    assert request.traits() == [OWNER, '!' + DISABLED]
    assert request.member_of == []
    assert request.limit == 1000


def test_order_is_novas():
    names = [f.__name__ for f in request_filter.ALL_REQUEST_FILTERS]
    assert names[:12] == [
        'require_tenant_aggregate', 'map_az_to_placement_aggregate',
        'require_image_type_support', 'compute_status_filter',
        'isolate_aggregates', 'transform_image_metadata',
        'accelerators_filter', 'packed_virtqueue_filter',
        'ephemeral_encryption_filter', 'virtio_sound_filter',
        'tpm_secret_security_filter', 'owner_nova_filter']


# Tenant isolation.

def _tenant_aggregates():
    mine = make_aggregate(['h1'], {'filter_tenant_id': 'p1'})
    also = make_aggregate(['h2'], {'filter_tenant_id2': 'p1', 'x': 'y'})
    other = make_aggregate(['h3'], {'filter_tenant_id': 'p2'})
    unrelated = make_aggregate(['h4'], {'owner': 'p1'})
    return mine, also, other, unrelated


def test_tenant_isolation_off_by_default():
    assert _process(make_spec(), _tenant_aggregates()).member_of == []


def test_tenant_isolation_requires_the_projects_aggregates(conf):
    conf('limit_tenants_to_placement_aggregate', True, 'scheduler')
    aggregates = _tenant_aggregates()
    mine, also, _, _ = aggregates
    request = _process(make_spec(project_id='p1'), aggregates)
    assert request.member_of == [
        'in:' + ','.join(sorted([mine.uuid, also.uuid]))]


def test_tenant_without_aggregate_goes_anywhere_unless_required(conf):
    conf('limit_tenants_to_placement_aggregate', True, 'scheduler')
    assert _process(make_spec(project_id='p9'),
                    _tenant_aggregates()).member_of == []
    conf('placement_aggregate_required_for_tenants', True, 'scheduler')
    with pytest.raises(errors.NoValidHost) as err:
        _process(make_spec(project_id='p9'), _tenant_aggregates())
    assert err.value.format_message() == (
        'No valid host was found. Scheduling failed: No hosts available '
        'for tenant')


def test_required_for_tenants_alone_does_nothing(conf):
    conf('placement_aggregate_required_for_tenants', True, 'scheduler')
    assert _process(make_spec(project_id='p9')).member_of == []


# Availability zones.

def test_zone_requires_its_aggregates():
    zone_a = make_aggregate(['h1'], {'availability_zone': 'az1'})
    zone_b = make_aggregate(['h2'], {'availability_zone': 'az1'})
    other = make_aggregate(['h3'], {'availability_zone': 'az2'})
    request = _process(make_spec(availability_zone='az1'),
                       [zone_a, zone_b, other])
    assert request.member_of == [
        'in:' + ','.join(sorted([zone_a.uuid, zone_b.uuid]))]


def test_default_zone_forbids_the_other_zones():
    other = make_aggregate(['h3'], {'availability_zone': 'az2'})
    plain = make_aggregate(['h1'], {})
    request = _process(make_spec(availability_zone='nova'), [other, plain])
    assert request.member_of == ['!in:' + other.uuid]


def test_zone_without_hosts():
    with pytest.raises(errors.NoValidHost):
        _process(make_spec(availability_zone='nowhere'))


# Image type support.

def test_image_type_off_by_default():
    assert 'COMPUTE_IMAGE_TYPE_QCOW2' not in _process(
        make_spec(image=_image())).required_traits


def test_image_type_required(conf):
    conf('query_placement_for_image_type_support', True, 'scheduler')
    assert 'COMPUTE_IMAGE_TYPE_QCOW2' in _process(
        make_spec(image=_image())).required_traits


@pytest.mark.parametrize('fields', [
    {'image': _image(), 'is_bfv': True},
    {'image': _image(disk_format='weird')},
    {'image': {}},
])
def test_image_type_not_required(conf, fields):
    conf('query_placement_for_image_type_support', True, 'scheduler')
    assert not any(trait.startswith('COMPUTE_IMAGE_TYPE') for trait in
                   _process(make_spec(**fields)).required_traits)


# Isolated aggregates.

def _isolating():
    gpu = make_aggregate(['h1'], {'trait:CUSTOM_GPU': 'required'})
    both = make_aggregate(['h2'], {'trait:CUSTOM_GPU': 'required',
                                   'trait:HW_CPU_X86_AVX2': 'required'})
    loose = make_aggregate(['h3'], {'trait:CUSTOM_GPU': 'preferred'})
    return gpu, both, loose


def test_isolation_off_by_default():
    assert _process(make_spec(), _isolating()).member_of == []


def test_isolated_aggregates_forbidden_unless_all_traits_required(conf):
    conf('enable_isolated_aggregate_filtering', True, 'scheduler')
    aggregates = _isolating()
    gpu, both, _ = aggregates
    assert _process(make_spec(), aggregates).member_of == [
        '!in:' + ','.join(sorted([gpu.uuid, both.uuid]))]
    spec = make_spec(flavor=_flavor(**{'trait:CUSTOM_GPU': 'required'}))
    assert _process(spec, aggregates).member_of == ['!in:' + both.uuid]
    # The image asks for the other trait: every aggregate is open.
    spec.image = _image(**{'trait:HW_CPU_X86_AVX2': 'required'})
    assert _process(spec, aggregates).member_of == []


def test_isolation_ignores_traits_of_other_request_filters(conf):
    conf('enable_isolated_aggregate_filtering', True, 'scheduler')
    conf('query_placement_for_image_type_support', True, 'scheduler')
    raw = make_aggregate(['h1'], {'trait:COMPUTE_IMAGE_TYPE_RAW':
                                  'required'})
    request = _process(make_spec(image=_image('raw')), [raw])
    assert request.member_of == ['!in:' + raw.uuid]


# Image metadata.

def test_image_metadata_off_by_default():
    spec = make_spec(image=_image(hw_architecture='x86_64'))
    assert 'HW_ARCH_X86_64' not in _process(spec).required_traits


def test_image_metadata_becomes_traits(conf):
    conf('image_metadata_prefilter', True, 'scheduler')
    spec = make_spec(image=_image(
        hw_architecture='x86_64', hw_emulation_architecture='aarch64',
        hw_disk_bus='virtio', hw_cdrom_bus='sata', hw_video_model='qxl',
        hw_vif_model='e1000e', hw_viommu_model='intel', os_type='linux'))
    assert _process(spec).required_traits == {
        'HW_ARCH_X86_64', 'COMPUTE_ARCH_AARCH64', 'COMPUTE_STORAGE_BUS_VIRTIO',
        'COMPUTE_STORAGE_BUS_SATA', 'COMPUTE_GRAPHICS_MODEL_QXL',
        'COMPUTE_NET_VIF_MODEL_E1000E', 'COMPUTE_VIOMMU_MODEL_INTEL', OWNER}


def test_image_metadata_legacy_architecture_and_dashes(conf):
    conf('image_metadata_prefilter', True, 'scheduler')
    spec = make_spec(image=_image(architecture='x86_64',
                                  hw_vif_model='ne2k-pci'))
    assert {'HW_ARCH_X86_64', 'COMPUTE_NET_VIF_MODEL_NE2K_PCI'} <= \
        _process(spec).required_traits


def test_image_metadata_unknown_value_adds_nothing(conf):
    conf('image_metadata_prefilter', True, 'scheduler')
    spec = make_spec(image=_image(hw_architecture='x86_64',
                                  hw_vif_model='imaginary'))
    assert _process(spec).required_traits == {OWNER}


# Traits implied by flavor extra specs and image properties.

@pytest.mark.parametrize('extra_specs, properties, traits', [
    ({'accel:device_profile': 'gpu'}, {}, {'COMPUTE_ACCELERATORS'}),
    ({'hw:virtio_packed_ring': 'true'}, {}, {'COMPUTE_NET_VIRTIO_PACKED'}),
    ({}, {'hw_virtio_packed_ring': 'yes'}, {'COMPUTE_NET_VIRTIO_PACKED'}),
    ({'hw:virtio_packed_ring': 'false'}, {}, set()),
    ({'hw:ephemeral_encryption': 'true'}, {},
     {'COMPUTE_EPHEMERAL_ENCRYPTION'}),
    ({'hw:ephemeral_encryption': 'true',
      'hw:ephemeral_encryption_format': 'luks'}, {},
     {'COMPUTE_EPHEMERAL_ENCRYPTION', 'COMPUTE_EPHEMERAL_ENCRYPTION_LUKS'}),
    ({}, {'hw_ephemeral_encryption': 'true',
          'hw_ephemeral_encryption_format': 'plain'},
     {'COMPUTE_EPHEMERAL_ENCRYPTION', 'COMPUTE_EPHEMERAL_ENCRYPTION_PLAIN'}),
    ({'hw:ephemeral_encryption_format': 'luks'}, {}, set()),
    ({'hw:sound_model': 'virtio'}, {}, {'COMPUTE_SOUND_MODEL_VIRTIO'}),
    ({}, {'hw_sound_model': 'virtio'}, {'COMPUTE_SOUND_MODEL_VIRTIO'}),
    ({'hw:sound_model': 'ich9'}, {}, set()),
    ({'hw:tpm_version': '2.0'}, {},
     {'COMPUTE_SECURITY_TPM_SECRET_SECURITY_USER'}),
    ({}, {'hw_tpm_version': '2.0'},
     {'COMPUTE_SECURITY_TPM_SECRET_SECURITY_USER'}),
    ({'hw:tpm_version': '2.0', 'hw:tpm_secret_security': 'host'}, {},
     {'COMPUTE_SECURITY_TPM_SECRET_SECURITY_HOST'}),
    ({'hw:tpm_version': '2.0', 'hw:tpm_secret_security': 'deployment'}, {},
     {'COMPUTE_SECURITY_TPM_SECRET_SECURITY_DEPLOYMENT'}),
    ({'hw:tpm_secret_security': 'host'}, {}, set()),
])
def test_implied_traits(extra_specs, properties, traits):
    spec = make_spec(flavor=_flavor(**extra_specs),
                     image=_image(**properties))
    assert _process(spec).required_traits == traits | {OWNER}


@pytest.mark.parametrize('extra_specs, properties, message', [
    ({'hw:virtio_packed_ring': 'true'}, {'hw_virtio_packed_ring': 'false'},
     'Flavor hw:virtio_packed_ring=True conflicts with image '
     'hw_virtio_packed_ring=False.'),
    ({'hw:sound_model': 'virtio'}, {'hw_sound_model': 'ich6'},
     'Flavor hw:sound_model=virtio conflicts with image '
     'hw_sound_model=ich6.'),
    ({'hw:ephemeral_encryption': 'true',
      'hw:ephemeral_encryption_format': 'rot13'}, {},
     'Ephemeral encryption format rot13 is not supported.'),
    ({'hw:tpm_version': '2.0', 'hw:tpm_secret_security': 'cloud'}, {},
     "TPM secret security 'cloud' is not supported."),
])
def test_unsatisfiable(extra_specs, properties, message):
    spec = make_spec(flavor=_flavor(**extra_specs),
                     image=_image(**properties))
    with pytest.raises(errors.NoValidHost) as err:
        _process(spec)
    assert err.value.format_message() == (
        'No valid host was found. Scheduling failed: ' + message)


# Traits and resources of flavor extra specs and image properties.

def test_flavor_and_image_traits_and_resources():
    spec = make_spec(
        flavor=_flavor(**{'trait:HW_CPU_X86_AVX2': 'required',
                          'trait:CUSTOM_SLOW': 'forbidden',
                          'trait:CUSTOM_ODD': 'maybe',
                          'resources:VCPU': '0',
                          'resources:PCPU': '2',
                          'resources:CUSTOM_MAGIC': '1'}),
        image=_image(**{'trait:CUSTOM_IMG': 'required',
                        'trait:CUSTOM_NOT': 'forbidden'}))
    request = _process(spec)
    assert request.required_traits == {'HW_CPU_X86_AVX2', 'CUSTOM_IMG',
                                       OWNER}
    assert request.forbidden_traits == {'CUSTOM_SLOW', DISABLED}
    assert request.resources == {'PCPU': 2, 'CUSTOM_MAGIC': 1,
                                 'MEMORY_MB': 2048, 'DISK_GB': 20}


# The candidate limit.

@pytest.mark.parametrize('fields', [
    {'scheduler_hints': {'same_host': ['x']}},
    {'scheduler_hints': {'different_host': ['x']}},
    {'scheduler_hints': {'group': ['x']}},
    {'instance_group': {'uuid': 'g', 'policy': 'affinity'}},
])
def test_unlimited_candidates(fields):
    assert _process(make_spec(**fields)).limit is None


def test_limit_from_option(conf):
    conf('max_placement_results', 7, 'scheduler')
    assert _process(make_spec(scheduler_hints={'cidr': '/24'})).limit == 7
