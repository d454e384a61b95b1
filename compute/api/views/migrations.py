"""Responses of GET /os-migrations per microversion.

Every version shows the hosts, nodes, flavor ids, status and times;
2.23 adds ``migration_type`` and, for a live migration in progress, the
links of its server-migrations resource; 2.59 adds ``uuid`` and the
``next`` link of a full page; 2.80 ``user_id`` and ``project_id``. Host
fields are null for callers not allowed to see hosts.
"""

from compute.api.views import timestamps
from compute.api import microversion
from compute.api.views import links
from compute.objects import migration as migration_obj

_KEYS = ('id', 'instance_uuid', 'status', 'source_compute', 'source_node',
         'dest_compute', 'dest_node', 'dest_host', 'old_instance_type_id',
         'new_instance_type_id')
HOST_KEYS = ('source_compute', 'source_node', 'dest_compute', 'dest_node',
             'dest_host')


def _migration(req, migration, show_hosts):
    body = {key: getattr(migration, key) for key in _KEYS}
    body['created_at'] = timestamps.with_microseconds(migration.created_at)
    body['updated_at'] = timestamps.with_microseconds(migration.updated_at)
    if not show_hosts:
        body.update(dict.fromkeys(HOST_KEYS))
    if req.ver >= microversion.MIGRATION_TYPE:
        body['migration_type'] = migration.migration_type
        if migration.migration_type == migration_obj.LIVE_MIGRATION and \
                migration.status in migration_obj.LIVE_IN_PROGRESS:
            body['links'] = links.resource_links(
                req, 'servers/%s/migrations' % migration.instance_uuid,
                migration.id)
    if req.ver >= microversion.MIGRATION_PAGING:
        body['uuid'] = migration.uuid
    if req.ver >= microversion.MIGRATION_USER_PROJECT:
        body['user_id'] = migration.user_id
        body['project_id'] = migration.project_id
    return body


def index(req, migrations, limit, show_hosts):
    """The list; from 2.59 a ``next`` link when the page is full."""
    body = {'migrations': [_migration(req, m, show_hosts)
                           for m in migrations]}
    if req.ver >= microversion.MIGRATION_PAGING and limit and \
            len(migrations) == limit:
        body['migrations_links'] = [links.collection_next_link(
            req, 'os-migrations', migrations[-1].uuid)]
    return body
