"""The local network back end: one flat, shared network with a subnet,
ports with a MAC and one fixed IPv4 address each, and a ``default``
security group per project (recorded on ports, not enforced).

State lives in the tables of ``compute.network.models`` in their own
database (``[network] connection``, default SQLite at
``$state_path/network.sqlite``), created with ``create_all`` the first time
a process uses it; it is not migrated by alembic. ``ensure_default_network``
creates the flat network from ``[network] flat_network_*`` once, at first
start. Addresses are handed out lowest first; two allocators racing for an
address (or a MAC) hit a unique constraint and the loser looks again.

Besides ``LocalNetworkAPI`` (compute's view), the module-level functions
below serve the Networking API of ``compute.network.wsgi``.
"""

import dataclasses
import ipaddress
import os
import random
import uuid

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from compute import conf as compute_conf
from compute import exception
from compute.db import session as db_session
from compute.network import api
from compute.network import models
from compute.network import views

CONF = compute_conf.CONF


DEFAULT_SECURITY_GROUP = 'default'
# What an unbound port's binding columns hold.
_UNBOUND = {'device_id': '', 'device_owner': '', 'binding_host_id': '',
            'preserve_on_delete': False, 'device_index': None}


def database_url():
    return CONF.network.connection or 'sqlite:///' + os.path.join(
        CONF.state_path, 'network.sqlite')


def dispose():
    """Close the engines (test teardown, re-configuration)."""
    db_session.dispose()


def _transaction():
    return db_session.transaction(database_url(), models.Base.metadata)


# Fixed ids: processes starting together create the default network once
# (the second insert of the same id fails and finds the first).
DEFAULT_NETWORK_ID = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                    'compute:network:default'))
DEFAULT_SUBNET_ID = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                   'compute:subnet:default'))


def ensure_default_network():
    """Create the flat network and its subnet unless they exist; returns
    the network's id. Once created, later changes of the
    ``[network] flat_network_*`` options do not alter it."""
    try:
        return _create_default_network()
    except sa_exc.IntegrityError:
        return DEFAULT_NETWORK_ID


def _create_default_network():
    with _transaction() as session:
        network = _default_network(session)
        if network is not None:
            return network.id
        cidr = ipaddress.ip_network(CONF.network.flat_network_cidr)
        if cidr.version != 4 or cidr.prefixlen > 30:
            raise ValueError('[network] flat_network_cidr must be an IPv4 '
                             'network of at least 4 addresses: %s' % cidr)
        gateway = CONF.network.flat_network_gateway or \
            str(cidr.network_address + 1)
        if not cidr.network_address < ipaddress.ip_address(gateway) < \
                cidr.broadcast_address:
            raise ValueError('[network] flat_network_gateway %s is not a '
                             'host address of %s' % (gateway, cidr))
        network = models.Network(
            id=DEFAULT_NETWORK_ID, name=CONF.network.flat_network_name,
            shared=True, is_default=True, mtu=CONF.network.flat_network_mtu)
        session.add(network)
        session.flush()
        session.add(models.Subnet(
            id=DEFAULT_SUBNET_ID, network_id=network.id,
            name='%s-subnet' % network.name, cidr=str(cidr),
            gateway_ip=gateway))
        return network.id


# -- lookups -----------------------------------------------------------------

def _default_network(session):
    return session.scalars(sa.select(models.Network).where(
        models.Network.is_default)).first()


def _owned_by(model, ctx):
    """The SQL condition for rows of ``model`` the caller may see."""
    if ctx.is_admin:
        return sa.true()
    condition = model.project_id == ctx.project_id
    if model is models.Network:
        condition = sa.or_(condition, models.Network.shared)
    return condition


def _get(session, model, ctx, row_id, not_found):
    row = session.scalars(sa.select(model).where(
        model.id == row_id, _owned_by(model, ctx))).first() \
        if row_id else None
    if row is None:
        raise not_found
    return row


def _network(session, ctx, network_id):
    return _get(session, models.Network, ctx, network_id,
                api.NetworkNotFound(network_id=network_id))


def _port(session, ctx, port_id):
    return _get(session, models.Port, ctx, port_id,
                api.PortNotFound(port_id=port_id))


