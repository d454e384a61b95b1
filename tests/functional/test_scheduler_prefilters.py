"""Placement request pre-filters through HTTP on the live stack: servers
booted with flavors, images, aggregates and provider traits that steer
them, each pre-filter behind its option; the traits agents and the
services API keep in placement; availability zones (requested, the
default schedule zone, pinning shown from 2.96)."""

import contextlib
import uuid

import pytest
import requests

from compute.agent import resource_tracker
from compute.placement import traits as placement_traits
from compute.placement import client as placement_client
from tests.functional import live_servers
from tests.functional import scheduling
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.live_servers import token
from tests.functional.scheduling import assert_no_valid_host
from tests.functional.scheduling import boot_settled
from tests.functional.scheduling import flavor_maker  # noqa: F401
from tests.functional.scheduling import compute_hosts
from tests.functional.scheduling import host_of

ADMIN = 'admin:admin'
# The option override fixture, for the tests of this module.
options = scheduling.options


def _provider(host):
    """The resource provider of a fake host's single node."""
    return resource_tracker.node_uuid(host, host)


def _traits(host):
    return placement_traits.get_traits(_provider(host))[0]


def _set_traits(host, *names, add=True):
    """Add (or remove) traits on a host's provider, as an operator does;
    custom traits are created first."""
    client = placement_client.get_client()
    for name in names:
        if name.startswith('CUSTOM_'):
            client.call('PUT', '/traits/' + name, version='1.6',
                        ok=(201, 204))
    names = set(names)
    placement_traits.update_traits(
        _provider(host),
        (lambda traits: traits | names) if add
        else (lambda traits: traits - names))


@pytest.fixture
def hosts(api):
    return compute_hosts(api)


@pytest.fixture
def operator_traits():
    """operator_traits(host, *names): traits set for one test."""
    added = []

    def add(host, *names):
        _set_traits(host, *names)
        added.append((host, names))
    yield add
    for host, names in added:
        _set_traits(host, *names, add=False)


@pytest.fixture
def aggregate(api):
    """aggregate(hosts, metadata, zone=None): a host aggregate, removed
    after the test; its body."""
    made = []

    def make(hosts, metadata=None, zone=None):
        body = {'name': 'pf-' + uuid.uuid4().hex[:8]}
        if zone:
            body['availability_zone'] = zone
        resp = api.post('/os-aggregates', {'aggregate': body})
        assert resp.status_code == 200, resp.text
        agg = resp.json()['aggregate']
        made.append(agg)
        action = '/os-aggregates/%s/action' % agg['id']
        for host in hosts:
            resp = api.post(action, {'add_host': {'host': host}})
            assert resp.status_code == 200, resp.text
        if metadata:
            resp = api.post(action, {'set_metadata': {'metadata': metadata}})
            assert resp.status_code == 200, resp.text
        return agg
    yield make
    for agg in made:
        action = '/os-aggregates/%s/action' % agg['id']
        current = api.get('/os-aggregates/%s' % agg['id']).json()
        for host in current['aggregate']['hosts']:
            api.post(action, {'remove_host': {'host': host}})
        api.delete('/os-aggregates/%s' % agg['id'])


@pytest.fixture
def image(stack):
    """image(disk_format='raw', **properties): an active public image's
    id, deleted after the test."""
    url = stack.url + '/image/v2/images'
    headers = {'X-Auth-Token': ADMIN}
    made = []

    def make(disk_format='raw', **properties):
        resp = requests.post(url, headers=headers, timeout=30, json=dict(
            name='pf-' + uuid.uuid4().hex[:8], disk_format=disk_format,
            container_format='bare', visibility='public', **properties))
        assert resp.status_code == 201, resp.text
        image_id = resp.json()['id']
        made.append(image_id)
        resp = requests.put(
            '%s/%s/file' % (url, image_id), data=b'\0' * 4096,
            timeout=30, headers=dict(
                headers, **{'Content-Type': 'application/octet-stream'}))
        assert resp.status_code == 204, resp.text
        return image_id
    yield make
    for image_id in made:
        requests.delete('%s/%s' % (url, image_id), headers=headers,
                        timeout=30)


