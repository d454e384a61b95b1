"""NUMA, PCI and metrics scheduling through HTTP on the live stack: fake
hosts given NUMA cells, PCI devices and metrics, flavors asking for NUMA
nodes, dedicated CPUs, huge pages and PCI aliases; where the servers land,
what the hosts report they hold, NoValidHost when nothing fits, the
agent's own claim sending a server elsewhere, and the PCI and metrics
weighers' ordering."""

import json
import uuid

import pytest
import requests

from compute.db import compute_nodes
from compute.pci import stats as pci_stats
from compute.virt import hardware
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.live_servers import token
from tests.functional.scheduling import assert_no_valid_host
from tests.functional.scheduling import boot_settled
from tests.functional.scheduling import flavor_maker  # noqa: F401
from tests.functional.scheduling import options  # noqa: F401

DEFAULT_FILTERS = ['ComputeFilter', 'ComputeCapabilitiesFilter',
                   'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter',
                   'ServerGroupAffinityFilter']
NIC_ALIAS = json.dumps({'name': 'nic', 'vendor_id': '8086',
                        'product_id': '154d', 'device_type': 'type-PCI'})


def _nics(count, product='154d'):
    return [{'address': '0000:81:00.%d' % i, 'vendor_id': '8086',
             'product_id': product, 'dev_type': 'type-PCI', 'numa_node': 0}
            for i in range(count)]


@pytest.fixture
def hosts_hardware(stack):
    """hosts_hardware(host, numa_cells=, pci_devices=, metrics=): give a
    fake host hardware and report it; undone after the test."""
    touched = set()

    def configure(host, numa_cells=None, pci_devices=None, metrics=None):
        driver = stack.driver(host)
        driver.hardware.configure(numa_cells, pci_devices)
        if metrics is not None:
            driver.metrics = dict(metrics)
        touched.add(host)
        stack.agent(host).update_available_resource()
    yield configure
    for host in touched:
        driver = stack.driver(host)
        driver.hardware.configure([], [])
        driver.metrics = {}
        stack.agent(host).update_available_resource()


@pytest.fixture
def enabled(options):  # noqa: F811
    """enabled(*filters): run these filters after the default ones."""
    def enable(*names):
        options('enabled_filters', DEFAULT_FILTERS + list(names),
                'filter_scheduler')
    return enable


def _node(host):
    (node,) = compute_nodes.list_nodes(host=host)
    return node


def _boot(api, tok, flavor_id):
    return boot_settled(api, tok, flavorRef=flavor_id)


def _host(server):
    return server['OS-EXT-SRV-ATTR:host']


# -- NUMA ---------------------------------------------------------------------

def test_dedicated_cpus_pinned_on_numa_host(api, hosts_hardware, flavor,
                                            enabled):
    enabled('NUMATopologyFilter')
    # Cell 0: shared CPUs 0-1, dedicated 2-3; cell 1: shared 4-5,
    # dedicated 6-7.
    cell = {'cpus': 2, 'pcpus': 2, 'memory_mb': 16384}
    hosts_hardware('compute1', numa_cells=[cell, cell])
    node = _node('compute1')
    assert (node.vcpus, node.memory_mb) == (8, 32768)
    pinned = flavor(vcpus=2, **{'hw:cpu_policy': 'dedicated'})
    tok = token(admin=True)
    first, second = _boot(api, tok, pinned), _boot(api, tok, pinned)
    assert [s['status'] for s in (first, second)] == ['ACTIVE', 'ACTIVE']
    assert {_host(first), _host(second)} == {'compute1'}
    cells = hardware.topology_from_json(_node('compute1').numa_topology)
    assert [sorted(c.pinned_cpus) for c in cells] == [[2, 3], [6, 7]]
    # Every dedicated CPU is taken: a third fits nowhere.
    assert_no_valid_host(_boot(api, tok, pinned))


def test_numa_nodes_split_the_guest(api, hosts_hardware, flavor, enabled):
    enabled('NUMATopologyFilter')
    cell = {'cpus': 2, 'memory_mb': 16384}
    hosts_hardware('compute2', numa_cells=[cell, cell])
    tok = token(admin=True)
    # 4 vCPUs on one node: no cell has 4 CPUs.
    assert_no_valid_host(_boot(api, tok, flavor(
        vcpus=4, ram=1024, **{'hw:numa_nodes': '1'})))
    server = _boot(api, tok, flavor(vcpus=4, ram=1024,
                                    **{'hw:numa_nodes': '2'}))
    assert server['status'] == 'ACTIVE'
    assert _host(server) == 'compute2'
    cells = hardware.topology_from_json(_node('compute2').numa_topology)
    assert [(c.cpu_usage, c.memory_usage) for c in cells] == [(2, 512)] * 2


