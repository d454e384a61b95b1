"""Tables of the local network back end: networks, subnets, ports, their IP
allocations and security groups.

They live in their own database (``$state_path/network.sqlite`` or
``[network] connection``), apart from the API and cell databases, and are
created with ``create_all`` on first use (``compute.network.local``). This
embedded store is NOT migrated by alembic: a change to these tables must
come with its own upgrade step in ``compute.network.local``.

Names follow Neutron's where they exist. Two unique constraints carry the
concurrency guarantees: one fixed IP per (subnet, address) and one MAC per
port; allocation retries when it loses a race on either.
"""

import datetime
import ipaddress

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

UUID = sa.String(36)


def utcnow():
    return timeutils.utcnow()


class Base(orm.DeclarativeBase):
    """Declarative base of the network database (its own MetaData)."""


class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        onupdate=utcnow)


class Network(TimestampMixin, Base):
    __tablename__ = 'networks'

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    name: Mapped[str] = mapped_column(sa.String(255), default='')
    description: Mapped[str] = mapped_column(sa.String(255), default='')
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    shared: Mapped[bool] = mapped_column(default=False)
    external: Mapped[bool] = mapped_column(default=False)
    # The network 'auto' picks for a server.
    is_default: Mapped[bool] = mapped_column(default=False)
    mtu: Mapped[int] = mapped_column(default=1500)

    subnets: Mapped[list['Subnet']] = orm.relationship(
        lazy='selectin', order_by='Subnet.created_at')


class Subnet(TimestampMixin, Base):
    __tablename__ = 'subnets'

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    network_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('networks.id', ondelete='CASCADE'), index=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    name: Mapped[str] = mapped_column(sa.String(255), default='')
    description: Mapped[str] = mapped_column(sa.String(255), default='')
    ip_version: Mapped[int] = mapped_column(default=4)
    cidr: Mapped[str] = mapped_column(sa.String(64))
    gateway_ip: Mapped[str | None] = mapped_column(sa.String(64))
    enable_dhcp: Mapped[bool] = mapped_column(default=True)

    def allocation_pools(self):
        """(first, last) address ranges ports get addresses from: the
        subnet's hosts around the gateway."""
        net = ipaddress.ip_network(self.cidr)
        first, last = net.network_address + 1, net.broadcast_address - 1
        gateway = (ipaddress.ip_address(self.gateway_ip)
                   if self.gateway_ip else None)
        if gateway is None or not first <= gateway <= last:
            ranges = [(first, last)]
        else:
            ranges = [(first, gateway - 1), (gateway + 1, last)]
        return [(a, b) for a, b in ranges if a <= b]

    def addresses(self):
        """Every allocatable address, in order, as strings."""
        for first, last in self.allocation_pools():
            for value in range(int(first), int(last) + 1):
                yield str(ipaddress.ip_address(value))

    def holds(self, address):
        """Whether ``address`` (a string) is allocatable on this subnet."""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip.version == first.version and first <= ip <= last
                   for first, last in self.allocation_pools())


class SecurityGroup(TimestampMixin, Base):
    __tablename__ = 'securitygroups'

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(255),
                                                   index=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    description: Mapped[str] = mapped_column(sa.String(255), default='')


class DefaultSecurityGroup(Base):
    """The one ``default`` group of a project (its primary key makes the
    lazy creation race-free)."""

    __tablename__ = 'default_security_group'

    project_id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    security_group_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('securitygroups.id', ondelete='CASCADE'))


class Port(TimestampMixin, Base):
    __tablename__ = 'ports'

    id: Mapped[str] = mapped_column(UUID, primary_key=True)
    network_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('networks.id'), index=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(255),
                                                   index=True)
    name: Mapped[str] = mapped_column(sa.String(255), default='')
    description: Mapped[str] = mapped_column(sa.String(255), default='')
    mac_address: Mapped[str] = mapped_column(sa.String(32), unique=True)
    admin_state_up: Mapped[bool] = mapped_column(default=True)
    device_id: Mapped[str] = mapped_column(sa.String(255), default='',
                                           index=True)
    device_owner: Mapped[str] = mapped_column(sa.String(255), default='')
    binding_host_id: Mapped[str] = mapped_column(sa.String(255), default='')
    # Compute's side of a binding: the port existed before the server (so
    # deleting the server unbinds it), and its place among the server's
    # ports.
    preserve_on_delete: Mapped[bool] = mapped_column(default=False)
    device_index: Mapped[int | None]

    network: Mapped[Network] = orm.relationship(lazy='selectin')
    fixed_ips: Mapped[list['IPAllocation']] = orm.relationship(
        lazy='selectin', order_by='IPAllocation.ip_address')
    security_groups: Mapped[list[SecurityGroup]] = orm.relationship(
        secondary='securitygroupportbindings', lazy='selectin',
        order_by='SecurityGroup.name')


class IPAllocation(Base):
    __tablename__ = 'ipallocations'
    __table_args__ = (
        sa.UniqueConstraint('subnet_id', 'ip_address',
                            name='uniq_ipallocations0subnet_id0ip_address'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    port_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('ports.id', ondelete='CASCADE'), index=True)
    subnet_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('subnets.id', ondelete='CASCADE'))
    network_id: Mapped[str] = mapped_column(UUID)
    ip_address: Mapped[str] = mapped_column(sa.String(64))


class SecurityGroupPortBinding(Base):
    __tablename__ = 'securitygroupportbindings'

    port_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('ports.id', ondelete='CASCADE'), primary_key=True)
    security_group_id: Mapped[str] = mapped_column(
        UUID, sa.ForeignKey('securitygroups.id'), primary_key=True)
