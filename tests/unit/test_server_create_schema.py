"""The POST /servers body schemas at their microversion boundaries, and
``normalise``."""

import copy

import pytest

from compute.api import microversion as mv
from compute.api.schemas import server_create as sc
from compute.api import validation
from compute import exception

IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b'
NET = '3cb9bc59-5699-4588-a4b1-b87f96708bc6'
PORT = 'ce531f90-199f-48c0-816c-13e38010b442'
VOLUME = 'a8e2b6f3-3b8c-4cd5-9f57-4d83f3e6f1e5'
SERVER = '48e6a9f6-30af-47e0-bc04-acaed113bb4e'
USER_DATA = 'IyEvYmluL2Jhc2gKL2Jpbi9zdQplY2hvICJJIGFtIGluIHlvdSEiCg=='

# The 2.1 request sample (personality contents wrapped with blanks).
SAMPLE_V21 = {
    'server': {
        'accessIPv4': '1.2.3.4',
        'accessIPv6': '80fe::',
        'name': 'new-server-test',
        'imageRef': IMAGE,
        'flavorRef': '1',
        'availability_zone': 'us-west',
        'OS-DCF:diskConfig': 'AUTO',
        'metadata': {'My Server Name': 'Apache1'},
        'personality': [{'path': '/etc/banner.txt',
                         'contents': 'ICAgICAgDQoiQSBjbG91ZCBk b2Vz'}],
        'security_groups': [{'name': 'default'}],
        'user_data': USER_DATA,
    },
    'OS-SCH-HNT:scheduler_hints': {'same_host': SERVER},
}

# The 2.42 request sample: boot from a volume made of an image, tags.
SAMPLE_V242 = {
    'server': {
        'name': 'device-tagging-server',
        'flavorRef': 'http://openstack.example.com/flavors/1',
        'networks': [{'uuid': NET, 'tag': 'nic1'}],
        'block_device_mapping_v2': [{
            'uuid': IMAGE, 'source_type': 'image',
            'destination_type': 'volume', 'boot_index': 0,
            'volume_size': '1', 'tag': 'disk1'}],
    },
}


def _body(networks=({'uuid': NET},), **server):
    """A minimal body valid at every version; ``networks=None`` leaves
    networks out."""
    body = {'server': {'name': 'vm', 'imageRef': IMAGE, 'flavorRef': '1'}}
    if networks is not None:
        body['server']['networks'] = (
            networks if isinstance(networks, str) else list(networks))
    body['server'].update(server)
    return body


def _validate(body, version):
    validation.validate(sc.create_body.for_version(mv.v(version)), body)


def _invalid(body, version):
    with pytest.raises(exception.ValidationError) as err:
        _validate(body, version)
    return err.value.message


# --- Windows --------------------------------------------------------------

@pytest.mark.parametrize('version, schema', [
    ('2.1', sc.create_v21), ('2.18', sc.create_v21),
    ('2.19', sc.create_v219), ('2.31', sc.create_v219),
    ('2.32', sc.create_v232),
    ('2.33', sc.create_v233), ('2.36', sc.create_v233),
    ('2.37', sc.create_v237), ('2.41', sc.create_v237),
    ('2.42', sc.create_v242), ('2.51', sc.create_v242),
    ('2.52', sc.create_v252), ('2.56', sc.create_v252),
    ('2.57', sc.create_v257), ('2.62', sc.create_v257),
    ('2.63', sc.create_v263), ('2.66', sc.create_v263),
    ('2.67', sc.create_v267), ('2.73', sc.create_v267),
    ('2.74', sc.create_v274), ('2.89', sc.create_v274),
    ('2.90', sc.create_v290), ('2.93', sc.create_v290),
    ('2.94', sc.create_v294), ('2.104', sc.create_v294),
])
def test_window(version, schema):
    assert sc.create_body.for_version(mv.v(version)) is schema


# --- Samples and the top level --------------------------------------------