def _security_group(session, ctx, security_group_id):
    return _get(session, models.SecurityGroup, ctx, security_group_id,
                api.SecurityGroupNotFound(
                    security_group_id=security_group_id))


def _subnet_for(network, address):
    for subnet in network.subnets:
        if subnet.holds(address):
            return subnet
    raise api.FixedIpInvalid(address=address, network_id=network.id)


def _check_free(session, subnet, address):
    holder = session.execute(
        sa.select(models.Port.device_id).join(models.IPAllocation).where(
            models.IPAllocation.subnet_id == subnet.id,
            models.IPAllocation.ip_address == address)).first()
    if holder is not None:
        raise api.FixedIpAlreadyInUse(address=address,
                                      instance_uuid=holder.device_id,
                                      subnet_id=subnet.id)


def _pick_address(session, network, fixed_ip, subnet_id):
    """(subnet, address) for a new port: ``fixed_ip`` if it is free, else
    the lowest free address (of ``subnet_id`` when given)."""
    if fixed_ip:
        subnet = _subnet_for(network, fixed_ip)
        _check_free(session, subnet, fixed_ip)
        return subnet, fixed_ip
    for subnet in network.subnets:
        if subnet_id and subnet.id != subnet_id:
            continue
        used = set(session.scalars(sa.select(
            models.IPAllocation.ip_address).where(
                models.IPAllocation.subnet_id == subnet.id)))
        for address in subnet.addresses():
            if address not in used:
                return subnet, address
    raise api.NoMoreFixedIps(net=network.id)


def _random_mac():
    return 'fa:16:3e:%02x:%02x:%02x' % tuple(
        random.getrandbits(8) for _ in range(3))


# -- ports and security groups ----------------------------------------------

def _default_security_group_id(project_id):
    """The project's ``default`` group, created on first need."""
    query = sa.select(models.DefaultSecurityGroup.security_group_id).where(
        models.DefaultSecurityGroup.project_id == project_id)
    with _transaction() as session:
        found = session.scalar(query)
    if found is not None:
        return found
    group_id = str(uuid.uuid4())
    try:
        with _transaction() as session:
            session.add(models.SecurityGroup(
                id=group_id, project_id=project_id,
                name=DEFAULT_SECURITY_GROUP,
                description='Default security group'))
            session.flush()
            session.add(models.DefaultSecurityGroup(
                project_id=project_id, security_group_id=group_id))
        return group_id
    except sa_exc.IntegrityError:
        # Another request created it first.
        with _transaction() as session:
            return session.scalar(query)


def _create_port(network, project_id, fixed_ip=None, subnet_id=None,
                 security_group_ids=None, **columns):
    """Insert a port with a fresh MAC and one address; returns its id.

    Each lost race (a unique constraint on the address or the MAC) means
    another port took an address, so a pool of N addresses needs at most
    N + 1 attempts before it is either served or exhausted.
    """
    if security_group_ids is None:
        security_group_ids = [_default_security_group_id(project_id)]
    attempts = sum(int(last) - int(first) + 1 for subnet in network.subnets
                   for first, last in subnet.allocation_pools())
    for _ in range(attempts + 1):
        port_id = str(uuid.uuid4())
        try:
            with _transaction() as session:
                subnet, address = _pick_address(session, network, fixed_ip,
                                                subnet_id)
                session.add(models.Port(
                    id=port_id, network_id=network.id, project_id=project_id,
                    mac_address=_random_mac(), **columns))
                session.flush()
                session.add(models.IPAllocation(
                    port_id=port_id, subnet_id=subnet.id,
                    network_id=network.id, ip_address=address))
                session.add_all(models.SecurityGroupPortBinding(
                    port_id=port_id, security_group_id=group_id)
                    for group_id in security_group_ids)
            return port_id
        except sa_exc.IntegrityError:
            continue
    raise api.NoMoreFixedIps(net=network.id)


def _bind(port_id, binding, index):
    """Give an existing, unbound port to an instance; PortInUse if another
    got it first."""
    with _transaction() as session:
        result = session.execute(sa.update(models.Port).where(
            models.Port.id == port_id, models.Port.device_id == '').values(
                preserve_on_delete=True, device_index=index, **binding))
        if result.rowcount != 1:
            raise api.PortInUse(port_id=port_id)