def test_huge_pages(api, hosts_hardware, flavor, enabled):
    enabled('NUMATopologyFilter')
    # 256 pages of 2 MiB: room for one 512 MiB guest.
    hosts_hardware('compute3', numa_cells=[
        {'cpus': 4, 'memory_mb': 32768, 'hugepages': {'2048': 256}}])
    large = flavor(**{'hw:mem_page_size': 'large'})
    tok = token(admin=True)
    server = _boot(api, tok, large)
    assert (server['status'], _host(server)) == ('ACTIVE', 'compute3')
    (cell,) = hardware.topology_from_json(_node('compute3').numa_topology)
    assert cell.mempages[2048] == [256, 256]
    assert_no_valid_host(_boot(api, tok, large))
    # A guest without a page size still fits in the small pages.
    small = _boot(api, tok, flavor(**{'hw:numa_nodes': '1'}))
    assert (small['status'], _host(small)) == ('ACTIVE', 'compute3')


def test_agent_claim_reschedules_without_the_filter(api, hosts_hardware,
                                                    flavor):
    """NUMATopologyFilter is off: the scheduler may pick a host without
    NUMA cells, whose claim refuses the guest; the retry finds the host
    that fits."""
    hosts_hardware('compute2', numa_cells=[{'cpus': 1, 'pcpus': 1,
                                            'memory_mb': 32768}])
    tok = token(admin=True)
    server = _boot(api, tok, flavor(**{'hw:cpu_policy': 'dedicated'}))
    assert (server['status'], _host(server)) == ('ACTIVE', 'compute2')
    # Both other hosts were tried first (they weigh more: more free RAM
    # and vCPUs) and refused the guest.
    path = '/servers/%s/os-instance-actions' % server['id']
    (action,) = api.get(path, token=tok,
                        version='2.90').json()['instanceActions']
    events = api.get('%s/%s' % (path, action['request_id']), token=tok,
                     version='2.90').json()['instanceAction']['events']
    refused = {event['host']: event['details'] for event in events
               if event['result'] == 'Error'}
    assert refused == {host: 'The guest NUMA topology does not fit the '
                       'host NUMA cells on %s' % host
                       for host in ('compute1', 'compute3')}


# -- PCI ----------------------------------------------------------------------

def test_pci_alias_lands_where_devices_are_free(api, hosts_hardware, flavor,
                                                enabled, options):  # noqa: F811
    enabled('PciPassthroughFilter')
    options('alias', [NIC_ALIAS], 'pci')
    hosts_hardware('compute2', pci_devices=_nics(2))
    hosts_hardware('compute3', pci_devices=_nics(4, product='10fb'))
    assert pci_stats.pools_from_json(_node('compute2').pci_stats) == [{
        'vendor_id': '8086', 'product_id': '154d', 'dev_type': 'type-PCI',
        'numa_node': 0, 'count': 2}]
    tok = token(admin=True)
    assert_no_valid_host(_boot(api, tok, flavor(
        **{'pci_passthrough:alias': 'nic:3'})))
    one_nic = flavor(**{'pci_passthrough:alias': 'nic:1'})
    servers = [_boot(api, tok, one_nic) for _ in range(2)]
    assert [(s['status'], _host(s)) for s in servers] == [
        ('ACTIVE', 'compute2')] * 2
    assert pci_stats.free_devices(pci_stats.pools_from_json(
        _node('compute2').pci_stats)) == 0
    # Both devices are held by servers on the host.
    assert_no_valid_host(_boot(api, tok, one_nic))


def test_unknown_alias_fits_nowhere(api, hosts_hardware, flavor, enabled,
                                    options):  # noqa: F811
    enabled('PciPassthroughFilter')
    options('alias', [NIC_ALIAS], 'pci')
    hosts_hardware('compute1', pci_devices=_nics(2))
    assert_no_valid_host(_boot(api, token(admin=True), flavor(
        **{'pci_passthrough:alias': 'gpu:1'})))