def test_sample_v21_valid_until_personality_goes():
    _validate(SAMPLE_V21, '2.1')
    body = copy.deepcopy(SAMPLE_V21)
    body['server']['networks'] = 'auto'
    _validate(body, '2.56')
    assert ("Additional properties are not allowed ('personality' was "
            "unexpected)") in _invalid(body, '2.57')
    del body['server']['personality']
    _validate(body, '2.57')
    _validate(body, '2.104')


def test_sample_v242():
    _validate(SAMPLE_V242, '2.42')
    _validate(SAMPLE_V242, '2.104')


def test_multiple_create_sample():
    body = _body(networks=None, min_count='2', max_count='3',
                 return_reservation_id='True')
    _validate(body, '2.1')


def test_unknown_keys_refused():
    assert "('foo' was unexpected)" in _invalid(_body(foo=1), '2.104')
    body = _body()
    body['extra'] = {}
    assert "('extra' was unexpected)" in _invalid(body, '2.104')


def test_server_required():
    assert _invalid({}, '2.1') == "'server' is a required property"
    assert _invalid({'server': {'name': 'vm'}}, '2.1').endswith(
        "'flavorRef' is a required property")


# --- Fields of every version ----------------------------------------------

@pytest.mark.parametrize('name', ['', ' vm', 'vm ', 'x' * 256, 'a\x01b'])
def test_bad_names(name):
    _invalid(_body(name=name), '2.1')


def test_names():
    _validate(_body(name='x' * 255), '2.1')
    _validate(_body(name='my server'), '2.1')


def test_image_ref():
    _validate(_body(imageRef=''), '2.1')
    _invalid(_body(imageRef='not-a-uuid'), '2.1')
    _invalid(_body(imageRef='http://glance/images/%s' % IMAGE), '2.1')


def test_flavor_ref():
    _validate(_body(flavorRef=1), '2.1')
    _validate(_body(flavorRef='http://x/flavors/1'), '2.1')
    _invalid(_body(flavorRef=''), '2.1')
    _invalid(_body(flavorRef=None), '2.1')


# As in Nova, the minimum applies to integers only: '0' gets through.
@pytest.mark.parametrize('value, ok', [
    (1, True), ('2', True), ('0', True), (0, False), ('x', False),
    ('', False), (-1, False), ('-1', False), (1.5, False)])
def test_counts(value, ok):
    for key in ('min_count', 'max_count'):
        body = _body(**{key: value})
        if ok:
            _validate(body, '2.1')
        else:
            _invalid(body, '2.1')


@pytest.mark.parametrize('value, ok', [
    (True, True), ('true', True), ('No', True), ('1', True),
    ('maybe', False), (1, False), (None, False)])
def test_booleans(value, ok):
    for key in ('config_drive', 'return_reservation_id'):
        body = _body(**{key: value})
        if ok:
            _validate(body, '2.1')
        else:
            _invalid(body, '2.1')


def test_user_data():
    _validate(_body(user_data=USER_DATA), '2.1')
    # Python's decoder skips blanks and new lines.
    _validate(_body(user_data='IyEv\nYmlu'), '2.1')
    _invalid(_body(user_data='A' * 65536), '2.1')
    _invalid(_body(user_data=None), '2.1')


def test_user_data_must_be_base64():
    assert "is not a 'base64'" in _invalid(_body(user_data='abc'), '2.1')
    _invalid(_body(user_data='not base64!'), '2.1')


def test_access_ips():
    _validate(_body(accessIPv4='10.0.0.1', accessIPv6='fe80::1'), '2.1')
    _invalid(_body(accessIPv4='fe80::1'), '2.1')
    _invalid(_body(accessIPv4='10.0.0'), '2.1')
    _invalid(_body(accessIPv6='10.0.0.1'), '2.1')
    _invalid(_body(accessIPv4=''), '2.1')


def test_disk_config():
    _validate(_body(**{'OS-DCF:diskConfig': 'MANUAL'}), '2.1')
    _invalid(_body(**{'OS-DCF:diskConfig': 'auto'}), '2.1')


def test_admin_pass_zone_and_key_name():
    _validate(_body(adminPass='', availability_zone='nova:host1:node1',
                    key_name='key 1'), '2.1')
    _invalid(_body(adminPass=1), '2.1')
    _invalid(_body(availability_zone=' nova'), '2.1')
    _invalid(_body(key_name=''), '2.1')