def _boot_on(api, host, **server):
    """Boot asking for ``host`` (2.74 ``host``), as an admin."""
    return boot_settled(api, token(admin=True), version='2.74', host=host,
                        **server)


# -- Traits the agents and the services API keep ------------------------------

def test_agents_report_owner_and_architecture(hosts):
    for host in hosts:
        assert {'OWNER_NOVA', 'HW_ARCH_X86_64'} <= _traits(host)
        assert 'COMPUTE_STATUS_DISABLED' not in _traits(host)


@contextlib.contextmanager
def _capabilities(stack, host, capabilities):
    """Inside the block the host's driver declares ``capabilities`` and
    its agent has reported them; afterwards, what it declared before."""
    driver, missing = stack.driver(host), object()
    before = vars(driver).get('capabilities', missing)
    driver.capabilities = capabilities
    stack.agent(host).update_available_resource()
    try:
        yield
    finally:
        if before is missing:
            del driver.capabilities
        else:
            driver.capabilities = before
        stack.agent(host).update_available_resource()


def test_agent_report_sets_and_clears_only_its_traits(stack, hosts,
                                                     operator_traits):
    host = hosts[0]
    operator_traits(host, 'CUSTOM_PF_KEPT')
    with _capabilities(stack, host, {'supports_multiattach': True}):
        assert {'CUSTOM_PF_KEPT', 'COMPUTE_VOLUME_MULTI_ATTACH',
                'OWNER_NOVA'} <= _traits(host)
    assert 'COMPUTE_VOLUME_MULTI_ATTACH' not in _traits(host)
    assert {'CUSTOM_PF_KEPT', 'OWNER_NOVA'} <= _traits(host)


@pytest.mark.parametrize('version, disable, enable', [
    ('2.1', lambda s: ('/os-services/disable-log-reason', {
        'host': s['host'], 'binary': 'nova-compute',
        'disabled_reason': 'pf'}),
     lambda s: ('/os-services/enable', {'host': s['host'],
                                        'binary': 'nova-compute'})),
    ('2.53', lambda s: ('/os-services/' + s['id'], {
        'status': 'disabled', 'disabled_reason': 'pf'}),
     lambda s: ('/os-services/' + s['id'], {'status': 'enabled'})),
])
def test_disabled_service_trait(api, hosts, version, disable, enable):
    host = hosts[-1]
    service, = api.get('/os-services', version=version, params={
        'host': host, 'binary': 'nova-compute'}).json()['services']
    resp = api.put(*disable(service), version=version)
    assert resp.status_code == 200, resp.text
    try:
        assert 'COMPUTE_STATUS_DISABLED' in _traits(host)
        tok = token()
        for _ in range(2):
            assert host_of(api, live_servers.boot_active(
                api, tok)['id']) != host
        assert_no_valid_host(_boot_on(api, host))
    finally:
        resp = api.put(*enable(service), version=version)
        assert resp.status_code == 200, resp.text
    assert 'COMPUTE_STATUS_DISABLED' not in _traits(host)
    assert _boot_on(api, host)['status'] == 'ACTIVE'


# -- Image type support -------------------------------------------------------

@pytest.fixture
def image_capabilities(stack, hosts):
    """The first host supports raw images only, the others qcow2 only, as
    their drivers declare and their agents report."""
    with contextlib.ExitStack() as declared:
        for index, host in enumerate(hosts):
            fmt = 'raw' if index == 0 else 'qcow2'
            declared.enter_context(_capabilities(
                stack, host, {'supports_image_type_%s' % fmt: True}))
        yield


def test_image_type_traits_reported(hosts, image_capabilities):
    assert 'COMPUTE_IMAGE_TYPE_RAW' in _traits(hosts[0])
    assert 'COMPUTE_IMAGE_TYPE_QCOW2' not in _traits(hosts[0])
    assert 'COMPUTE_IMAGE_TYPE_QCOW2' in _traits(hosts[1])


