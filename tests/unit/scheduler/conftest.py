"""Fixtures of the scheduler unit tests: host states built from plain
node, service and aggregate records, and option overrides."""

import datetime
import uuid

from oslo_utils import timeutils
import pytest

from compute import conf as compute_conf
from compute.db import aggregates as aggregates_db
from compute.objects import compute_node
from compute.objects import request_spec
from compute.objects import service as service_obj
from compute.scheduler import host_manager

CONF = compute_conf.CONF

FLAVOR = {'flavorid': '1', 'name': 'm1.small', 'vcpus': 2,
          'memory_mb': 2048, 'root_gb': 20, 'ephemeral_gb': 0, 'swap': 0,
          'extra_specs': {}}


@pytest.fixture
def conf():
    """Set options for one test: conf('name', value, group)."""
    overridden = []

    def override(name, value, group='filter_scheduler'):
        CONF.set_override(name, value, group=group)
        overridden.append((name, group))
    yield override
    for name, group in overridden:
        CONF.clear_override(name, group=group)


def make_aggregate(hosts, metadata, name=None):
    return aggregates_db.Aggregate(
        id=1, uuid=str(uuid.uuid4()), name=name or str(uuid.uuid4()),
        hosts=tuple(hosts), metadata=dict(metadata), created_at=None,
        updated_at=None)


def allocation_request(rp_uuid, vcpus=1, memory_mb=512, disk_gb=1):
    return {'allocations': {rp_uuid: {'resources': {
        'VCPU': vcpus, 'MEMORY_MB': memory_mb, 'DISK_GB': disk_gb}}}}


def make_host(name='host1', vcpus=16, memory_mb=32768, disk_gb=1024,
              used=(0, 0, 0), aggregates=(), disabled=False, up=True,
              **node_fields):
    """A host state whose node has one provider with VCPU (ratio 4),
    MEMORY_MB and DISK_GB, ``used`` of each taken, and one allocation
    request for the default spec's flavor."""
    node_uuid = str(uuid.uuid4())
    node = compute_node.ComputeNode(
        uuid=node_uuid, host=name, hypervisor_hostname=name, vcpus=vcpus,
        memory_mb=memory_mb, local_gb=disk_gb, host_ip='10.0.0.5',
        cpu_info='{"arch": "x86_64", "maxphysaddr": {"bits": 42}}',
        **node_fields)
    seen = timeutils.utcnow(with_timezone=False)
    if not up:
        seen -= datetime.timedelta(hours=1)
    service = service_obj.Service(
        id=1, uuid=str(uuid.uuid4()), host=name, binary='nova-compute',
        topic='compute', disabled=disabled, last_seen_up=seen)
    usage = {node_uuid: {'VCPU': [vcpus * 4, used[0]],
                         'MEMORY_MB': [memory_mb, used[1]],
                         'DISK_GB': [disk_gb, used[2]]}}
    return host_manager.HostState(
        node, service, list(aggregates), usage,
        [allocation_request(node_uuid, FLAVOR['vcpus'], FLAVOR['memory_mb'],
                            FLAVOR['root_gb'])])


def make_spec(**fields):
    values = {'instance_uuid': str(uuid.uuid4()), 'project_id': 'p1',
              'user_id': 'u1', 'flavor': dict(FLAVOR)}
    values.update(fields)
    return request_spec.RequestSpec(**values)