def test_metadata():
    _validate(_body(metadata={'k' * 255: 'v' * 255, 'a b:c.d-e_f': ''}),
              '2.1')
    _invalid(_body(metadata={'k' * 256: 'v'}), '2.1')
    _invalid(_body(metadata={'k': 'v' * 256}), '2.1')
    _invalid(_body(metadata={'k': 1}), '2.1')
    _invalid(_body(metadata={'k/x': 'v'}), '2.1')
    _invalid(_body(metadata={'': 'v'}), '2.1')


def test_security_groups():
    _validate(_body(security_groups=[{'name': 'default'}, {}]), '2.1')
    _invalid(_body(security_groups=[{'id': 'x'}]), '2.1')
    _invalid(_body(security_groups=['default']), '2.1')


def test_personality():
    _validate(_body(personality=[]), '2.1')
    _invalid(_body(personality=[{'path': '/a', 'contents': 'YQ==',
                                 'mode': 1}]), '2.1')


# --- Scheduler hints ------------------------------------------------------

@pytest.mark.parametrize('key', ['os:scheduler_hints',
                                 'OS-SCH-HNT:scheduler_hints'])
def test_hints(key):
    hints = {'group': SERVER, 'different_host': [SERVER],
             'same_host': SERVER, 'query': '["=", "$vcpus", 1]',
             'target_cell': 'cell1', 'different_cell': ['cell2'],
             'build_near_host_ip': '10.0.0.1', 'cidr': '/24',
             'my_own_hint': {'anything': 1}}
    body = _body()
    body[key] = hints
    _validate(body, '2.104')
    for bad in ({'group': 'x'}, {'different_host': 'x'},
                {'different_host': ['x']}, {'same_host': ['x']},
                {'build_near_host_ip': 'x'}, {'cidr': '24'},
                {'query': 1}):
        body[key] = bad
        _invalid(body, '2.104')
    body[key] = []
    _invalid(body, '2.104')


def test_hint_group_may_be_a_list():
    body = _body()
    body['os:scheduler_hints'] = {'group': [SERVER]}
    _validate(body, '2.1')


# --- Networks -------------------------------------------------------------

def test_networks_optional_until_2_37():
    _validate(_body(networks=None), '2.36')
    assert _invalid(_body(networks=None), '2.37').endswith(
        "'networks' is a required property")


def test_auto_and_none_from_2_37():
    for value in ('auto', 'none'):
        _invalid(_body(networks=value), '2.36')
        _validate(_body(networks=value), '2.37')
        _validate(_body(networks=value), '2.104')
    _invalid(_body(networks='some'), '2.37')


def test_network_uuid_is_a_uuid_from_2_37():
    networks = [{'uuid': 'net-1'}]
    _validate(_body(networks=networks), '2.36')
    _invalid(_body(networks=networks), '2.37')
    _validate(_body(networks=[{'uuid': NET}]), '2.37')


def test_network_entries():
    networks = [{'uuid': NET, 'fixed_ip': '10.0.0.5'},
                {'port': PORT}, {'uuid': NET, 'port': None},
                {'uuid': NET, 'fixed_ip': 'fe80::5'}]
    _validate(_body(networks=networks), '2.1')
    _invalid(_body(networks=[{'port': 'x'}]), '2.1')
    _invalid(_body(networks=[{'fixed_ip': 'x', 'uuid': NET}]), '2.1')
    _invalid(_body(networks=[{'network': NET}]), '2.1')


@pytest.mark.parametrize('version, ok', [
    ('2.31', False), ('2.32', True), ('2.36', True), ('2.37', False),
    ('2.41', False), ('2.42', True), ('2.104', True)])
def test_network_tag(version, ok):
    body = _body(networks=[{'uuid': NET, 'tag': 'nic1'}])
    if ok:
        _validate(body, version)
    else:
        _invalid(body, version)


@pytest.mark.parametrize('tag', ['', 'a/b', 'a,b', 'x' * 61])
def test_bad_network_tag(tag):
    _invalid(_body(networks=[{'uuid': NET, 'tag': tag}]), '2.42')


