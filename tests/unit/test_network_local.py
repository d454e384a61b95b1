"""The local network back end against a real SQLite file: the flat network,
port allocation for servers (auto, none, networks, fixed IPs, existing
ports), concurrency and exhaustion, deallocation and security groups."""

import concurrent.futures
import uuid

import pytest

from compute import conf as compute_conf
from compute.conf import network as network_conf
from compute import context as compute_context
from compute import exception
from compute.network import api
from compute.network import local
from compute.objects import instance as instance_obj

CONF = compute_conf.CONF
# Idempotent; compute.conf registers the group too once it lists the module.
network_conf.register_opts(CONF)


@pytest.fixture
def configure(tmp_path):
    """Point the back end at a fresh database; returns a function setting
    more [network] options."""
    def _set(**values):
        for name, value in values.items():
            CONF.set_override(name, value, group='network')
    _set(connection='sqlite:///%s' % (tmp_path / ('%s.sqlite' %
                                                  uuid.uuid4().hex)))
    yield _set
    local.dispose()
    for opt in network_conf.opts:
        CONF.clear_override(opt.name, group='network')


@pytest.fixture
def net(configure):
    """The API of a store with the default flat network; ``.id`` is it."""
    network_api = api.get_network_api()
    network_api.id = local.ensure_default_network()
    return network_api


def _ctx(project='p1', admin=False):
    roles = ['admin', 'member', 'reader'] if admin else ['member', 'reader']
    return compute_context.RequestContext(user_id='u-' + project,
                                          project_id=project, roles=roles,
                                          overwrite=False)


def _instance(project='p1'):
    return instance_obj.Instance(uuid=str(uuid.uuid4()), project_id=project,
                                 host='compute1', availability_zone='nova')


def _ips(network_info):
    return [ip['address'] for vif in network_info
            for subnet in vif['network']['subnets'] for ip in subnet['ips']]


def test_backend_is_local(configure):
    assert isinstance(api.get_network_api(), local.LocalNetworkAPI)


def test_default_network_created_once(net):
    assert local.ensure_default_network() == net.id
    network, = net.list_networks(_ctx())
    assert network['id'] == net.id and network['name'] == 'private'
    assert network['shared'] is True and network['status'] == 'ACTIVE'
    assert net.get_network(_ctx('other'), net.id) == network
    with pytest.raises(api.NetworkNotFound) as err:
        net.get_network(_ctx(), 'nope')
    assert err.value.code == 404
    subnet, = local.subnets(_ctx())
    assert (subnet.cidr, subnet.gateway_ip) == ('10.0.0.0/24', '10.0.0.1')


def test_flat_network_options(configure):
    configure(flat_network_name='flat', flat_network_cidr='192.168.7.0/24',
              flat_network_gateway='192.168.7.254')
    network_id = local.ensure_default_network()
    network = local.get_network(_ctx(), network_id)
    assert network.name == 'flat'
    assert network.subnets[0].allocation_pools()[0][0].exploded == \
        '192.168.7.1'
    info = api.get_network_api().allocate_for_instance(
        _ctx(), _instance(), 'auto')
    gateway = info[0]['network']['subnets'][0]['gateway']['address']
    assert (gateway, _ips(info)) == ('192.168.7.254', ['192.168.7.1'])


def test_bad_flat_network_options(configure):
    configure(flat_network_cidr='10.0.0.0/24', flat_network_gateway='10.1.0.1')
    with pytest.raises(ValueError):
        local.ensure_default_network()


def test_auto_allocates_one_port_on_the_default_network(net):
    ctx, inst = _ctx(), _instance()
    assert net.validate_networks(ctx, 'auto', 3) == 3
    info = net.allocate_for_instance(ctx, inst, 'auto')
    vif, = info
    assert vif['address'].startswith('fa:16:3e:')
    assert vif['type'] == 'bridge' and vif['vnic_type'] == 'normal'
    assert vif['devname'] == ('tap' + vif['id'])[:14]
    assert vif['active'] is True and vif['preserve_on_delete'] is False
    assert vif['security_groups'] == ['default']
    network = vif['network']
    assert (network['id'], network['label']) == (net.id, 'private')
    assert network['subnets'] == [{
        'cidr': '10.0.0.0/24', 'version': 4,
        'gateway': {'address': '10.0.0.1', 'type': 'gateway', 'version': 4},
        'dns': [], 'ips': [{'address': '10.0.0.2', 'type': 'fixed',
                            'version': 4, 'floating_ips': []}]}]
    assert net.get_instance_nw_info(ctx, inst.uuid) == info
    # Allocating again (a retried build) returns the same ports.
    assert net.allocate_for_instance(ctx, inst, 'auto') == info
    assert net.security_groups_for(ctx, inst.uuid) == ['default']
    port = local.get_port(ctx, vif['id'])
    assert (port.device_id, port.device_owner, port.binding_host_id) == (
        inst.uuid, 'compute:nova', 'compute1')