def test_image_type_support(api, hosts, options, image,
                            image_capabilities):
    tok = token()
    vhd = image('vhd')
    # Off by default: any host.
    assert boot_settled(api, tok, imageRef=vhd)['status'] == 'ACTIVE'
    options('query_placement_for_image_type_support', True, 'scheduler')
    for _ in range(2):
        raw = boot_settled(api, tok)
        assert raw['status'] == 'ACTIVE'
        assert host_of(api, raw['id']) == hosts[0]
    qcow2 = boot_settled(api, tok, imageRef=image('qcow2'))
    assert host_of(api, qcow2['id']) in hosts[1:]
    assert_no_valid_host(boot_settled(api, tok, imageRef=vhd))


# -- Tenant isolation ---------------------------------------------------------

def test_tenant_isolation(api, hosts, options, aggregate):
    tok = token()
    project = tok.split(':')[1]
    aggregate([hosts[1]], {'filter_tenant_id': 'someone-else',
                           'filter_tenant_id2': project})
    options('limit_tenants_to_placement_aggregate', True, 'scheduler')
    for _ in range(3):
        assert host_of(api, live_servers.boot_active(api, tok)['id']) == \
            hosts[1]
    # A project no aggregate names goes anywhere, unless one is required.
    assert live_servers.boot_active(api, token())['status'] == 'ACTIVE'
    options('placement_aggregate_required_for_tenants', True, 'scheduler')
    assert_no_valid_host(boot_settled(api, token()),
                         ' Scheduling failed: No hosts available for tenant')
    assert host_of(api, live_servers.boot_active(api, tok)['id']) == hosts[1]


# -- Isolated aggregates, traits and resources of flavors and images ----------

def test_isolated_aggregate(api, hosts, options, aggregate, flavor,
                            operator_traits):
    gpu_host = hosts[0]
    operator_traits(gpu_host, 'CUSTOM_PF_GPU')
    aggregate([gpu_host], {'trait:CUSTOM_PF_GPU': 'required'})
    gpu_flavor = flavor(**{'trait:CUSTOM_PF_GPU': 'required'})
    tok = token()
    # Off by default: plain flavors may use the GPU host.
    assert _boot_on(api, gpu_host)['status'] == 'ACTIVE'
    options('enable_isolated_aggregate_filtering', True, 'scheduler')
    assert_no_valid_host(_boot_on(api, gpu_host))
    for _ in range(2):
        server = boot_settled(api, tok, flavorRef=gpu_flavor)
        assert host_of(api, server['id']) == gpu_host


def test_flavor_required_and_forbidden_traits(api, hosts, flavor,
                                              operator_traits):
    operator_traits(hosts[0], 'CUSTOM_PF_FAST')
    operator_traits(hosts[1], 'CUSTOM_PF_SLOW')
    tok = token()
    fast = flavor(**{'trait:CUSTOM_PF_FAST': 'required'})
    for _ in range(2):
        assert host_of(api, boot_settled(api, tok, flavorRef=fast)['id']) \
            == hosts[0]
    not_slow = flavor(**{'trait:CUSTOM_PF_SLOW': 'forbidden'})
    assert_no_valid_host(_boot_on(api, hosts[1], flavorRef=not_slow))
    assert _boot_on(api, hosts[0],
                    flavorRef=not_slow)['status'] == 'ACTIVE'
    unknown = flavor(**{'trait:CUSTOM_PF_NOWHERE': 'required'})
    assert_no_valid_host(boot_settled(api, tok, flavorRef=unknown))


def test_image_required_traits(api, hosts, image, operator_traits):
    operator_traits(hosts[1], 'CUSTOM_PF_IMG')
    tok = token()
    wanting = image(**{'trait:CUSTOM_PF_IMG': 'required'})
    for _ in range(2):
        server = boot_settled(api, tok, imageRef=wanting)
        assert host_of(api, server['id']) == hosts[1]


def test_flavor_resources(api, flavor):
    tok = token()
    magic = flavor(**{'resources:CUSTOM_PF_MAGIC': '1'})
    assert_no_valid_host(boot_settled(api, tok, flavorRef=magic))
    # resources:DISK_GB=0 drops the root disk from the request.
    no_disk = flavor(**{'resources:DISK_GB': '0'})
    server = boot_settled(api, tok, flavorRef=no_disk)
    assert server['status'] == 'ACTIVE'
    held, = live_servers.allocations(server['id']).values()
    assert held['resources'] == {'VCPU': 1, 'MEMORY_MB': 512}


