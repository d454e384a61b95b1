"""Initial schema of the API database.

Revision ID: 1f6b4e12a4b1
Revises:
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

revision = '1f6b4e12a4b1'
down_revision = None
branch_labels = None
depends_on = None

# Migrations never import the models; these freeze the types they use.
MEDIUMTEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql', 'mariadb')
MYSQL_OPTS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def foreign_key(table, column, target):
    """A foreign key named <table>_<column>_fkey on every back end."""
    return sa.ForeignKeyConstraint(
        [column], [target], name=f'{table}_{column}_fkey')


def upgrade():
    op.create_table(
        'aggregates',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36)),
        sa.Column('name', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('name', name='uniq_aggregates0name'),
        sa.Index('aggregate_uuid_idx', 'uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'build_requests',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(36)),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('instance', MEDIUMTEXT),
        sa.Column('block_device_mappings', MEDIUMTEXT),
        sa.Column('tags', sa.Text),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_build_requests0instance_uuid'),
        sa.Index('build_requests_instance_uuid_idx', 'instance_uuid'),
        sa.Index('build_requests_project_id_idx', 'project_id'),
        **MYSQL_OPTS)

    op.create_table(
        'cell_mappings',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255)),
        sa.Column('transport_url', sa.Text),
        sa.Column('database_connection', sa.Text),
        sa.Column('disabled', sa.Boolean),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('uuid', name='uniq_cell_mappings0uuid'),
        sa.Index('uuid_idx', 'uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'flavors',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('memory_mb', sa.Integer, nullable=False),
        sa.Column('vcpus', sa.Integer, nullable=False),
        sa.Column('root_gb', sa.Integer),
        sa.Column('ephemeral_gb', sa.Integer),
        sa.Column('flavorid', sa.String(255), nullable=False),
        sa.Column('swap', sa.Integer, nullable=False),
        sa.Column('rxtx_factor', sa.Float),
        sa.Column('vcpu_weight', sa.Integer),
        sa.Column('disabled', sa.Boolean),
        sa.Column('is_public', sa.Boolean),
        sa.Column('description', sa.Text),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
        sa.UniqueConstraint('name', name='uniq_flavors0name'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_groups',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('user_id', sa.String(255)),
        sa.Column('project_id', sa.String(255)),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255)),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'key_pairs',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('fingerprint', sa.String(255)),
        sa.Column('public_key', sa.Text),
        sa.Column('type', sa.Enum('ssh', 'x509', name='keypair_types'),
                  nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('user_id', 'name',
                            name='uniq_key_pairs0user_id0name'),
        **MYSQL_OPTS)

    op.create_table(
        'project_user_quotas',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255), nullable=False),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint(
            'user_id', 'project_id', 'resource',
            name='uniq_project_user_quotas0user_id0project_id0resource'),
        sa.Index('project_user_quotas_project_id_idx', 'project_id'),
        sa.Index('project_user_quotas_user_id_idx', 'user_id'),
        **MYSQL_OPTS)

    op.create_table(
        'quota_classes',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('class_name', sa.String(255)),
        sa.Column('resource', sa.String(255)),
        sa.Column('hard_limit', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Index('quota_classes_class_name_idx', 'class_name'),
        **MYSQL_OPTS)

    op.create_table(
        'quota_usages',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('in_use', sa.Integer, nullable=False),
        sa.Column('reserved', sa.Integer, nullable=False),
        sa.Column('until_refresh', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.Index('quota_usages_project_id_idx', 'project_id'),
        sa.Index('quota_usages_user_id_idx', 'user_id'),
        **MYSQL_OPTS)

    op.create_table(
        'quotas',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('project_id', sa.String(255)),
        sa.Column('resource', sa.String(255), nullable=False),
        sa.Column('hard_limit', sa.Integer),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'),
        **MYSQL_OPTS)

    op.create_table(
        'request_specs',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('spec', MEDIUMTEXT, nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_request_specs0instance_uuid'),
        sa.Index('request_spec_instance_uuid_idx', 'instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'aggregate_hosts',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('host', sa.String(255)),
        sa.Column('aggregate_id', sa.Integer, nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('aggregate_hosts', 'aggregate_id', 'aggregates.id'),
        sa.UniqueConstraint('host', 'aggregate_id',
                            name='uniq_aggregate_hosts0host0aggregate_id'),
        **MYSQL_OPTS)

    op.create_table(
        'aggregate_metadata',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255), nullable=False),
        sa.Column('aggregate_id', sa.Integer, nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('aggregate_metadata', 'aggregate_id', 'aggregates.id'),
        sa.UniqueConstraint('aggregate_id', 'key',
                            name='uniq_aggregate_metadata0aggregate_id0key'),
        sa.Index('aggregate_metadata_key_idx', 'key'),
        **MYSQL_OPTS)

    op.create_table(
        'flavor_extra_specs',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('key', sa.String(255), nullable=False),
        sa.Column('value', sa.String(255)),
        sa.Column('flavor_id', sa.Integer, nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('flavor_extra_specs', 'flavor_id', 'flavors.id'),
        sa.UniqueConstraint('flavor_id', 'key',
                            name='uniq_flavor_extra_specs0flavor_id0key'),
        sa.Index('flavor_extra_specs_flavor_id_key_idx', 'flavor_id', 'key'),
        **MYSQL_OPTS)

    op.create_table(
        'flavor_projects',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('flavor_id', sa.Integer, nullable=False),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('flavor_projects', 'flavor_id', 'flavors.id'),
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'),
        **MYSQL_OPTS)

    op.create_table(
        'host_mappings',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('cell_id', sa.Integer, nullable=False),
        sa.Column('host', sa.String(255), nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('host_mappings', 'cell_id', 'cell_mappings.id'),
        sa.UniqueConstraint('host', name='uniq_host_mappings0host'),
        sa.Index('host_idx', 'host'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_group_member',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(255)),
        sa.Column('group_id', sa.Integer, nullable=False),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('instance_group_member', 'group_id', 'instance_groups.id'),
        sa.Index('instance_group_member_instance_idx', 'instance_uuid'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_group_policy',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('policy', sa.String(255)),
        sa.Column('group_id', sa.Integer, nullable=False),
        sa.Column('rules', sa.Text),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('instance_group_policy', 'group_id', 'instance_groups.id'),
        sa.Index('instance_group_policy_policy_idx', 'policy'),
        **MYSQL_OPTS)

    op.create_table(
        'instance_mappings',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('instance_uuid', sa.String(36), nullable=False),
        sa.Column('cell_id', sa.Integer),
        sa.Column('project_id', sa.String(255), nullable=False),
        sa.Column('user_id', sa.String(255)),
        sa.Column('queued_for_delete', sa.Boolean),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('instance_mappings', 'cell_id', 'cell_mappings.id'),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_instance_mappings0instance_uuid'),
        sa.Index('instance_mappings_user_id_project_id_idx', 'user_id',
                 'project_id'),
        sa.Index('instance_uuid_idx', 'instance_uuid'),
        sa.Index('project_id_idx', 'project_id'),
        **MYSQL_OPTS)

    op.create_table(
        'reservations',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('usage_id', sa.Integer, nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('user_id', sa.String(255)),
        sa.Column('resource', sa.String(255)),
        sa.Column('delta', sa.Integer, nullable=False),
        sa.Column('expire', sa.DateTime),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        foreign_key('reservations', 'usage_id', 'quota_usages.id'),
        sa.Index('reservations_expire_idx', 'expire'),
        sa.Index('reservations_project_id_idx', 'project_id'),
        sa.Index('reservations_user_id_idx', 'user_id'),
        sa.Index('reservations_uuid_idx', 'uuid'),
        **MYSQL_OPTS)


def downgrade():
    op.drop_table('reservations')
    op.drop_table('instance_mappings')
    op.drop_table('instance_group_policy')
    op.drop_table('instance_group_member')
    op.drop_table('host_mappings')
    op.drop_table('flavor_projects')
    op.drop_table('flavor_extra_specs')
    op.drop_table('aggregate_metadata')
    op.drop_table('aggregate_hosts')
    op.drop_table('request_specs')
    op.drop_table('quotas')
    op.drop_table('quota_usages')
    op.drop_table('quota_classes')
    op.drop_table('project_user_quotas')
    op.drop_table('key_pairs')
    op.drop_table('instance_groups')
    op.drop_table('flavors')
    op.drop_table('cell_mappings')
    op.drop_table('build_requests')
    op.drop_table('aggregates')
    # PostgreSQL keeps enum types apart from the tables using them.
    for name in ('keypair_types',):
        sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
