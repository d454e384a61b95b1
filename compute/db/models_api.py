"""ORM models of the API database: flavors, keypairs, quotas, mappings, groups.

The table, column, constraint and index names follow Nova's ``nova_api``
schema so that operators' tooling and knowledge carry over. Rows here are
hard-deleted (no soft-delete columns). ``TimestampMixin`` is shared with the
cell models.
"""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

MediumText = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql', 'mariadb')


def utcnow():
    """Naive UTC now; a zero-argument callable as SQLAlchemy defaults need."""
    return timeutils.utcnow()


def unique(table, *columns):
    """A unique constraint named the Nova way: uniq_<table>0<col>0<col>."""
    return sa.UniqueConstraint(
        *columns, name=f"uniq_{table}0{'0'.join(columns)}")


# Foreign keys get PostgreSQL's default names on every back end, so that later
# migrations can refer to them.
NAMING_CONVENTION = {'fk': '%(table_name)s_%(column_0_name)s_fkey'}


class Base(orm.DeclarativeBase):
    """Declarative base of the API database (its own MetaData)."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    """created_at / updated_at maintained on the Python side."""

    created_at: Mapped[datetime.datetime | None] = mapped_column(
        default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        onupdate=utcnow)


class Flavor(TimestampMixin, Base):
    __tablename__ = 'flavors'
    __table_args__ = (
        unique('flavors', 'flavorid'),
        unique('flavors', 'name'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    memory_mb: Mapped[int]
    vcpus: Mapped[int]
    root_gb: Mapped[int | None]
    ephemeral_gb: Mapped[int | None]
    flavorid: Mapped[str] = mapped_column(sa.String(255))
    swap: Mapped[int] = mapped_column(default=0)
    rxtx_factor: Mapped[float | None] = mapped_column(sa.Float, default=1.0)
    vcpu_weight: Mapped[int | None]
    disabled: Mapped[bool | None] = mapped_column(default=False)
    is_public: Mapped[bool | None] = mapped_column(default=True)
    description: Mapped[str | None] = mapped_column(sa.Text)

    extra_specs: Mapped[list['FlavorExtraSpec']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')
    projects: Mapped[list['FlavorProject']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')


class FlavorExtraSpec(TimestampMixin, Base):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (
        sa.Index('flavor_extra_specs_flavor_id_key_idx', 'flavor_id', 'key'),
        unique('flavor_extra_specs', 'flavor_id', 'key'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255))
    value: Mapped[str | None] = mapped_column(sa.String(255))
    flavor_id: Mapped[int] = mapped_column(sa.ForeignKey('flavors.id'))


class FlavorProject(TimestampMixin, Base):
    __tablename__ = 'flavor_projects'
    __table_args__ = (
        unique('flavor_projects', 'flavor_id', 'project_id'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flavor_id: Mapped[int] = mapped_column(sa.ForeignKey('flavors.id'))
    project_id: Mapped[str] = mapped_column(sa.String(255))


class KeyPair(TimestampMixin, Base):
    __tablename__ = 'key_pairs'
    __table_args__ = (
        unique('key_pairs', 'user_id', 'name'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    user_id: Mapped[str] = mapped_column(sa.String(255))
    fingerprint: Mapped[str | None] = mapped_column(sa.String(255))
    public_key: Mapped[str | None] = mapped_column(sa.Text)
    type: Mapped[str] = mapped_column(
        sa.Enum('ssh', 'x509', name='keypair_types'), default='ssh')


class Quota(TimestampMixin, Base):
    __tablename__ = 'quotas'
    __table_args__ = (
        unique('quotas', 'project_id', 'resource'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    resource: Mapped[str] = mapped_column(sa.String(255))
    hard_limit: Mapped[int | None]


class QuotaClass(TimestampMixin, Base):
    __tablename__ = 'quota_classes'
    __table_args__ = (
        sa.Index('quota_classes_class_name_idx', 'class_name'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    class_name: Mapped[str | None] = mapped_column(sa.String(255))
    resource: Mapped[str | None] = mapped_column(sa.String(255))
    hard_limit: Mapped[int | None]


class ProjectUserQuota(TimestampMixin, Base):
    __tablename__ = 'project_user_quotas'
    __table_args__ = (
        unique('project_user_quotas', 'user_id', 'project_id', 'resource'),
        sa.Index('project_user_quotas_project_id_idx', 'project_id'),
        sa.Index('project_user_quotas_user_id_idx', 'user_id'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str] = mapped_column(sa.String(255))
    user_id: Mapped[str] = mapped_column(sa.String(255))
    resource: Mapped[str] = mapped_column(sa.String(255))
    hard_limit: Mapped[int | None]


class QuotaUsage(TimestampMixin, Base):
    __tablename__ = 'quota_usages'
    __table_args__ = (
        sa.Index('quota_usages_project_id_idx', 'project_id'),
        sa.Index('quota_usages_user_id_idx', 'user_id'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    resource: Mapped[str] = mapped_column(sa.String(255))
    in_use: Mapped[int]
    reserved: Mapped[int]
    until_refresh: Mapped[int | None]


class Reservation(TimestampMixin, Base):
    __tablename__ = 'reservations'
    __table_args__ = (
        sa.Index('reservations_expire_idx', 'expire'),
        sa.Index('reservations_project_id_idx', 'project_id'),
        sa.Index('reservations_user_id_idx', 'user_id'),
        sa.Index('reservations_uuid_idx', 'uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    usage_id: Mapped[int] = mapped_column(sa.ForeignKey('quota_usages.id'))
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    resource: Mapped[str | None] = mapped_column(sa.String(255))
    delta: Mapped[int]
    expire: Mapped[datetime.datetime | None]


class CellMapping(TimestampMixin, Base):
    __tablename__ = 'cell_mappings'
    __table_args__ = (
        sa.Index('uuid_idx', 'uuid'),
        unique('cell_mappings', 'uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    name: Mapped[str | None] = mapped_column(sa.String(255))
    transport_url: Mapped[str | None] = mapped_column(sa.Text)
    database_connection: Mapped[str | None] = mapped_column(sa.Text)
    disabled: Mapped[bool | None] = mapped_column(default=False)


class HostMapping(TimestampMixin, Base):
    __tablename__ = 'host_mappings'
    __table_args__ = (
        sa.Index('host_idx', 'host'),
        unique('host_mappings', 'host'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cell_id: Mapped[int] = mapped_column(sa.ForeignKey('cell_mappings.id'))
    host: Mapped[str] = mapped_column(sa.String(255))


class InstanceMapping(TimestampMixin, Base):
    __tablename__ = 'instance_mappings'
    __table_args__ = (
        sa.Index('instance_uuid_idx', 'instance_uuid'),
        sa.Index('project_id_idx', 'project_id'),
        sa.Index('instance_mappings_user_id_project_id_idx',
                 'user_id', 'project_id'),
        unique('instance_mappings', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str] = mapped_column(sa.String(36))
    cell_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey('cell_mappings.id'))
    project_id: Mapped[str] = mapped_column(sa.String(255))
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    queued_for_delete: Mapped[bool | None] = mapped_column(default=False)


class RequestSpec(TimestampMixin, Base):
    __tablename__ = 'request_specs'
    __table_args__ = (
        sa.Index('request_spec_instance_uuid_idx', 'instance_uuid'),
        unique('request_specs', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str] = mapped_column(sa.String(36))
    spec: Mapped[str] = mapped_column(MediumText)


class BuildRequest(TimestampMixin, Base):
    __tablename__ = 'build_requests'
    __table_args__ = (
        sa.Index('build_requests_instance_uuid_idx', 'instance_uuid'),
        sa.Index('build_requests_project_id_idx', 'project_id'),
        unique('build_requests', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str | None] = mapped_column(sa.String(36))
    project_id: Mapped[str] = mapped_column(sa.String(255))
    instance: Mapped[str | None] = mapped_column(MediumText)
    block_device_mappings: Mapped[str | None] = mapped_column(MediumText)
    tags: Mapped[str | None] = mapped_column(sa.Text)


class InstanceGroup(TimestampMixin, Base):
    __tablename__ = 'instance_groups'
    __table_args__ = (
        unique('instance_groups', 'uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    uuid: Mapped[str] = mapped_column(sa.String(36))
    name: Mapped[str | None] = mapped_column(sa.String(255))

    policies: Mapped[list['InstanceGroupPolicy']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')
    members: Mapped[list['InstanceGroupMember']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')


class InstanceGroupPolicy(TimestampMixin, Base):
    __tablename__ = 'instance_group_policy'
    __table_args__ = (
        sa.Index('instance_group_policy_policy_idx', 'policy'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy: Mapped[str | None] = mapped_column(sa.String(255))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey('instance_groups.id'))
    rules: Mapped[str | None] = mapped_column(sa.Text)


class InstanceGroupMember(TimestampMixin, Base):
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        sa.Index('instance_group_member_instance_idx', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str | None] = mapped_column(sa.String(255))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey('instance_groups.id'))


class Aggregate(TimestampMixin, Base):
    __tablename__ = 'aggregates'
    __table_args__ = (
        sa.Index('aggregate_uuid_idx', 'uuid'),
        unique('aggregates', 'name'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    name: Mapped[str | None] = mapped_column(sa.String(255))

    hosts: Mapped[list['AggregateHost']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')
    metadata_items: Mapped[list['AggregateMetadata']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')


class AggregateHost(TimestampMixin, Base):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        unique('aggregate_hosts', 'host', 'aggregate_id'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str | None] = mapped_column(sa.String(255))
    aggregate_id: Mapped[int] = mapped_column(sa.ForeignKey('aggregates.id'))


class AggregateMetadata(TimestampMixin, Base):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        sa.Index('aggregate_metadata_key_idx', 'key'),
        unique('aggregate_metadata', 'aggregate_id', 'key'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255))
    value: Mapped[str] = mapped_column(sa.String(255))
    aggregate_id: Mapped[int] = mapped_column(sa.ForeignKey('aggregates.id'))