# --- Block device mappings ------------------------------------------------

def _bdm_body(**item):
    entry = {'source_type': 'volume', 'uuid': VOLUME,
             'destination_type': 'volume', 'boot_index': 0}
    entry.update(item)
    return _body(imageRef='', block_device_mapping_v2=[entry])


@pytest.mark.parametrize('version, ok', [
    ('2.31', False), ('2.32', True), ('2.33', False), ('2.41', False),
    ('2.42', True), ('2.104', True)])
def test_bdm_tag(version, ok):
    body = _bdm_body(tag='disk1')
    if ok:
        _validate(body, version)
    else:
        _invalid(body, version)


def test_bdm_volume_type_from_2_67():
    body = _bdm_body(source_type='image', uuid=IMAGE, volume_type='lvm-1')
    _invalid(body, '2.66')
    _validate(body, '2.67')
    _validate(_bdm_body(volume_type=None), '2.67')
    _invalid(_bdm_body(volume_type='x' * 256), '2.67')


def test_bdm_v2_fields():
    _validate(_bdm_body(boot_index='-1', volume_size='10',
                        delete_on_termination='yes', device_name='/dev/vdb',
                        guest_format='ext4', disk_bus='virtio',
                        device_type='disk'), '2.1')
    _validate(_bdm_body(boot_index=None), '2.1')
    for bad in ({'source_type': 'disk'}, {'destination_type': 'remote'},
                {'boot_index': 'first'}, {'volume_size': 0},
                {'volume_size': 'big'}, {'device_name': 'vd a'},
                {'device_name': ''}, {'uuid': 'a b'},
                {'delete_on_termination': 'sure'}, {'unknown': 1}):
        _invalid(_bdm_body(**bad), '2.1')


def test_legacy_bdm():
    entries = [{'volume_id': VOLUME, 'device_name': 'vda',
                'delete_on_termination': '1', 'volume_size': 1},
               {'virtual_name': 'swap', 'device_name': 'vdc'},
               {'device_name': 'vdd', 'no_device': True}]
    _validate(_body(imageRef='', block_device_mapping=entries), '2.104')
    _invalid(_body(block_device_mapping=[{'volume_id': 'x'}]), '2.1')
    _invalid(_body(block_device_mapping=[{'source_type': 'volume'}]), '2.1')


# --- Fields added later ---------------------------------------------------

def test_description_from_2_19():
    _invalid(_body(networks=None, description='d'), '2.18')
    _validate(_body(networks=None, description='d'), '2.19')
    _validate(_body(description=None), '2.104')
    _validate(_body(description='x' * 255), '2.104')
    _invalid(_body(description='x' * 256), '2.104')


def test_server_tags_from_2_52():
    _invalid(_body(tags=['a']), '2.51')
    _validate(_body(tags=['a', 'b c']), '2.52')
    _validate(_body(tags=['t%d' % i for i in range(50)]), '2.52')
    _invalid(_body(tags=['t%d' % i for i in range(51)]), '2.52')
    for tag in ('', 'a/b', 'a,b', 'x' * 61):
        _invalid(_body(tags=[tag]), '2.104')


def test_trusted_certs_from_2_63():
    _invalid(_body(trusted_image_certificates=['a']), '2.62')
    _validate(_body(trusted_image_certificates=['a', 'b']), '2.63')
    _validate(_body(trusted_image_certificates=None), '2.63')
    _validate(_body(trusted_image_certificates=['c'] * 1), '2.104')
    for bad in ([], ['a', 'a'], [''], [1], ['c%d' % i for i in range(51)]):
        _invalid(_body(trusted_image_certificates=bad), '2.104')


def test_host_and_node_from_2_74():
    body = _body(host='openstack-node-01', hypervisor_hostname='node.x_1')
    _invalid(body, '2.73')
    _validate(body, '2.74')
    _invalid(_body(host='a b'), '2.74')
    _invalid(_body(hypervisor_hostname=''), '2.74')


