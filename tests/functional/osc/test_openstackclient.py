"""End to end: ``compute-all`` started as README says, driven by the
unmodified python-openstackclient through the generated clouds.yaml."""

import os
import uuid

import pytest

from tests.functional.osc.cli import demo
from tests.functional.osc.cli import demo_json
from tests.functional.osc.cli import osc
from tests.functional.osc.cli import osc_json


def test_clouds_yaml_names_both_clouds(cloud):
    text = (cloud['state'] / 'clouds.yaml').read_text()
    assert 'compute-all:' in text and 'compute-all-demo:' in text
    assert cloud['url'] + '/identity/v3' in text
    assert cloud['url'] + '/placement' in text


def test_flavors(cloud):
    names = {f['Name'] for f in osc_json(cloud, 'flavor', 'list')}
    assert {'m1.tiny', 'm1.small', 'm1.medium', 'm1.large', 'm1.xlarge',
            'm1.nano', 'm1.micro'} <= names
    shown = osc_json(cloud, 'flavor', 'show', 'm1.tiny')
    assert shown['ram'] == 512 and shown['vcpus'] == 1
    name = 'e2e-' + uuid.uuid4().hex[:8]
    osc(cloud, 'flavor', 'create', '--ram', '256', '--disk', '1', '--vcpus',
        '1', '--private', '--property', 'hw:cpu_policy=dedicated', name)
    osc(cloud, 'flavor', 'set', '--property', 'quota:cpu_shares=512',
        '--project', 'demo', name)
    shown = osc_json(cloud, 'flavor', 'show', name)
    assert shown['properties'] == {'hw:cpu_policy': 'dedicated',
                                   'quota:cpu_shares': '512'}
    assert shown['os-flavor-access:is_public'] is False
    demo = {f['Name'] for f in osc_json(cloud, 'flavor', 'list', '--all',
                                         name='compute-all-demo')}
    assert name in demo
    osc(cloud, 'flavor', 'delete', name)
    result = osc(cloud, 'flavor', 'show', name, check=False)
    assert result.returncode != 0


def test_keypairs(cloud, tmp_path):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives import serialization
    name = 'k-' + uuid.uuid4().hex[:8]
    public = rsa.generate_private_key(65537, 2048).public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    key_file = tmp_path / 'id.pub'
    key_file.write_bytes(public)
    osc(cloud, 'keypair', 'create', '--public-key', str(key_file), name,
        name='compute-all-demo')
    listed = {k['Name'] for k in osc_json(cloud, 'keypair', 'list',
                                          name='compute-all-demo')}
    assert name in listed
    shown = osc_json(cloud, 'keypair', 'show', name, name='compute-all-demo')
    assert shown['name'] == name and shown['fingerprint']
    # Another user does not see it.
    assert name not in {k['Name'] for k in osc_json(cloud, 'keypair', 'list')}
    osc(cloud, 'keypair', 'delete', name, name='compute-all-demo')
    assert name not in {k['Name'] for k in osc_json(
        cloud, 'keypair', 'list', name='compute-all-demo')}


def test_limits(cloud):
    limits = osc_json(cloud, 'limits', 'show', '--absolute',
                      name='compute-all-demo')
    names = {row['Name'] for row in limits}
    assert {'max_total_instances', 'max_total_cores', 'total_cores_used'} <= names


def test_services_and_hypervisors(cloud):
    services = osc_json(cloud, 'compute', 'service', 'list')
    by_binary = {}
    for svc in services:
        by_binary.setdefault(svc['Binary'], []).append(svc)
    assert {'nova-conductor', 'nova-scheduler', 'nova-compute'} <= \
        set(by_binary)
    assert sorted(s['Host'] for s in by_binary['nova-compute']) == \
        ['compute1', 'compute2']
    assert all(s['State'] == 'up' for s in services)
    osc(cloud, 'compute', 'service', 'set', '--disable', '--disable-reason',
        'maintenance', 'compute2', 'nova-compute')
    compute2 = [s for s in osc_json(cloud, 'compute', 'service', 'list',
                                    '--host', 'compute2')][0]
    assert compute2['Status'] == 'disabled'
    osc(cloud, 'compute', 'service', 'set', '--enable', 'compute2',
        'nova-compute')
    hypervisors = osc_json(cloud, 'hypervisor', 'list')
    assert sorted(h['Hypervisor Hostname'] for h in hypervisors) == \
        ['compute1', 'compute2']
    shown = osc_json(cloud, 'hypervisor', 'show', 'compute1')
    assert shown['hypervisor_hostname'] == 'compute1'