def test_none_allocates_nothing(net):
    inst = _instance()
    net.validate_networks(_ctx(), 'none', 1)
    assert net.allocate_for_instance(_ctx(), inst, 'none') == []
    assert net.security_groups_for(_ctx(), inst.uuid) == []


def test_auto_without_a_default_network(configure):
    network_api = api.get_network_api()
    with pytest.raises(exception.Invalid) as err:
        network_api.validate_networks(_ctx('proj'), 'auto', 1)
    assert err.value.code == 400
    assert err.value.format_message() == (
        'Unable to automatically allocate a network for project proj')


def test_one_port_per_requested_network(net):
    ctx, inst = _ctx(), _instance()
    requested = [{'network_id': net.id, 'tag': 'a'},
                 {'network_id': net.id, 'fixed_ip': '10.0.0.50'},
                 {'network_id': net.id}]
    net.validate_networks(ctx, requested, 1)
    info = net.allocate_for_instance(ctx, inst, requested)
    assert _ips(info) == ['10.0.0.2', '10.0.0.50', '10.0.0.3']
    assert len({vif['id'] for vif in info}) == 3
    assert len({vif['address'] for vif in info}) == 3


def test_unknown_network(net):
    missing = str(uuid.uuid4())
    with pytest.raises(exception.Invalid) as err:
        net.validate_networks(_ctx(), [{'network_id': missing}], 1)
    assert err.value.code == 400
    assert err.value.format_message() == \
        'Network %s could not be found.' % missing
    with pytest.raises(api.NetworkNotFound):
        net.allocate_for_instance(_ctx(), _instance(),
                                  [{'network_id': missing}])


def test_fixed_ip(net):
    ctx, first = _ctx(), _instance()
    net.allocate_for_instance(ctx, first, [{'network_id': net.id,
                                            'fixed_ip': '10.0.0.9'}])
    with pytest.raises(api.FixedIpAlreadyInUse) as err:
        net.validate_networks(ctx, [{'network_id': net.id,
                                     'fixed_ip': '10.0.0.9'}], 1)
    assert err.value.code == 400
    assert err.value.format_message() == (
        'Fixed IP address 10.0.0.9 is already in use on instance %s.'
        % first.uuid)
    for address in ('10.1.0.9', '10.0.0.0', '10.0.0.1', '10.0.0.255'):
        with pytest.raises(api.FixedIpInvalid) as err:
            net.validate_networks(ctx, [{'network_id': net.id,
                                         'fixed_ip': address}], 1)
        assert err.value.code == 400
    with pytest.raises(api.InvalidFixedIpAndMaxCountRequest) as err:
        net.validate_networks(ctx, [{'network_id': net.id,
                                     'fixed_ip': '10.0.0.10'}], 2)
    assert err.value.format_message() == (
        'Failed to launch instances: max_count cannot be greater than 1 if '
        'an fixed_ip is specified.')


def test_failed_allocation_releases_what_it_made(net):
    ctx, inst = _ctx(), _instance()
    requested = [{'network_id': net.id, 'fixed_ip': '10.0.0.20'},
                 {'network_id': net.id, 'fixed_ip': '10.0.0.20'}]
    with pytest.raises(api.FixedIpAlreadyInUse):
        net.allocate_for_instance(ctx, inst, requested)
    assert net.get_instance_nw_info(ctx, inst.uuid) == []
    assert local.ports(ctx) == []