def test_hostname_from_2_90():
    _invalid(_body(hostname='custom-hostname'), '2.89')
    _validate(_body(hostname='custom-hostname'), '2.90')
    for bad in ('a', 'x' * 64, '-abc', 'abc-', 'a_b',
                'custom-hostname.example.com'):
        _invalid(_body(hostname=bad), '2.93')


def test_hostname_may_be_fqdn_from_2_94():
    _validate(_body(hostname='custom-hostname.example.com'), '2.94')
    _validate(_body(hostname='a'), '2.94')
    _validate(_body(hostname='x' * 255), '2.104')
    _invalid(_body(hostname='x' * 256), '2.104')
    _invalid(_body(hostname='a b'), '2.104')


# --- normalise ------------------------------------------------------------

def _normalise(body, version='2.104'):
    _validate(body, version)
    return sc.normalise(body, mv.v(version))


def test_normalise_sample_v21():
    assert _normalise(SAMPLE_V21, '2.1') == {
        'name': 'new-server-test',
        'image_ref': IMAGE,
        'flavor_ref': '1',
        'min_count': 1,
        'max_count': 1,
        'return_reservation_id': False,
        'metadata': {'My Server Name': 'Apache1'},
        'user_data': USER_DATA,
        'key_name': None,
        'availability_zone': 'us-west',
        'networks': 'auto',
        'requested_networks_given': False,
        'block_device_mapping': [],
        'scheduler_hints': {'same_host': SERVER},
        'config_drive': False,
        'admin_pass': None,
        'access_ip_v4': '1.2.3.4',
        'access_ip_v6': '80fe::',
        'disk_config': 'AUTO',
        'personality': [{'path': '/etc/banner.txt',
                         'contents': 'ICAgICAgDQoiQSBjbG91ZCBk b2Vz'}],
        'description': 'new-server-test',
        'tags': [],
        'trusted_image_certificates': None,
        'host': None,
        'hypervisor_hostname': None,
        'hostname': None,
        'security_groups': ['default'],
    }


def test_normalise_sample_v242():
    params = _normalise(SAMPLE_V242, '2.42')
    assert params['image_ref'] is None
    assert params['flavor_ref'] == '1'
    assert params['description'] is None
    assert params['networks'] == [{'network_id': NET, 'port_id': None,
                                   'fixed_ip': None, 'tag': 'nic1'}]
    assert params['requested_networks_given'] is True
    assert params['block_device_mapping'] == [{
        'source_type': 'image', 'destination_type': 'volume',
        'boot_index': 0, 'uuid': IMAGE, 'volume_size': 1,
        'device_name': None, 'delete_on_termination': False,
        'guest_format': None, 'disk_bus': None, 'device_type': None,
        'tag': 'disk1', 'volume_type': None, 'no_device': False}]


def test_normalise_everything_given():
    body = _body(
        networks='none', min_count='2', max_count=3,
        return_reservation_id='True', config_drive='yes', adminPass='pw',
        key_name='key', description='d', tags=['a'], hostname='h1',
        trusted_image_certificates=['c1'], host='host1',
        hypervisor_hostname='node1', availability_zone='nova:host1',
        security_groups=[{'name': 'web'}, {'name': 'db'}, {'name': 'web'},
                         {}],
        **{'OS-DCF:diskConfig': 'MANUAL'})
    body['os:scheduler_hints'] = {'group': SERVER}
    body['OS-SCH-HNT:scheduler_hints'] = {'same_host': SERVER}
    params = _normalise(body)
    assert params['networks'] == 'none'
    assert params['requested_networks_given'] is True
    assert (params['min_count'], params['max_count']) == (2, 3)
    assert params['return_reservation_id'] is True
    assert params['config_drive'] is True
    assert params['admin_pass'] == 'pw'
    assert params['disk_config'] == 'MANUAL'
    assert params['description'] == 'd'
    assert params['tags'] == ['a']
    assert params['hostname'] == 'h1'
    assert params['trusted_image_certificates'] == ['c1']
    assert (params['host'], params['hypervisor_hostname']) == \
        ('host1', 'node1')
    assert params['availability_zone'] == 'nova:host1'
    assert params['security_groups'] == ['web', 'db']
    # os:scheduler_hints wins when both are given.
    assert params['scheduler_hints'] == {'group': SERVER}


