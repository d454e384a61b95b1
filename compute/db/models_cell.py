"""ORM models of a cell database: instances and everything hanging off them.

The table, column, constraint and index names follow Nova's main (cell)
schema. Most tables are soft-deleted: a live row has ``deleted == 0`` and a
deleted one keeps its data with ``deleted`` set to its own id (so unique
constraints that include ``deleted`` admit re-creation) and ``deleted_at``.

Instance relationships use ``lazy='raise'``: callers ask for what they need
with ``selectinload`` (Nova's ``expected_attrs``) instead of tripping over
implicit queries.
"""

import datetime

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from compute.db.models_api import MediumText
from compute.db.models_api import NAMING_CONVENTION
from compute.db.models_api import TimestampMixin
from compute.db.models_api import unique
from compute.db.models_api import utcnow

# Characters of each column that MySQL keeps in the widest migrations index.
MIGRATIONS_IDX_PREFIX = dict.fromkeys(
    ('source_compute', 'dest_compute', 'source_node', 'dest_node', 'status'),
    150)

# SQLite only auto-increments an INTEGER PRIMARY KEY.
BigIntPK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


class Base(orm.DeclarativeBase):
    """Declarative base of the cell database (its own MetaData)."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class SoftDeleteMixin:
    """deleted_at / deleted (0 for a live row, else the row's id)."""

    deleted_at: Mapped[datetime.datetime | None]
    deleted: Mapped[int | None] = mapped_column(default=0)


class Instance(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instances'
    __table_args__ = (
        sa.Index('instances_compute_id_deleted_idx', 'compute_id', 'deleted'),
        sa.Index('instances_deleted_created_at_idx', 'deleted', 'created_at'),
        sa.Index('instances_host_deleted_cleaned_idx',
                 'host', 'deleted', 'cleaned'),
        sa.Index('instances_host_node_deleted_idx', 'host', 'node', 'deleted'),
        sa.Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        sa.Index('instances_project_id_idx', 'project_id'),
        sa.Index('instances_reservation_id_idx', 'reservation_id'),
        sa.Index('instances_task_state_updated_at_idx',
                 'task_state', 'updated_at'),
        sa.Index('instances_terminated_at_launched_at_idx',
                 'terminated_at', 'launched_at'),
        sa.Index('instances_updated_at_project_id_idx',
                 'updated_at', 'project_id'),
        sa.Index('instances_uuid_deleted_idx', 'uuid', 'deleted'),
        unique('instances', 'uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    image_ref: Mapped[str | None] = mapped_column(sa.String(255))
    kernel_id: Mapped[str | None] = mapped_column(sa.String(255))
    ramdisk_id: Mapped[str | None] = mapped_column(sa.String(255))
    hostname: Mapped[str | None] = mapped_column(sa.String(255))
    launch_index: Mapped[int | None]
    key_name: Mapped[str | None] = mapped_column(sa.String(255))
    key_data: Mapped[str | None] = mapped_column(MediumText)
    power_state: Mapped[int | None]
    vm_state: Mapped[str | None] = mapped_column(sa.String(255))
    task_state: Mapped[str | None] = mapped_column(sa.String(255))
    memory_mb: Mapped[int | None]
    vcpus: Mapped[int | None]
    root_gb: Mapped[int | None]
    ephemeral_gb: Mapped[int | None]
    ephemeral_key_uuid: Mapped[str | None] = mapped_column(sa.String(36))
    host: Mapped[str | None] = mapped_column(sa.String(255))
    node: Mapped[str | None] = mapped_column(sa.String(255))
    compute_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    instance_type_id: Mapped[int | None]
    user_data: Mapped[str | None] = mapped_column(MediumText)
    reservation_id: Mapped[str | None] = mapped_column(sa.String(255))
    launched_at: Mapped[datetime.datetime | None]
    terminated_at: Mapped[datetime.datetime | None]
    availability_zone: Mapped[str | None] = mapped_column(sa.String(255))
    display_name: Mapped[str | None] = mapped_column(sa.String(255))
    display_description: Mapped[str | None] = mapped_column(sa.String(255))
    launched_on: Mapped[str | None] = mapped_column(MediumText)
    locked: Mapped[bool | None] = mapped_column(default=False)
    locked_by: Mapped[str | None] = mapped_column(
        sa.Enum('owner', 'admin', name='instances0locked_by'))
    os_type: Mapped[str | None] = mapped_column(sa.String(255))
    architecture: Mapped[str | None] = mapped_column(sa.String(255))
    vm_mode: Mapped[str | None] = mapped_column(sa.String(255))
    uuid: Mapped[str] = mapped_column(sa.String(36))
    root_device_name: Mapped[str | None] = mapped_column(sa.String(255))
    default_ephemeral_device: Mapped[str | None] = mapped_column(
        sa.String(255))
    default_swap_device: Mapped[str | None] = mapped_column(sa.String(255))
    config_drive: Mapped[str | None] = mapped_column(sa.String(255))
    access_ip_v4: Mapped[str | None] = mapped_column(sa.String(39))
    access_ip_v6: Mapped[str | None] = mapped_column(sa.String(39))
    auto_disk_config: Mapped[bool | None]
    progress: Mapped[int | None]
    shutdown_terminate: Mapped[bool | None] = mapped_column(default=False)
    disable_terminate: Mapped[bool | None] = mapped_column(default=False)
    cell_name: Mapped[str | None] = mapped_column(sa.String(255))
    cleaned: Mapped[int | None] = mapped_column(default=0)
    hidden: Mapped[bool | None] = mapped_column(default=False)

    extra: Mapped['InstanceExtra | None'] = orm.relationship(
        lazy='raise', uselist=False)
    info_cache: Mapped['InstanceInfoCache | None'] = orm.relationship(
        lazy='raise', uselist=False)
    metadata_items: Mapped[list['InstanceMetadata']] = orm.relationship(
        lazy='raise',
        primaryjoin='and_(InstanceMetadata.instance_uuid == Instance.uuid,'
                    ' InstanceMetadata.deleted == 0)')
    system_metadata: Mapped[list['InstanceSystemMetadata']] = (
        orm.relationship(
            lazy='raise',
            primaryjoin='and_(InstanceSystemMetadata.instance_uuid =='
                        ' Instance.uuid,'
                        ' InstanceSystemMetadata.deleted == 0)'))
    tags: Mapped[list['Tag']] = orm.relationship(
        lazy='raise', primaryjoin='Instance.uuid == foreign(Tag.resource_id)')
    faults: Mapped[list['InstanceFault']] = orm.relationship(
        lazy='raise',
        primaryjoin='and_(InstanceFault.instance_uuid == Instance.uuid,'
                    ' InstanceFault.deleted == 0)',
        order_by='(InstanceFault.created_at.desc(), InstanceFault.id.desc())')


class InstanceExtra(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_extra'
    __table_args__ = (
        sa.Index('instance_extra_idx', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    device_metadata: Mapped[str | None] = mapped_column(sa.Text)
    numa_topology: Mapped[str | None] = mapped_column(sa.Text)
    pci_requests: Mapped[str | None] = mapped_column(sa.Text)
    flavor: Mapped[str | None] = mapped_column(sa.Text)
    vcpu_model: Mapped[str | None] = mapped_column(sa.Text)
    migration_context: Mapped[str | None] = mapped_column(sa.Text)
    keypairs: Mapped[str | None] = mapped_column(sa.Text)
    trusted_certs: Mapped[str | None] = mapped_column(sa.Text)
    resources: Mapped[str | None] = mapped_column(sa.Text)


class InstanceMetadata(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_metadata'
    __table_args__ = (
        sa.Index('instance_metadata_instance_uuid_idx', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(sa.String(255))
    value: Mapped[str | None] = mapped_column(sa.String(255))
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))


class InstanceSystemMetadata(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_system_metadata'
    __table_args__ = (
        sa.Index('instance_uuid', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(255))
    value: Mapped[str | None] = mapped_column(sa.String(255))
    instance_uuid: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))


class InstanceInfoCache(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_info_caches'
    __table_args__ = (
        unique('instance_info_caches', 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_info: Mapped[str | None] = mapped_column(MediumText)
    instance_uuid: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))


class InstanceFault(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_faults'
    __table_args__ = (
        sa.Index('instance_faults_host_idx', 'host'),
        sa.Index('instance_faults_instance_uuid_deleted_created_at_idx',
                 'instance_uuid', 'deleted', 'created_at'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    code: Mapped[int]
    message: Mapped[str | None] = mapped_column(sa.String(255))
    details: Mapped[str | None] = mapped_column(MediumText)
    host: Mapped[str | None] = mapped_column(sa.String(255))


class InstanceAction(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_actions'
    __table_args__ = (
        sa.Index('instance_actions_instance_uuid_updated_at_idx',
                 'instance_uuid', 'updated_at'),
        sa.Index('instance_uuid_idx', 'instance_uuid'),
        sa.Index('request_id_idx', 'request_id'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str | None] = mapped_column(sa.String(255))
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    request_id: Mapped[str | None] = mapped_column(sa.String(255))
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    project_id: Mapped[str | None] = mapped_column(sa.String(255))
    start_time: Mapped[datetime.datetime | None] = mapped_column(
        default=utcnow)
    finish_time: Mapped[datetime.datetime | None]
    message: Mapped[str | None] = mapped_column(sa.String(255))


class InstanceActionEvent(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'instance_actions_events'

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str | None] = mapped_column(sa.String(255))
    action_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey('instance_actions.id'))
    start_time: Mapped[datetime.datetime | None] = mapped_column(
        default=utcnow)
    finish_time: Mapped[datetime.datetime | None]
    result: Mapped[str | None] = mapped_column(sa.String(255))
    traceback: Mapped[str | None] = mapped_column(sa.Text)
    host: Mapped[str | None] = mapped_column(sa.String(255))
    details: Mapped[str | None] = mapped_column(sa.Text)


class BlockDeviceMapping(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'block_device_mapping'
    __table_args__ = (
        sa.Index('block_device_mapping_instance_uuid_device_name_idx',
                 'instance_uuid', 'device_name'),
        sa.Index('block_device_mapping_instance_uuid_idx', 'instance_uuid'),
        sa.Index('block_device_mapping_instance_uuid_volume_id_idx',
                 'instance_uuid', 'volume_id'),
        sa.Index('snapshot_id', 'snapshot_id'),
        sa.Index('volume_id', 'volume_id'),
        unique('block_device_mapping', 'uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    source_type: Mapped[str | None] = mapped_column(sa.String(255))
    destination_type: Mapped[str | None] = mapped_column(sa.String(255))
    guest_format: Mapped[str | None] = mapped_column(sa.String(255))
    device_type: Mapped[str | None] = mapped_column(sa.String(255))
    disk_bus: Mapped[str | None] = mapped_column(sa.String(255))
    boot_index: Mapped[int | None]
    device_name: Mapped[str | None] = mapped_column(sa.String(255))
    delete_on_termination: Mapped[bool | None] = mapped_column(default=False)
    snapshot_id: Mapped[str | None] = mapped_column(sa.String(36))
    volume_id: Mapped[str | None] = mapped_column(sa.String(36))
    volume_size: Mapped[int | None]
    volume_type: Mapped[str | None] = mapped_column(sa.String(255))
    image_id: Mapped[str | None] = mapped_column(sa.String(36))
    no_device: Mapped[bool | None]
    connection_info: Mapped[str | None] = mapped_column(MediumText)
    tag: Mapped[str | None] = mapped_column(sa.String(255))
    attachment_id: Mapped[str | None] = mapped_column(sa.String(36))
    encrypted: Mapped[bool | None] = mapped_column(default=False)
    encryption_secret_uuid: Mapped[str | None] = mapped_column(sa.String(36))
    encryption_format: Mapped[str | None] = mapped_column(sa.String(128))
    encryption_options: Mapped[str | None] = mapped_column(sa.String(4096))


class Migration(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'migrations'
    __table_args__ = (
        sa.Index('migrations_by_dest_host_nodes_and_status_idx',
                 'deleted', 'dest_compute', 'dest_node', 'status'),
        # Five full VARCHAR(255) utf8mb4 columns exceed InnoDB's 3072-byte
        # key limit, so MySQL indexes a prefix of each.
        sa.Index('migrations_by_host_nodes_and_status_idx',
                 'deleted', 'source_compute', 'dest_compute', 'source_node',
                 'dest_node', 'status', mysql_length=MIGRATIONS_IDX_PREFIX),
        sa.Index('migrations_by_src_host_nodes_and_status_idx',
                 'deleted', 'source_compute', 'source_node', 'status'),
        sa.Index('migrations_dest_compute_id_deleted_idx',
                 'dest_compute_id', 'deleted'),
        sa.Index('migrations_instance_uuid_and_status_idx',
                 'deleted', 'instance_uuid', 'status'),
        sa.Index('migrations_updated_at_idx', 'updated_at'),
        sa.Index('migrations_uuid', 'uuid', unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_compute: Mapped[str | None] = mapped_column(sa.String(255))
    dest_compute: Mapped[str | None] = mapped_column(sa.String(255))
    source_node: Mapped[str | None] = mapped_column(sa.String(255))
    dest_node: Mapped[str | None] = mapped_column(sa.String(255))
    dest_compute_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    dest_host: Mapped[str | None] = mapped_column(sa.String(255))
    old_instance_type_id: Mapped[int | None]
    new_instance_type_id: Mapped[int | None]
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    status: Mapped[str | None] = mapped_column(sa.String(255))
    migration_type: Mapped[str | None] = mapped_column(
        sa.Enum('migration', 'resize', 'live-migration', 'evacuation',
                name='migration_type'))
    hidden: Mapped[bool | None] = mapped_column(default=False)
    memory_total: Mapped[int | None] = mapped_column(sa.BigInteger)
    memory_processed: Mapped[int | None] = mapped_column(sa.BigInteger)
    memory_remaining: Mapped[int | None] = mapped_column(sa.BigInteger)
    disk_total: Mapped[int | None] = mapped_column(sa.BigInteger)
    disk_processed: Mapped[int | None] = mapped_column(sa.BigInteger)
    disk_remaining: Mapped[int | None] = mapped_column(sa.BigInteger)
    cross_cell_move: Mapped[bool | None] = mapped_column(default=False)
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    project_id: Mapped[str | None] = mapped_column(sa.String(255))


class Service(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'services'
    __table_args__ = (
        unique('services', 'host', 'topic', 'deleted'),
        unique('services', 'host', 'binary', 'deleted'),
        sa.Index('services_uuid_idx', 'uuid', unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    host: Mapped[str | None] = mapped_column(sa.String(255))
    binary: Mapped[str | None] = mapped_column(sa.String(255))
    topic: Mapped[str | None] = mapped_column(sa.String(255))
    report_count: Mapped[int] = mapped_column(default=0)
    disabled: Mapped[bool | None] = mapped_column(default=False)
    disabled_reason: Mapped[str | None] = mapped_column(sa.String(255))
    last_seen_up: Mapped[datetime.datetime | None]
    forced_down: Mapped[bool | None] = mapped_column(default=False)
    version: Mapped[int | None] = mapped_column(default=0)


class ComputeNode(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        unique('compute_nodes', 'host', 'hypervisor_hostname', 'deleted'),
        sa.Index('compute_nodes_uuid_idx', 'uuid', unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None]
    host: Mapped[str | None] = mapped_column(sa.String(255))
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    vcpus: Mapped[int]
    memory_mb: Mapped[int]
    local_gb: Mapped[int]
    vcpus_used: Mapped[int]
    memory_mb_used: Mapped[int]
    local_gb_used: Mapped[int]
    hypervisor_type: Mapped[str] = mapped_column(MediumText)
    hypervisor_version: Mapped[int]
    hypervisor_hostname: Mapped[str | None] = mapped_column(sa.String(255))
    free_ram_mb: Mapped[int | None]
    free_disk_gb: Mapped[int | None]
    current_workload: Mapped[int | None]
    running_vms: Mapped[int | None]
    cpu_info: Mapped[str] = mapped_column(MediumText)
    disk_available_least: Mapped[int | None]
    host_ip: Mapped[str | None] = mapped_column(sa.String(39))
    supported_instances: Mapped[str | None] = mapped_column(sa.Text)
    metrics: Mapped[str | None] = mapped_column(sa.Text)
    pci_stats: Mapped[str | None] = mapped_column(sa.Text)
    extra_resources: Mapped[str | None] = mapped_column(sa.Text)
    stats: Mapped[str | None] = mapped_column(sa.Text, default='{}')
    numa_topology: Mapped[str | None] = mapped_column(sa.Text)
    ram_allocation_ratio: Mapped[float | None] = mapped_column(sa.Float)
    cpu_allocation_ratio: Mapped[float | None] = mapped_column(sa.Float)
    disk_allocation_ratio: Mapped[float | None] = mapped_column(sa.Float)
    mapped: Mapped[int | None] = mapped_column(default=0)


class Tag(Base):
    __tablename__ = 'tags'
    __table_args__ = (
        sa.Index('tags_tag_idx', 'tag'),
    )

    resource_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    tag: Mapped[str] = mapped_column(sa.String(80), primary_key=True)


class VirtualInterface(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'virtual_interfaces'
    __table_args__ = (
        unique('virtual_interfaces', 'address', 'deleted'),
        sa.Index('virtual_interfaces_instance_uuid_fkey', 'instance_uuid'),
        sa.Index('virtual_interfaces_network_id_idx', 'network_id'),
        sa.Index('virtual_interfaces_uuid_idx', 'uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str | None] = mapped_column(sa.String(255))
    network_id: Mapped[int | None]
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    tag: Mapped[str | None] = mapped_column(sa.String(255))


class SecurityGroup(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'security_groups'
    __table_args__ = (
        unique('security_groups', 'project_id', 'name', 'deleted'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(255))
    description: Mapped[str | None] = mapped_column(sa.String(255))
    user_id: Mapped[str | None] = mapped_column(sa.String(255))
    project_id: Mapped[str | None] = mapped_column(sa.String(255))


class SecurityGroupRule(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'security_group_rules'

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey('security_groups.id'))
    protocol: Mapped[str | None] = mapped_column(sa.String(255))
    from_port: Mapped[int | None]
    to_port: Mapped[int | None]
    cidr: Mapped[str | None] = mapped_column(sa.String(43))
    group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey('security_groups.id'))


class SecurityGroupInstanceAssociation(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'security_group_instance_association'
    __table_args__ = (
        sa.Index('security_group_instance_association_instance_uuid_idx',
                 'instance_uuid'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    security_group_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey('security_groups.id'))
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))


class ShareMapping(TimestampMixin, Base):
    __tablename__ = 'share_mapping'
    __table_args__ = (
        sa.Index('share_idx', 'share_id'),
        sa.Index('share_mapping_instance_uuid_share_id_idx',
                 'instance_uuid', 'share_id'),
        unique('share_mapping', 'instance_uuid', 'tag'),
        unique('share_mapping', 'instance_uuid', 'share_id'),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    uuid: Mapped[str | None] = mapped_column(sa.String(36))
    instance_uuid: Mapped[str | None] = mapped_column(
        sa.String(36), sa.ForeignKey('instances.uuid'))
    share_id: Mapped[str | None] = mapped_column(sa.String(36))
    status: Mapped[str | None] = mapped_column(sa.String(32))
    tag: Mapped[str | None] = mapped_column(sa.String(48))
    export_location: Mapped[str | None] = mapped_column(sa.Text)
    share_proto: Mapped[str | None] = mapped_column(sa.String(32))


class TaskLog(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'task_log'
    __table_args__ = (
        unique('task_log', 'task_name', 'host', 'period_beginning',
               'period_ending'),
        sa.Index('ix_task_log_host', 'host'),
        sa.Index('ix_task_log_period_beginning', 'period_beginning'),
        sa.Index('ix_task_log_period_ending', 'period_ending'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_name: Mapped[str] = mapped_column(sa.String(255))
    state: Mapped[str] = mapped_column(sa.String(255))
    host: Mapped[str] = mapped_column(sa.String(255))
    period_beginning: Mapped[datetime.datetime]
    period_ending: Mapped[datetime.datetime]
    message: Mapped[str] = mapped_column(sa.String(255))
    task_items: Mapped[int | None] = mapped_column(default=0)
    errors: Mapped[int | None] = mapped_column(default=0)
