"""Response bodies of a server's live migrations, per microversion:
``uuid`` from 2.59, ``user_id`` / ``project_id`` from 2.80; the host
fields are null for a caller who may not see hosts."""

from compute.api.views import timestamps
from compute.api import microversion

_HOST_FIELDS = ('dest_compute', 'dest_host', 'dest_node', 'source_compute',
                'source_node')


def migration(req, record, with_hosts=True):
    body = {
        'created_at': timestamps.with_microseconds(record.created_at),
        'id': record.id,
        'server_uuid': record.instance_uuid,
        'status': record.status,
        'memory_total_bytes': record.memory_total,
        'memory_processed_bytes': record.memory_processed,
        'memory_remaining_bytes': record.memory_remaining,
        'disk_total_bytes': record.disk_total,
        'disk_processed_bytes': record.disk_processed,
        'disk_remaining_bytes': record.disk_remaining,
        'updated_at': timestamps.with_microseconds(record.updated_at),
    }
    for field in _HOST_FIELDS:
        body[field] = getattr(record, field) if with_hosts else None
    if req.ver >= microversion.MIGRATION_PAGING:
        body['uuid'] = record.uuid
    if req.ver >= microversion.MIGRATION_USER_PROJECT:
        body['user_id'] = record.user_id
        body['project_id'] = record.project_id
    return body