def test_pci_weigher_keeps_device_hosts_free(api, hosts_hardware, options):  # noqa: F811
    options('weight_classes', ['PCIWeigher'], 'filter_scheduler')
    hosts_hardware('compute1', pci_devices=_nics(4))
    hosts_hardware('compute3', pci_devices=_nics(1))
    server = boot_settled(api, token(admin=True))
    assert (server['status'], _host(server)) == ('ACTIVE', 'compute2')


# -- Metrics ------------------------------------------------------------------

def test_metrics_weigher_orders_hosts(api, hosts_hardware, options):  # noqa: F811
    options('weight_classes', ['MetricsWeigher'], 'filter_scheduler')
    options('weight_setting', ['cpu.percent=-1'], 'metrics')
    for host, load in (('compute1', 80), ('compute2', 50), ('compute3', 5)):
        hosts_hardware(host, metrics={'cpu.percent': load})
    tok = token(admin=True)
    server = boot_settled(api, tok)
    assert (server['status'], _host(server)) == ('ACTIVE', 'compute3')
    # A positive ratio prefers the busiest.
    options('weight_setting', ['cpu.percent=1'], 'metrics')
    server = boot_settled(api, tok)
    assert (server['status'], _host(server)) == ('ACTIVE', 'compute1')


def test_metrics_filter_needs_the_metric(api, hosts_hardware, options,  # noqa: F811
                                         enabled):
    enabled('MetricsFilter')
    options('weight_setting', ['gpu.temp=-1'], 'metrics')
    hosts_hardware('compute2', metrics={'gpu.temp': 60})
    server = boot_settled(api, token(admin=True))
    assert (server['status'], _host(server)) == ('ACTIVE', 'compute2')


# -- Image properties ---------------------------------------------------------

@pytest.fixture
def image(stack):
    """image(**properties): an active public image's id, deleted after
    the test."""
    url = stack.url + '/image/v2/images'
    headers = {'X-Auth-Token': 'admin:admin'}
    made = []

    def make(**properties):
        resp = requests.post(url, headers=headers, timeout=30, json=dict(
            name='np-' + uuid.uuid4().hex[:8], disk_format='raw',
            container_format='bare', visibility='public', **properties))
        assert resp.status_code == 201, resp.text
        made.append(resp.json()['id'])
        resp = requests.put(
            '%s/%s/file' % (url, made[-1]), data=b'\0' * 4096, timeout=30,
            headers=dict(headers,
                         **{'Content-Type': 'application/octet-stream'}))
        assert resp.status_code == 204, resp.text
        return made[-1]
    yield make
    for image_id in made:
        requests.delete('%s/%s' % (url, image_id), headers=headers,
                        timeout=30)


def test_image_properties_weigher_gathers_alike(api, image, options):  # noqa: F811
    options('weight_classes', ['ImagePropertiesWeigher', 'RAMWeigher'],
            'filter_scheduler')
    ubuntu = image(os_distro='ubuntu', hw_machine_type='q35')
    tok = token(admin=True)
    first = boot_settled(api, tok, version='2.74', host='compute3',
                         imageRef=ubuntu)
    assert (first['status'], _host(first)) == ('ACTIVE', 'compute3')
    # Off by default: free RAM sends the next one elsewhere.
    second = boot_settled(api, tok, imageRef=ubuntu)
    assert _host(second) != 'compute3'
    # The same again from an image without properties (so that only
    # compute3 runs an ubuntu / q35 server).
    api.delete('/servers/' + second['id'], token=tok)
    live_servers.wait(api, second['id'], tok, {'DELETED'})
    second = boot_settled(api, tok)
    assert _host(second) != 'compute3'
    # On, with weight 2 against RAM's 1: back with its own kind.
    options('image_props_weight_multiplier', 2.0, 'filter_scheduler')
    third = boot_settled(api, tok, imageRef=ubuntu)
    assert (third['status'], _host(third)) == ('ACTIVE', 'compute3')
    # Only the machine type counts now: an image sharing just the distro
    # weighs nothing, and free RAM decides again.
    options('image_props_weight_setting', ['hw_machine_type=1'],
            'filter_scheduler')
    fourth = boot_settled(api, tok, imageRef=image(os_distro='ubuntu'))
    assert fourth['status'] == 'ACTIVE'
    assert _host(fourth) not in {'compute3', _host(second)}
