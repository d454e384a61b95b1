"""The fake driver's NUMA cells, PCI devices and metrics: what guests
claim when they are created (and free when destroyed), builds refused
when they do not fit, and what the host reports (through the resource
tracker: PCI devices as pools)."""

import json
import types
import uuid

import pytest

from compute.agent import resource_tracker
from compute import conf as compute_conf
from compute.pci import stats as pci_stats
from compute.virt import driver as virt_driver
from compute.virt.fake import driver as fake_driver
from compute.virt import hardware

CONF = compute_conf.CONF
NIC_ALIAS = json.dumps({'name': 'nic', 'vendor_id': '8086',
                        'product_id': '154d'})


@pytest.fixture
def pci_alias():
    CONF.set_override('alias', [NIC_ALIAS], group='pci')
    yield
    CONF.clear_override('alias', group='pci')


def _instance(vcpus=2, memory_mb=1024, **extra_specs):
    flavor = {'name': 'f', 'vcpus': vcpus, 'memory_mb': memory_mb,
              'root_gb': 1, 'extra_specs': extra_specs}
    return types.SimpleNamespace(
        uuid=str(uuid.uuid4()), hostname='vm', vcpus=vcpus,
        memory_mb=memory_mb, root_gb=1, flavor=flavor,
        system_metadata={'image_hw_mem_page_size': 'large'})


def _driver(numa_cells=(), pci_devices=()):
    drv = fake_driver.FakeDriver('host1')
    drv.hardware.configure(list(numa_cells), list(pci_devices))
    return drv


def _cells(drv):
    return hardware.topology_from_json(
        drv.get_available_resource('host1')['numa_topology'])


def _spawn(drv, instance, image=None):
    drv.spawn(instance, image or {'name': 'img', 'properties': {}}, [], None)


def test_no_hardware_reported_by_default():
    res = _driver().get_available_resource('host1')
    assert res['numa_topology'] is None
    assert json.loads(res['pci_passthrough_devices']) == []
    assert json.loads(res['metrics']) == []
    assert (res['vcpus'], res['memory_mb']) == (CONF.fake_driver.vcpus,
                                                CONF.fake_driver.memory_mb)


def test_cells_from_options():
    CONF.set_override('numa_cells', json.dumps([
        {'cpus': 2, 'pcpus': 1, 'memory_mb': 1024,
         'hugepages': {'2048': 8}}]), group='fake_driver')
    try:
        res = fake_driver.FakeDriver('host1').get_available_resource(
            'host1')
    finally:
        CONF.clear_override('numa_cells', group='fake_driver')
    (cell,) = hardware.topology_from_json(res['numa_topology'])
    assert (cell.cpuset, cell.pcpuset, cell.mempages) == (
        [0, 1], [2], {4: [(1024 - 16) * 256, 0], 2048: [8, 0]})
    assert (res['vcpus'], res['memory_mb']) == (3, 1024)


def test_spawn_pins_and_destroy_frees():
    drv = _driver([{'cpus': 1, 'pcpus': 2, 'memory_mb': 4096}])
    pinned = _instance(**{'hw:cpu_policy': 'dedicated'})
    _spawn(drv, pinned)
    (cell,) = _cells(drv)
    assert cell.pinned_cpus == {1, 2}
    assert cell.memory_usage == 1024
    with pytest.raises(virt_driver.BuildFailed, match='NUMA'):
        _spawn(drv, _instance(**{'hw:cpu_policy': 'dedicated'}))
    drv.destroy(pinned)
    assert _cells(drv)[0].pinned_cpus == set()


def test_guest_without_numa_request_claims_nothing():
    drv = _driver([{'cpus': 1, 'memory_mb': 512}])
    _spawn(drv, _instance(vcpus=8, memory_mb=4096))
    assert _cells(drv)[0].cpu_usage == 0


def test_resize_claims_the_new_flavor_and_keeps_the_source():
    drv = _driver([{'cpus': 4, 'memory_mb': 4096,
                    'hugepages': {'2048': 512}}])
    inst = _instance(memory_mb=512, **{'hw:mem_page_size': 'large'})
    _spawn(drv, inst)
    drv.migrate_disk_and_power_off(inst, 'host1', dict(inst.flavor,
                                                       root_gb=1))
    smaller = dict(inst.flavor, memory_mb=256)
    drv.finish_migration(inst, smaller, [], True)
    # Source and destination claims (same host) until confirmed.
    assert _cells(drv)[0].mempages[2048] == [512, 256 + 128]
    drv.confirm_migration(inst)
    assert _cells(drv)[0].mempages[2048] == [512, 128]
    # The image property asks for huge pages: 2 GiB of them do not fit.
    too_big = dict(inst.flavor, memory_mb=2048)
    with pytest.raises(RuntimeError, match='Resize error'):
        drv.finish_migration(_instance(), too_big, [], True)


def test_pci_devices_claimed_and_reported_as_pools(pci_alias):
    devices = [{'address': '0000:81:00.%d' % i, 'vendor_id': '8086',
                'product_id': '154d', 'dev_type': 'type-PCI',
                'numa_node': 0} for i in range(2)]
    drv = _driver(pci_devices=devices)
    inst = _instance(**{'pci_passthrough:alias': 'nic:1'})
    _spawn(drv, inst)
    with pytest.raises(virt_driver.BuildFailed, match='alias nic'):
        _spawn(drv, _instance(**{'pci_passthrough:alias': 'nic:2'}))
    reported = json.loads(drv.get_available_resource('host1')[
        'pci_passthrough_devices'])
    assert [d['instance_uuid'] for d in reported] == [inst.uuid, None]
    node = resource_tracker.ResourceTracker('host1', drv)._node('host1')
    assert pci_stats.pools_from_json(node.pci_stats) == [{
        'vendor_id': '8086', 'product_id': '154d', 'dev_type': 'type-PCI',
        'numa_node': 0, 'count': 1}]
    assert node.numa_topology is None


def test_metrics_reported():
    drv = _driver()
    drv.metrics = {'cpu.percent': 12.5}
    node = resource_tracker.ResourceTracker('host1', drv)._node('host1')
    (metric,) = json.loads(node.metrics)
    assert (metric['name'], metric['value'], metric['source']) == (
        'cpu.percent', 12.5, 'fake')