# -- Image metadata and the traits flavors and images imply -------------------

def test_image_metadata_prefilter(api, hosts, options, image,
                                  operator_traits):
    tok = token()
    arm = image(hw_architecture='aarch64')
    virtio_nic = image(hw_vif_model='virtio')
    options('image_metadata_prefilter', True, 'scheduler')
    assert_no_valid_host(boot_settled(api, tok, imageRef=arm))
    assert boot_settled(api, tok, imageRef=image(
        hw_architecture='x86_64'))['status'] == 'ACTIVE'
    assert_no_valid_host(boot_settled(api, tok, imageRef=virtio_nic))
    operator_traits(hosts[-1], 'COMPUTE_NET_VIF_MODEL_VIRTIO')
    server = boot_settled(api, tok, imageRef=virtio_nic)
    assert host_of(api, server['id']) == hosts[-1]


@pytest.mark.parametrize('extra_specs, properties, trait', [
    ({'hw:sound_model': 'virtio'}, {}, 'COMPUTE_SOUND_MODEL_VIRTIO'),
    ({}, {'hw_virtio_packed_ring': 'true'}, 'COMPUTE_NET_VIRTIO_PACKED'),
    ({'hw:tpm_version': '2.0', 'hw:tpm_model': 'tpm-crb',
      'hw:tpm_secret_security': 'host'}, {},
     'COMPUTE_SECURITY_TPM_SECRET_SECURITY_HOST'),
    ({'hw:ephemeral_encryption': 'true'}, {}, 'COMPUTE_EPHEMERAL_ENCRYPTION'),
])
def test_implied_traits(api, hosts, flavor, image, operator_traits,
                        extra_specs, properties, trait):
    tok = token()
    flavor_id = flavor(**extra_specs)
    image_id = image(**properties)
    assert_no_valid_host(boot_settled(api, tok, flavorRef=flavor_id,
                                      imageRef=image_id))
    operator_traits(hosts[1], trait)
    server = boot_settled(api, tok, flavorRef=flavor_id, imageRef=image_id)
    assert host_of(api, server['id']) == hosts[1]


# -- Availability zones -------------------------------------------------------

def _zone_and_pin(api, server_id, version='2.96'):
    body = api.get('/servers/' + server_id, version=version).json()['server']
    return body['OS-EXT-AZ:availability_zone'], \
        body.get('pinned_availability_zone', 'absent')


def test_requested_zone_and_pinning(api, hosts, aggregate):
    zone = 'pf-az-' + uuid.uuid4().hex[:6]
    aggregate([hosts[0]], zone=zone)
    tok = token()
    server = boot_settled(api, tok, availability_zone=zone)
    assert host_of(api, server['id']) == hosts[0]
    assert _zone_and_pin(api, server['id']) == (zone, zone)
    assert _zone_and_pin(api, server['id'], '2.95') == (zone, 'absent')
    server = boot_settled(api, tok, availability_zone='nova')
    assert host_of(api, server['id']) != hosts[0]
    assert _zone_and_pin(api, server['id']) == ('nova', 'nova')
    # No zone asked for and no default schedule zone: not pinned.
    server = boot_settled(api, tok)
    assert _zone_and_pin(api, server['id'])[1] is None


def test_default_schedule_zone(api, hosts, aggregate, options):
    zone = 'pf-az-' + uuid.uuid4().hex[:6]
    aggregate([hosts[-1]], zone=zone)
    options('default_schedule_zone', zone, None)
    tok = token()
    for _ in range(2):
        server = boot_settled(api, tok)
        assert host_of(api, server['id']) == hosts[-1]
        assert _zone_and_pin(api, server['id']) == (zone, zone)
    # An explicit zone wins.
    server = boot_settled(api, tok, availability_zone='nova')
    assert host_of(api, server['id']) != hosts[-1]


def test_default_schedule_zone_that_does_not_exist(api, options):
    options('default_schedule_zone', 'pf-nowhere', None)
    resp = live_servers.boot(api, token())
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'The requested availability zone is not available'
