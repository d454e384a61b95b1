"""Handler of the os-migrateLive server action."""

from compute.api import http
from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import live_migration as schema
from compute.lifecycle import live_migration as live_logic
from compute import servers_access


def _block_migration(value):
    """True, False, or None for 2.25's 'auto'."""
    return None if value == 'auto' else parameter_types.to_bool(value)


def _force(req, params):
    """Nova's force flag: before 2.30 a named host always skips the
    scheduler; from 2.30 only when forced; from 2.68 never."""
    if not params['host'] or \
            req.ver >= microversion.LIVE_MIGRATE_FORCE_REMOVED:
        return False
    if req.ver < microversion.LIVE_MIGRATE_FORCE:
        return True
    return parameter_types.to_bool(params.get('force', False))


@validation.body(schema.migrate_live_body)
def migrate_live(req, server_id, body):
    """POST /servers/{server_id}/action {"os-migrateLive": {...}}"""
    instance = servers_access.get_instance(req, server_id)
    params = body['os-migrateLive']
    rule = 'os_compute_api:os-migrate-server:migrate_live'
    if params['host']:
        rule += ':host'
    req.context.can(rule, target={'project_id': instance.project_id})
    live_logic.live_migrate(
        req.context, instance, params['host'],
        _block_migration(params['block_migration']), _force(req, params),
        wait=req.ver < microversion.LIVE_MIGRATE_ASYNC)
    return http.empty_response(202)