def test_normalise_max_count_defaults_to_min_count():
    params = _normalise(_body(min_count=3))
    assert (params['min_count'], params['max_count']) == (3, 3)


def test_normalise_flavor_ref():
    assert _normalise(_body(flavorRef=42))['flavor_ref'] == '42'
    assert _normalise(_body(
        flavorRef='http://openstack.example.com/v2.1/flavors/m1?x=1'))[
            'flavor_ref'] == 'm1'


def test_normalise_description_by_version():
    assert _normalise(_body(networks=None), '2.18')['description'] == 'vm'
    assert _normalise(_body(networks=None), '2.19')['description'] is None
    assert _normalise(_body(description='d'), '2.19')['description'] == 'd'


# --- normalise: networks --------------------------------------------------

@pytest.mark.parametrize('networks', [None, []])
def test_normalise_no_networks(networks):
    params = _normalise(_body(networks=networks), '2.36')
    assert params['networks'] == 'auto'
    assert params['requested_networks_given'] is False


def test_normalise_auto():
    params = _normalise(_body(networks='auto'))
    assert params['networks'] == 'auto'
    assert params['requested_networks_given'] is True


def test_normalise_network_list():
    networks = [{'uuid': NET, 'fixed_ip': '10.0.0.5', 'tag': 'a'},
                {'port': PORT}, {'uuid': NET, 'port': None}]
    assert _normalise(_body(networks=networks))['networks'] == [
        {'network_id': NET, 'port_id': None, 'fixed_ip': '10.0.0.5',
         'tag': 'a'},
        {'network_id': None, 'port_id': PORT, 'fixed_ip': None, 'tag': None},
        {'network_id': NET, 'port_id': None, 'fixed_ip': None, 'tag': None}]


def _normalise_error(body, version='2.104'):
    _validate(body, version)
    with pytest.raises(exception.Invalid) as err:
        sc.normalise(body, mv.v(version))
    assert err.value.code == 400
    return err.value.format_message()


def test_normalise_port_with_fixed_ip():
    body = _body(networks=[{'port': PORT, 'fixed_ip': '10.0.0.5'}])
    assert _normalise_error(body) == (
        "Specified Fixed IP '10.0.0.5' cannot be used with port '%s': the "
        "two cannot be specified together." % PORT)


def test_normalise_network_without_uuid():
    body = _body(networks=[{'fixed_ip': '10.0.0.5'}])
    assert _normalise_error(body) == "Bad network format: missing 'uuid'"


def test_normalise_network_uuid_before_2_37():
    body = _body(networks=[{'uuid': 'net-1'}])
    assert _normalise_error(body, '2.36') == (
        'Bad networks format: network uuid is not in proper format (net-1)')
    # Nova takes the hex form too.
    body = _body(networks=[{'uuid': NET.replace('-', '')}])
    assert _normalise(body, '2.36')['networks'][0]['network_id'] == \
        NET.replace('-', '')


# --- normalise: block device mappings -------------------------------------

def _bdms(body, version='2.104'):
    return _normalise(body, version)['block_device_mapping']


def test_normalise_bdm_v2_values():
    [bdm] = _bdms(_bdm_body(boot_index='-1', volume_size='10',
                            delete_on_termination='yes',
                            device_name='/dev/vdb', guest_format='ext4',
                            disk_bus='virtio', device_type='disk',
                            tag='t'))
    assert bdm == {
        'source_type': 'volume', 'destination_type': 'volume',
        'boot_index': -1, 'uuid': VOLUME, 'volume_size': 10,
        'device_name': '/dev/vdb', 'delete_on_termination': True,
        'guest_format': 'ext4', 'disk_bus': 'virtio', 'device_type': 'disk',
        'tag': 't', 'volume_type': None, 'no_device': False}


def test_normalise_bdm_v2_blank_and_no_device():
    body = _body(block_device_mapping_v2=[
        {'source_type': 'blank', 'destination_type': 'local',
         'boot_index': None, 'guest_format': 'swap', 'volume_size': 1},
        {'device_name': 'vdz', 'no_device': True}])
    blank, none = _bdms(body)
    assert (blank['source_type'], blank['uuid'], blank['boot_index']) == \
        ('blank', None, None)
    assert none['no_device'] is True
    assert none['device_name'] == 'vdz'