def _delete_ports(session, port_ids):
    for model, column in ((models.IPAllocation, models.IPAllocation.port_id),
                          (models.SecurityGroupPortBinding,
                           models.SecurityGroupPortBinding.port_id),
                          (models.Port, models.Port.id)):
        session.execute(sa.delete(model).where(column.in_(port_ids)))


def _release(delete_ids, unbind_ids):
    with _transaction() as session:
        if unbind_ids:
            session.execute(sa.update(models.Port).where(
                models.Port.id.in_(unbind_ids)).values(**_UNBOUND))
        if delete_ids:
            _delete_ports(session, delete_ids)


def _bound_ports(session, instance_uuid):
    return session.scalars(sa.select(models.Port).where(
        models.Port.device_id == instance_uuid).order_by(
            models.Port.device_index, models.Port.created_at)).all()


# -- compute's interface -----------------------------------------------------

@dataclasses.dataclass
class _Want:
    """One port a server asked for: an existing ``port``, or a new port on
    ``network`` (at ``fixed_ip`` when given)."""

    port: models.Port | None = None
    network: models.Network | None = None
    fixed_ip: str | None = None


def _resolve(session, ctx, requested):
    if requested == 'none':
        return []
    if requested == 'auto':
        network = _default_network(session)
        if network is None:
            raise api.UnableToAutoAllocateNetwork(project_id=ctx.project_id)
        return [_Want(network=network)]
    wants = []
    for item in requested:
        if item.get('port_id'):
            port = _port(session, ctx, item['port_id'])
            if port.device_id or any(w.port is port for w in wants):
                raise api.PortInUse(port_id=port.id)
            wants.append(_Want(port=port))
            continue
        network = _network(session, ctx, item.get('network_id'))
        fixed_ip = item.get('fixed_ip')
        if fixed_ip:
            _check_free(session, _subnet_for(network, fixed_ip), fixed_ip)
        wants.append(_Want(network=network, fixed_ip=fixed_ip))
    return wants


class LocalNetworkAPI(api.NetworkAPI):
    """Compute's network service on the built-in store."""

    def validate_networks(self, ctx, requested, max_count):
        if isinstance(requested, list) and max_count > 1:
            if any(item.get('fixed_ip') for item in requested):
                raise api.InvalidFixedIpAndMaxCountRequest(
                    reason='max_count cannot be greater than 1 if an '
                           'fixed_ip is specified.')
            if any(item.get('port_id') for item in requested):
                raise api.MultiplePortsNotApplicable(
                    reason='Unable to launch multiple instances with a '
                           'single configured port ID. Please launch your '
                           'instance one by one with different ports.')
        try:
            with _transaction() as session:
                _resolve(session, ctx, requested)
        except (api.NetworkNotFound, api.PortNotFound) as err:
            # A bad server request, as Nova answers it.
            raise exception.Invalid(err.format_message())
        return max_count

    def allocate_for_instance(self, ctx, instance, requested):
        network_info = self.get_instance_nw_info(ctx, instance.uuid)
        if network_info:
            return network_info
        with _transaction() as session:
            wants = _resolve(session, ctx, requested)
        binding = {'device_id': instance.uuid,
                   'device_owner': 'compute:%s' % (
                       instance.availability_zone or
                       CONF.default_availability_zone),
                   'binding_host_id': instance.host or ''}
        made, bound = [], []
        try:
            for index, want in enumerate(wants):
                if want.port is not None:
                    _bind(want.port.id, binding, index)
                    bound.append(want.port.id)
                else:
                    made.append(_create_port(
                        want.network, instance.project_id, want.fixed_ip,
                        device_index=index, **binding))
        except Exception:
            _release(made, bound)
            raise
        return self.get_instance_nw_info(ctx, instance.uuid)

    def deallocate_for_instance(self, ctx, instance):
        with _transaction() as session:
            ports = _bound_ports(session, instance.uuid)
        _release([p.id for p in ports if not p.preserve_on_delete],
                 [p.id for p in ports if p.preserve_on_delete])

    def get_instance_nw_info(self, ctx, instance_uuid):
        with _transaction() as session:
            return [views.vif(port)
                    for port in _bound_ports(session, instance_uuid)]

    def list_networks(self, ctx):
        return [views.network(n) for n in networks(ctx)]

    def get_network(self, ctx, network_id):
        with _transaction() as session:
            return views.network(_network(session, ctx, network_id))

    def security_groups_for(self, ctx, instance_uuid):
        with _transaction() as session:
            return list(session.scalars(
                sa.select(models.SecurityGroup.name).distinct().join(
                    models.SecurityGroupPortBinding).join(
                        models.Port,
                        models.Port.id ==
                        models.SecurityGroupPortBinding.port_id).where(
                            models.Port.device_id == instance_uuid).order_by(
                                models.SecurityGroup.name)))


