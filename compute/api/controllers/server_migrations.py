"""Handlers of a server's live migrations: list and show the ones in
progress, force one to complete, abort one."""

from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import server_migrations as schema
from compute.api.views import server_migrations as view
from compute.db import migration_records
from compute import exception
from compute.lifecycle import live_migration as live_logic
from compute import servers_access

_POLICY = 'os_compute_api:servers:migrations:%s'


def _authorized(req, server_id, rule):
    return servers_access.get_authorized(req, server_id, _POLICY % rule)


def index(req, server_id):
    """GET /servers/{server_id}/migrations"""
    instance = _authorized(req, server_id, 'index')
    with_hosts = req.context.can(_POLICY % 'index:host', fatal=False,
                                 target={'project_id': instance.project_id})
    return http.json_response({'migrations': [
        view.migration(req, migration, with_hosts)
        for migration in live_logic.in_progress(instance)]})


def show(req, server_id, migration_id):
    """GET /servers/{server_id}/migrations/{migration_id}"""
    instance = _authorized(req, server_id, 'show')
    migration = live_logic.get_in_progress(instance, migration_id)
    return http.json_response({'migration': view.migration(req, migration)})


@validation.body(schema.force_complete_body)
def force_complete(req, server_id, migration_id, body):
    """POST /servers/{server_id}/migrations/{migration_id}/action
    {"force_complete": null}"""
    instance = _authorized(req, server_id, 'force_complete')
    try:
        live_logic.force_complete(req.context, instance, migration_id)
    except migration_records.MigrationNotFoundForInstance as err:
        # Nova answers 400 here (404 when aborting).
        raise exception.Invalid(err.format_message()) from None
    return http.empty_response(202)


def delete(req, server_id, migration_id):
    """DELETE /servers/{server_id}/migrations/{migration_id}"""
    instance = _authorized(req, server_id, 'delete')
    queued_too = req.ver >= microversion.LIVE_MIGRATION_ABORT_QUEUED
    live_logic.abort(req.context, instance, migration_id, queued_too)
    return http.empty_response(202)