def test_normalise_image_to_local_with_the_image():
    body = _bdm_body(source_type='image', destination_type='local',
                     uuid=IMAGE, boot_index=0)
    body['server']['imageRef'] = IMAGE
    assert _bdms(body)[0]['destination_type'] == 'local'


@pytest.mark.parametrize('item, details', [
    ({'source_type': 'blank', 'destination_type': 'local'},
     'Invalid device UUID.'),
    ({'uuid': None}, 'Missing device UUID.'),
    ({'source_type': 'snapshot', 'uuid': None}, 'Missing device UUID.'),
    ({'source_type': None}, 'Some required fields are missing'),
    ({'source_type': 'image', 'destination_type': 'local'},
     'Mapping image to local is not supported.'),
    ({'source_type': 'image', 'destination_type': 'local',
      'boot_index': 1}, 'Mapping image to local is not supported.'),
    ({'source_type': 'blank', 'destination_type': 'local', 'uuid': None,
      'volume_type': 'lvm'},
     'Specifying a volume_type with destination_type=local is not '
     'supported.'),
    ({'volume_type': 'lvm'},
     'Specifying volume type to existing volume is not supported.'),
])
def test_normalise_bad_bdm_v2(item, details):
    entry = {'source_type': 'volume', 'uuid': VOLUME,
             'destination_type': 'volume', 'boot_index': 0}
    entry.update(item)
    # No imageRef: an image mapped to a local disk needs one.
    body = _body(block_device_mapping_v2=[
        {key: value for key, value in entry.items() if value is not None}])
    del body['server']['imageRef']
    assert _normalise_error(body) == \
        'Block Device Mapping is Invalid: %s' % details


def test_normalise_both_bdm_syntaxes():
    body = _bdm_body()
    body['server']['block_device_mapping'] = [{'volume_id': VOLUME}]
    assert _normalise_error(body) == (
        'Using different block_device_mapping syntaxes is not allowed in '
        'the same request.')


def test_normalise_legacy_bdm():
    snapshot = 'b2a3c1d4-0f0e-4d6c-8b7a-9e8f7a6b5c4d'
    body = _body(imageRef='', block_device_mapping=[
        {'volume_id': VOLUME, 'device_name': '/dev/vda',
         'delete_on_termination': 'true', 'volume_size': '1'},
        {'snapshot_id': snapshot, 'volume_id': VOLUME,
         'device_name': 'vdb'},
        {'virtual_name': 'swap', 'device_name': 'vdc', 'volume_size': 1},
        {'virtual_name': 'ephemeral0', 'device_name': 'vdd'},
        {'device_name': 'vde', 'no_device': True}])
    root, snap, swap, ephemeral, none = _bdms(body)
    assert root == {
        'source_type': 'volume', 'destination_type': 'volume',
        'boot_index': 0, 'uuid': VOLUME, 'volume_size': 1,
        'device_name': '/dev/vda', 'delete_on_termination': True,
        'guest_format': None, 'disk_bus': None, 'device_type': None,
        'tag': None, 'volume_type': None, 'no_device': False}
    assert (snap['source_type'], snap['uuid'], snap['boot_index'],
            snap['delete_on_termination']) == \
        ('snapshot', snapshot, -1, False)
    assert (swap['source_type'], swap['destination_type'],
            swap['guest_format'], swap['delete_on_termination'],
            swap['boot_index']) == ('blank', 'local', 'swap', True, -1)
    assert (ephemeral['source_type'], ephemeral['guest_format']) == \
        ('blank', None)
    assert (none['no_device'], none['boot_index'], none['source_type']) == \
        (True, None, None)


def test_normalise_unrecognised_legacy_bdm():
    body = _body(block_device_mapping=[{'device_name': 'vdb'}])
    assert _normalise_error(body) == \
        'Block Device Mapping is Invalid: Unrecognized legacy format.'