# -- the Networking API's operations ------------------------------------------

def _listing(model, ctx, *where):
    with _transaction() as session:
        return session.scalars(sa.select(model).where(
            _owned_by(model, ctx), *where).order_by(
                model.created_at, model.id)).all()


def networks(ctx):
    return _listing(models.Network, ctx)


def get_network(ctx, network_id):
    with _transaction() as session:
        return _network(session, ctx, network_id)


def subnets(ctx):
    visible = sa.select(models.Network.id).where(
        _owned_by(models.Network, ctx))
    with _transaction() as session:
        return session.scalars(sa.select(models.Subnet).where(
            models.Subnet.network_id.in_(visible)).order_by(
                models.Subnet.created_at, models.Subnet.id)).all()


def ports(ctx):
    return _listing(models.Port, ctx)


def get_port(ctx, port_id):
    with _transaction() as session:
        return _port(session, ctx, port_id)


def create_port(ctx, network_id, project_id, fixed_ip=None, subnet_id=None,
                security_group_ids=None, **columns):
    """A new port on a network the caller can see; returns the port."""
    with _transaction() as session:
        network = _network(session, ctx, network_id)
        if subnet_id and subnet_id not in {s.id for s in network.subnets}:
            raise exception.Invalid(
                'Invalid input for operation: Failed to create port on '
                'network %s, because fixed_ips included invalid subnet %s.'
                % (network_id, subnet_id))
        for group_id in security_group_ids or ():
            _security_group(session, ctx, group_id)
    port_id = _create_port(network, project_id, fixed_ip, subnet_id,
                           security_group_ids, **columns)
    return get_port(ctx, port_id)


def delete_port(ctx, port_id):
    with _transaction() as session:
        _delete_ports(session, [_port(session, ctx, port_id).id])


def security_groups(ctx):
    if ctx.project_id:
        _default_security_group_id(ctx.project_id)
    return _listing(models.SecurityGroup, ctx)


def get_security_group(ctx, security_group_id):
    with _transaction() as session:
        return _security_group(session, ctx, security_group_id)


def delete_security_group(ctx, security_group_id):
    """Delete a group no port uses; only an admin deletes a project's
    ``default`` group (Neutron's rule)."""
    with _transaction() as session:
        group = _security_group(session, ctx, security_group_id)
        is_default = session.scalars(sa.select(
            models.DefaultSecurityGroup).where(
                models.DefaultSecurityGroup.security_group_id ==
                group.id)).first()
        if is_default is not None and not ctx.is_admin:
            raise api.DefaultSecurityGroupRemoval()
        in_use = session.scalar(sa.select(
            models.SecurityGroupPortBinding.port_id).where(
                models.SecurityGroupPortBinding.security_group_id ==
                group.id).limit(1))
        if in_use is not None:
            raise api.SecurityGroupInUse(security_group_id=group.id)
        if is_default is not None:
            session.delete(is_default)
            session.flush()
        session.delete(group)


def usage(project_id):
    """How many networks, subnets, ports and security groups a project
    owns, by Neutron's quota resource names."""
    counts = {}
    with _transaction() as session:
        for resource, model in (('network', models.Network),
                                ('subnet', models.Subnet),
                                ('port', models.Port),
                                ('security_group', models.SecurityGroup)):
            counts[resource] = session.scalar(
                sa.select(sa.func.count()).select_from(model).where(
                    model.project_id == project_id))
    return counts
