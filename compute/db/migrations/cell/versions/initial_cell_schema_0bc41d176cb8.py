"""Initial schema of the cell database.

Revision ID: 0bc41d176cb8
Revises:
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '0bc41d176cb8'
down_revision = None
branch_labels = None
depends_on = None

# Migrations never import the models; these freeze the types they use.
MEDIUMTEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql', 'mariadb')
# SQLite only auto-increments an INTEGER PRIMARY KEY.
BIGINT_PK = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
# Prefix lengths keeping a five-VARCHAR index under InnoDB's key limit.
MIGRATIONS_IDX_PREFIX = dict.fromkeys(
    ('source_compute', 'dest_compute', 'source_node', 'dest_node',
     'status'),
    150)
MYSQL_OPTS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def foreign_key(table, column, target):
    """A foreign key named <table>_<column>_fkey on every back end."""
    return sa.ForeignKeyConstraint(
        [column], [target], name=f'{table}_{column}_fkey')


def upgrade():
    op.create_table(
        'compute_nodes',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('service_id', sa.Integer),
        sa.Column('host', sa.String(255)),
        sa.Column('uuid', sa.String(36)),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('local_gb', sa.Integer, nullable=False),
        sa.Column('vcpus_used', sa.Integer, nullable=False),
        sa.Column('memory_mb_used', sa.Integer, nullable=False),
        sa.Column('local_gb_used', sa.Integer, nullable=False),
        sa.Column('hypervisor_type', MEDIUMTEXT, nullable=False),
        sa.Column('hypervisor_version', sa.Integer, nullable=False),
        sa.Column('hypervisor_hostname', sa.String(255)),
        sa.Column('free_ram_mb', sa.Integer),
        sa.Column('free_disk_gb', sa.Integer),
        sa.Column('current_workload', sa.Integer),
        sa.Column('running_vms', sa.Integer),
        sa.Column('cpu_info', MEDIUMTEXT, nullable=False),
        sa.Column('disk_available_least', sa.Integer),
        sa.Column('host_ip', sa.String(39)),
        sa.Column('supported_instances', sa.Text),
        sa.Column('metrics', sa.Text),
        sa.Column('pci_stats', sa.Text),
        sa.Column('extra_resources', sa.Text),
        sa.Column('stats', sa.Text),
        sa.Column('numa_topology', sa.Text),
        sa.Column('ram_allocation_ratio', sa.Float),
        sa.Column('cpu_allocation_ratio', sa.Float),
        sa.Column('disk_allocation_ratio', sa.Float),
        sa.Column('mapped', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        sa.UniqueConstraint(
            'host', 'hypervisor_hostname', 'deleted',
            name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
        sa.Index('compute_nodes_uuid_idx', 'uuid', unique=True),
        **MYSQL_OPTS)

    op.create_table(
        'instances',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('image_ref', sa.String(255)),
        sa.Column('kernel_id', sa.String(255)),
        sa.Column('ramdisk_id', sa.String(255)),
        sa.Column('hostname', sa.String(255)),
        sa.Column('launch_index', sa.Integer),
        sa.Column('key_name', sa.String(255)),
        sa.Column('key_data', MEDIUMTEXT),
        sa.Column('power_state', sa.Integer),
        sa.Column('vm_state', sa.String(255)),
        sa.Column('task_state', sa.String(255)),
        sa.Column('memory_mb', sa.Integer),
        sa.Column('vcpus', sa.Integer),
        sa.Column('root_gb', sa.Integer),
        sa.Column('ephemeral_gb', sa.Integer),
        sa.Column('ephemeral_key_uuid', sa.String(36)),
        sa.Column('host', sa.String(255)),
        sa.Column('node', sa.String(255)),
        sa.Column('compute_id', sa.BigInteger),
        sa.Column('instance_type_id', sa.Integer),
        sa.Column('user_data', MEDIUMTEXT),
        sa.Column('reservation_id', sa.String(255)),
        sa.Column('launched_at', sa.DateTime),
        sa.Column('terminated_at', sa.DateTime),
        sa.Column('availability_zone', sa.String(255)),
        sa.Column('display_name', sa.String(255)),
        sa.Column('display_description', sa.String(255)),
        sa.Column('launched_on', MEDIUMTEXT),
        sa.Column('locked', sa.Boolean),
        sa.Column('locked_by',
                  sa.Enum('owner', 'admin', name='instances0locked_by')),
        sa.Column('os_type', sa.String(255)),
        sa.Column('architecture', sa.String(255)),
        sa.Column('vm_mode', sa.String(255)),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('root_device_name', sa.String(255)),
        sa.Column('default_ephemeral_device', sa.String(255)),
        sa.Column('default_swap_device', sa.String(255)),
        sa.Column('config_drive', sa.String(255)),
        sa.Column('access_ip_v4', sa.String(39)),
        sa.Column('access_ip_v6', sa.String(39)),
        sa.Column('auto_disk_config', sa.Boolean),
        sa.Column('progress', sa.Integer),
        sa.Column('shutdown_terminate', sa.Boolean),
        sa.Column('disable_terminate', sa.Boolean),
        sa.Column('cell_name', sa.String(255)),
        sa.Column('cleaned', sa.Integer),
        sa.Column('hidden', sa.Boolean),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        sa.UniqueConstraint('uuid', name='uniq_instances0uuid'),
        sa.Index('instances_compute_id_deleted_idx', 'compute_id', 'deleted'),
        sa.Index('instances_deleted_created_at_idx', 'deleted', 'created_at'),
        sa.Index('instances_host_deleted_cleaned_idx', 'host', 'deleted',
                 'cleaned'),
        sa.Index('instances_host_node_deleted_idx', 'host', 'node', 'deleted'),
        sa.Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        sa.Index('instances_project_id_idx', 'project_id'),
        sa.Index('instances_reservation_id_idx', 'reservation_id'),
        sa.Index('instances_task_state_updated_at_idx', 'task_state',
                 'updated_at'),
        sa.Index('instances_terminated_at_launched_at_idx', 'terminated_at',
                 'launched_at'),
        sa.Index('instances_updated_at_project_id_idx', 'updated_at',
                 'project_id'),
        sa.Index('instances_uuid_deleted_idx', 'uuid', 'deleted'),
        **MYSQL_OPTS)

    op.create_table(
        'security_groups',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(255)),
        sa.Column('description', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        sa.UniqueConstraint(
            'project_id', 'name', 'deleted',
            name='uniq_security_groups0project_id0name0deleted'),
        **MYSQL_OPTS)

    op.create_table(
        'services',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36)),
        sa.Column('host', sa.String(255)),
        sa.Column('binary', sa.String(255)),
        sa.Column('topic', sa.String(255)),
        sa.Column('report_count', sa.Integer, nullable=False),
        sa.Column('disabled', sa.Boolean),
        sa.Column('disabled_reason', sa.String(255)),
        sa.Column('last_seen_up', sa.DateTime),
        sa.Column('forced_down', sa.Boolean),
        sa.Column('version', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        sa.UniqueConstraint('host', 'binary', 'deleted',
                            name='uniq_services0host0binary0deleted'),
        sa.UniqueConstraint('host', 'topic', 'deleted',
                            name='uniq_services0host0topic0deleted'),
        sa.Index('services_uuid_idx', 'uuid', unique=True),
        **MYSQL_OPTS)

    op.create_table(
        'tags',
        sa.Column('resource_id', sa.String(36), primary_key=True),
        sa.Column('tag', sa.String(80), primary_key=True),
        sa.Index('tags_tag_idx', 'tag'),
        **MYSQL_OPTS)

    op.create_table(
        'task_log',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('task_name', sa.String(255), nullable=False),
        sa.Column('state', sa.String(255), nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('period_beginning', sa.DateTime, nullable=False),
        sa.Column('period_ending', sa.DateTime, nullable=False),
        sa.Column('message', sa.String(255), nullable=False),
        sa.Column('task_items', sa.Integer),
        sa.Column('errors', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        sa.UniqueConstraint(
            'task_name', 'host', 'period_beginning', 'period_ending',
            name=('uniq_task_log0task_name0host0period_beginning'
                  '0period_ending')),
        sa.Index('ix_task_log_host', 'host'),
        sa.Index('ix_task_log_period_beginning', 'period_beginning'),
        sa.Index('ix_task_log_period_ending', 'period_ending'),
        **MYSQL_OPTS)

    op.create_table(
        'block_device_mapping',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('uuid', sa.String(36)),
        sa.Column('source_type', sa.String(255)),
        sa.Column('destination_type', sa.String(255)),
        sa.Column('guest_format', sa.String(255)),
        sa.Column('device_type', sa.String(255)),
        sa.Column('disk_bus', sa.String(255)),
        sa.Column('boot_index', sa.Integer),
        sa.Column('device_name', sa.String(255)),
        sa.Column('delete_on_termination', sa.Boolean),
        sa.Column('snapshot_id', sa.String(36)),
        sa.Column('volume_id', sa.String(36)),
        sa.Column('volume_size', sa.Integer),
        sa.Column('volume_type', sa.String(255)),
        sa.Column('image_id', sa.String(36)),
        sa.Column('no_device', sa.Boolean),
        sa.Column('connection_info', MEDIUMTEXT),
        sa.Column('tag', sa.String(255)),
        sa.Column('attachment_id', sa.String(36)),
        sa.Column('encrypted', sa.Boolean),
        sa.Column('encryption_secret_uuid', sa.String(36)),
        sa.Column('encryption_format', sa.String(128)),
        sa.Column('encryption_options', sa.String(4096)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('block_device_mapping', 'instance_uuid', 'instances.uuid'),
        sa.UniqueConstraint('uuid', name='uniq_block_device_mapping0uuid'),
        sa.Index('block_device_mapping_instance_uuid_device_name_idx',
                 'instance_uuid', 'device_name'),
        sa.Index('block_device_mapping_instance_uuid_idx', 'instance_uuid'),
        sa.Index('block_device_mapping_instance_uuid_volume_id_idx',
                 'instance_uuid', 'volume_id'),
        sa.Index('snapshot_id', 'snapshot_id'),
        sa.Index('volume_id', 'volume_id'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_actions',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('action', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('request_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('start_time', sa.DateTime),
        sa.Column('finish_time', sa.DateTime),
        sa.Column('message', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_actions', 'instance_uuid', 'instances.uuid'),
        sa.Index('instance_actions_instance_uuid_updated_at_idx',
                 'instance_uuid', 'updated_at'),
        sa.Index('instance_uuid_idx', 'instance_uuid'),
        sa.Index('request_id_idx', 'request_id'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_extra',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('device_metadata', sa.Text),
        sa.Column('numa_topology', sa.Text),
        sa.Column('pci_requests', sa.Text),
        sa.Column('flavor', sa.Text),
        sa.Column('vcpu_model', sa.Text),
        sa.Column('migration_context', sa.Text),
        sa.Column('keypairs', sa.Text),
        sa.Column('trusted_certs', sa.Text),
        sa.Column('resources', sa.Text),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_extra', 'instance_uuid', 'instances.uuid'),
        sa.Index('instance_extra_idx', 'instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_faults',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('code', sa.Integer, nullable=False),
        sa.Column('message', sa.String(255)),
        sa.Column('details', MEDIUMTEXT),
        sa.Column('host', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_faults', 'instance_uuid', 'instances.uuid'),
        sa.Index('instance_faults_host_idx', 'host'),
        sa.Index('instance_faults_instance_uuid_deleted_created_at_idx',
                 'instance_uuid', 'deleted', 'created_at'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_info_caches',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('network_info', MEDIUMTEXT),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_info_caches', 'instance_uuid', 'instances.uuid'),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_instance_info_caches0instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_metadata',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('key', sa.String(255)),
        sa.Column('value', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_metadata', 'instance_uuid', 'instances.uuid'),
        sa.Index('instance_metadata_instance_uuid_idx', 'instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_system_metadata',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255)),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_system_metadata', 'instance_uuid',
                    'instances.uuid'),
        sa.Index('instance_uuid', 'instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'migrations',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('source_compute', sa.String(255)),
        sa.Column('dest_compute', sa.String(255)),
        sa.Column('source_node', sa.String(255)),
        sa.Column('dest_node', sa.String(255)),
        sa.Column('dest_compute_id', sa.BigInteger),
        sa.Column('dest_host', sa.String(255)),
        sa.Column('old_instance_type_id', sa.Integer),
        sa.Column('new_instance_type_id', sa.Integer),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('uuid', sa.String(36)),
        sa.Column('status', sa.String(255)),
        sa.Column('migration_type',
                  sa.Enum('migration', 'resize', 'live-migration',
                          'evacuation', name='migration_type')),
        sa.Column('hidden', sa.Boolean),
        sa.Column('memory_total', sa.BigInteger),
        sa.Column('memory_processed', sa.BigInteger),
        sa.Column('memory_remaining', sa.BigInteger),
        sa.Column('disk_total', sa.BigInteger),
        sa.Column('disk_processed', sa.BigInteger),
        sa.Column('disk_remaining', sa.BigInteger),
        sa.Column('cross_cell_move', sa.Boolean),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('migrations', 'instance_uuid', 'instances.uuid'),
        sa.Index('migrations_by_dest_host_nodes_and_status_idx', 'deleted',
                 'dest_compute', 'dest_node', 'status'),
        sa.Index('migrations_by_host_nodes_and_status_idx', 'deleted',
                 'source_compute', 'dest_compute', 'source_node', 'dest_node',
                 'status', mysql_length=MIGRATIONS_IDX_PREFIX),
        sa.Index('migrations_by_src_host_nodes_and_status_idx', 'deleted',
                 'source_compute', 'source_node', 'status'),
        sa.Index('migrations_dest_compute_id_deleted_idx', 'dest_compute_id',
                 'deleted'),
        sa.Index('migrations_instance_uuid_and_status_idx', 'deleted',
                 'instance_uuid', 'status'),
        sa.Index('migrations_updated_at_idx', 'updated_at'),
        sa.Index('migrations_uuid', 'uuid', unique=True),
        **MYSQL_OPTS)

    op.create_table(
        'security_group_instance_association',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('security_group_id', sa.Integer),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('security_group_instance_association', 'security_group_id',
                    'security_groups.id'),
        foreign_key('security_group_instance_association', 'instance_uuid',
                    'instances.uuid'),
        sa.Index('security_group_instance_association_instance_uuid_idx',
                 'instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'security_group_rules',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('parent_group_id', sa.Integer),
        sa.Column('protocol', sa.String(255)),
        sa.Column('from_port', sa.Integer),
        sa.Column('to_port', sa.Integer),
        sa.Column('cidr', sa.String(43)),
        sa.Column('group_id', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('security_group_rules', 'parent_group_id',
                    'security_groups.id'),
        foreign_key('security_group_rules', 'group_id', 'security_groups.id'),
        **MYSQL_OPTS)

    op.create_table(
        'share_mapping',
        sa.Column('id', BIGINT_PK, primary_key=True),
        sa.Column('uuid', sa.String(36)),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('share_id', sa.String(36)),
        sa.Column('status', sa.String(32)),
        sa.Column('tag', sa.String(48)),
        sa.Column('export_location', sa.Text),
        sa.Column('share_proto', sa.String(32)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('share_mapping', 'instance_uuid', 'instances.uuid'),
        sa.UniqueConstraint('instance_uuid', 'share_id',
                            name='uniq_share_mapping0instance_uuid0share_id'),
        sa.UniqueConstraint('instance_uuid', 'tag',
                            name='uniq_share_mapping0instance_uuid0tag'),
        sa.Index('share_idx', 'share_id'),
        sa.Index('share_mapping_instance_uuid_share_id_idx', 'instance_uuid',
                 'share_id'),
        **MYSQL_OPTS)

    op.create_table(
        'virtual_interfaces',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('address', sa.String(255)),
        sa.Column('network_id', sa.Integer),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('uuid', sa.String(36)),
        sa.Column('tag', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('virtual_interfaces', 'instance_uuid', 'instances.uuid'),
        sa.UniqueConstraint('address', 'deleted',
                            name='uniq_virtual_interfaces0address0deleted'),
        sa.Index('virtual_interfaces_instance_uuid_fkey', 'instance_uuid'),
        sa.Index('virtual_interfaces_network_id_idx', 'network_id'),
        sa.Index('virtual_interfaces_uuid_idx', 'uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_actions_events',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('event', sa.String(255)),
        sa.Column('action_id', sa.Integer),
        sa.Column('start_time', sa.DateTime),
        sa.Column('finish_time', sa.DateTime),
        sa.Column('result', sa.String(255)),
        sa.Column('traceback', sa.Text),
        sa.Column('host', sa.String(255)),
        sa.Column('details', sa.Text),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('deleted', sa.Integer),
        foreign_key('instance_actions_events', 'action_id',
                    'instance_actions.id'),
        **MYSQL_OPTS)


def downgrade():
    op.drop_table('instance_actions_events')
    op.drop_table('virtual_interfaces')
    op.drop_table('share_mapping')
    op.drop_table('security_group_rules')
    op.drop_table('security_group_instance_association')
    op.drop_table('migrations')
    op.drop_table('instance_system_metadata')
    op.drop_table('instance_metadata')
    op.drop_table('instance_info_caches')
    op.drop_table('instance_faults')
    op.drop_table('instance_extra')
    op.drop_table('instance_actions')
    op.drop_table('block_device_mapping')
    op.drop_table('task_log')
    op.drop_table('tags')
    op.drop_table('services')
    op.drop_table('security_groups')
    op.drop_table('instances')
    op.drop_table('compute_nodes')
    # PostgreSQL keeps enum types apart from the tables using them.
    for name in ('instances0locked_by', 'migration_type'):
        sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