def test_availability_zones(cloud):
    zones = osc_json(cloud, 'availability', 'zone', 'list', '--compute')
    assert {z['Zone Name'] for z in zones} >= {'nova'}


def test_quotas(cloud):
    quota = osc_json(cloud, 'quota', 'show', '--compute', '--default')
    assert quota


def test_placement_through_osc_placement(cloud):
    providers = osc_json(cloud, 'resource', 'provider', 'list')
    assert sorted(p['name'] for p in providers) == ['compute1', 'compute2']
    inventory = osc_json(cloud, 'resource', 'provider', 'inventory', 'list',
                         providers[0]['uuid'])
    assert {row['resource_class'] for row in inventory} == {
        'VCPU', 'MEMORY_MB', 'DISK_GB'}


# -- Images and servers, as the demo user -----------------------------------

@pytest.fixture(scope='module')
def e2e_keypair(cloud):
    name = 'e2e-' + uuid.uuid4().hex[:8]
    demo(cloud, 'keypair', 'create', '--private-key', os.devnull, name)
    yield name
    demo(cloud, 'keypair', 'delete', name, check=False)


def _delete_servers(cloud, *names):
    """``server delete --wait`` of the demo user's ``names``: the result, to
    check once the test's own checks are done (it runs in their finally)."""
    return demo(cloud, 'server', 'delete', '--wait', *names, check=False)


def test_image_create_and_list(cloud, e2e_image):
    assert e2e_image['status'] == 'active'
    assert e2e_image['disk_format'] == 'raw'
    images = {i['Name']: i for i in demo_json(cloud, 'image', 'list')}
    assert images['e2e-img']['Status'] == 'active'
    assert images['e2e-img']['ID'] == e2e_image['id']


def test_server_create_show_delete(cloud, e2e_image, e2e_keypair):
    try:
        created = demo_json(cloud, 'server', 'create', '--flavor', 'm1.tiny',
                            '--image', 'e2e-img', '--network', 'private',
                            '--key-name', e2e_keypair, '--wait', 'vm1')
        assert created['status'] == 'ACTIVE'
        listed = demo_json(cloud, 'server', 'list')
        assert [(s['Name'], s['Status']) for s in listed] == [
            ('vm1', 'ACTIVE')]
        assert listed[0]['Image'] == 'e2e-img'
        assert listed[0]['Flavor'] == 'm1.tiny'
        shown = demo_json(cloud, 'server', 'show', 'vm1')
        assert shown['status'] == 'ACTIVE'
        assert shown['key_name'] == e2e_keypair
        assert list(shown['addresses']) == ['private']
        assert shown['addresses']['private']
    finally:
        deleted = _delete_servers(cloud, 'vm1')
    assert deleted.returncode == 0, deleted.stderr
    assert demo_json(cloud, 'server', 'list') == []


def test_server_without_network(cloud, e2e_image):
    try:
        created = demo_json(cloud, 'server', 'create', '--flavor', 'm1.tiny',
                            '--image', 'e2e-img', '--no-network', '--wait',
                            'vm-no-net')
        assert created['status'] == 'ACTIVE'
        assert created['addresses'] == {}
    finally:
        deleted = _delete_servers(cloud, 'vm-no-net')
    assert deleted.returncode == 0, deleted.stderr


def test_server_create_min_max(cloud, e2e_image):
    names = ('vm-multi-1', 'vm-multi-2')
    try:
        demo(cloud, 'server', 'create', '--flavor', 'm1.tiny', '--image',
             'e2e-img', '--network', 'private', '--min', '2', '--max', '2',
             '--wait', 'vm-multi')
        listed = demo_json(cloud, 'server', 'list', '--name', 'vm-multi')
        assert sorted(s['Name'] for s in listed) == list(names)
    finally:
        deleted = _delete_servers(cloud, *names)
    assert deleted.returncode == 0, deleted.stderr
    assert demo_json(cloud, 'server', 'list') == []
