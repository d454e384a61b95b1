"""Handler of the migrate server action (cold migration): the scheduler
picks the destination, or from 2.56 an administrator names it."""

from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import migrate_server as schema
from compute.lifecycle import resize as resize_logic
from compute.policies import migrate_server as policies
from compute import servers_access

MIGRATE = validation.Schemas((schema.migrate_body, '2.1', '2.55'),
                             (schema.migrate_body_v256, '2.56', None))


@validation.body(MIGRATE)
def migrate(req, server_id, body):
    """{"migrate": null} or, from 2.56, {"migrate": {"host": ...}}"""
    instance = servers_access.get_instance(req, server_id)
    target = {'project_id': instance.project_id}
    req.context.can(policies.POLICY_ROOT % 'migrate', target=target)
    host = None
    if req.ver >= microversion.COLD_MIGRATE_HOST and body['migrate']:
        host = body['migrate'].get('host')
    if host:
        req.context.can(policies.POLICY_ROOT % 'migrate:host',
                        target=target)
    resize_logic.resize(req.context, instance, host=host)
    return http.empty_response(202)