def test_existing_port(net):
    ctx, inst = _ctx(), _instance()
    port = local.create_port(ctx, net.id, ctx.project_id, name='mine')
    requested = [{'port_id': port.id}, {'network_id': net.id}]
    net.validate_networks(ctx, requested, 1)
    with pytest.raises(api.MultiplePortsNotApplicable):
        net.validate_networks(ctx, requested, 2)
    info = net.allocate_for_instance(ctx, inst, requested)
    assert [vif['id'] for vif in info][0] == port.id
    assert [vif['preserve_on_delete'] for vif in info] == [True, False]
    assert local.get_port(ctx, port.id).device_id == inst.uuid
    # Bound now: another server cannot have it.
    with pytest.raises(api.PortInUse) as err:
        net.validate_networks(ctx, [{'port_id': port.id}], 1)
    assert err.value.code == 409
    assert err.value.format_message() == \
        'Port %s is still in use.' % port.id
    with pytest.raises(api.PortInUse):
        net.allocate_for_instance(ctx, _instance(), [{'port_id': port.id}])
    # Deleting the server unbinds the pre-existing port and deletes the
    # other one.
    net.deallocate_for_instance(ctx, inst)
    assert net.get_instance_nw_info(ctx, inst.uuid) == []
    remaining, = local.ports(ctx)
    assert remaining.id == port.id and remaining.device_id == ''
    assert remaining.device_owner == '' and not remaining.preserve_on_delete
    assert [a.ip_address for a in remaining.fixed_ips] == ['10.0.0.2']
    # ...and it can be used again.
    again = net.allocate_for_instance(ctx, _instance(), [{'port_id':
                                                          port.id}])
    assert again[0]['preserve_on_delete'] is True


def test_same_port_twice_and_unknown_ports(net):
    ctx = _ctx()
    port = local.create_port(ctx, net.id, ctx.project_id)
    with pytest.raises(api.PortInUse):
        net.validate_networks(ctx, [{'port_id': port.id},
                                    {'port_id': port.id}], 1)
    for port_id, caller in ((str(uuid.uuid4()), ctx),
                            (port.id, _ctx('intruder'))):
        with pytest.raises(exception.Invalid) as err:
            net.validate_networks(caller, [{'port_id': port_id}], 1)
        assert err.value.code == 400
        assert err.value.format_message() == \
            'Port id %s could not be found.' % port_id
    # The admin may hand any project's port to a server.
    net.validate_networks(_ctx('boss', admin=True), [{'port_id': port.id}],
                          1)


def test_deallocate_frees_addresses(net):
    ctx = _ctx()
    first = _instance()
    assert _ips(net.allocate_for_instance(ctx, first, 'auto')) == \
        ['10.0.0.2']
    net.deallocate_for_instance(ctx, first)
    assert local.ports(ctx) == []
    assert _ips(net.allocate_for_instance(ctx, _instance(), 'auto')) == \
        ['10.0.0.2']
    # Deallocating an instance without ports is harmless.
    net.deallocate_for_instance(ctx, _instance())


def test_concurrent_allocation_never_shares_an_address(configure):
    configure(flat_network_cidr='10.9.0.0/28')
    local.ensure_default_network()
    network_api = api.get_network_api()
    instances = [_instance('p%d' % (i % 3)) for i in range(20)]

    def boot(inst):
        try:
            return _ips(network_api.allocate_for_instance(
                _ctx(inst.project_id), inst, 'auto'))
        except api.NoMoreFixedIps as err:
            return err

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(boot, instances))
    addresses = [r[0] for r in results if isinstance(r, list)]
    failures = [r for r in results if not isinstance(r, list)]
    # A /28 has 14 host addresses; the gateway takes one.
    assert len(addresses) == 13 and len(set(addresses)) == 13
    assert '10.9.0.1' not in addresses
    assert len(failures) == 7
    network_id = local.networks(_ctx())[0].id
    assert str(failures[0]) == \
        'No fixed IP addresses available for network: %s' % network_id
    assert len({p.mac_address for p in local.ports(_ctx(admin=True))}) == 13
    # Each project got one default security group, however many raced.
    groups = local.security_groups(_ctx(admin=True))
    assert sorted(g.project_id for g in groups) == ['p0', 'p1', 'p2']


def test_security_groups(net):
    member, admin = _ctx('sg'), _ctx('admin', admin=True)
    group, = local.security_groups(member)
    assert (group.name, group.project_id) == ('default', 'sg')
    inst = _instance('sg')
    net.allocate_for_instance(member, inst, 'auto')
    with pytest.raises(api.DefaultSecurityGroupRemoval) as err:
        local.delete_security_group(member, group.id)
    assert err.value.code == 409
    with pytest.raises(api.SecurityGroupInUse):
        local.delete_security_group(admin, group.id)
    with pytest.raises(api.SecurityGroupNotFound):
        local.delete_security_group(_ctx('other'), group.id)
    net.deallocate_for_instance(member, inst)
    local.delete_security_group(admin, group.id)
    # The project gets a new default group when it next needs one.
    again, = local.security_groups(member)
    assert again.name == 'default' and again.id != group.id
