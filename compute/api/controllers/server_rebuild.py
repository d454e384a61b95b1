"""Handler of the rebuild server action: POST /servers/{id}/action
{"rebuild": ...}.

Answers 202 with the server at the request's microversion: the smaller
body before 2.75 (with ``key_name`` from 2.54 and ``user_data`` from
2.57), the full one from 2.75, and the new ``adminPass`` when instance
passwords are enabled.
"""

from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import server_rebuild as schema
from compute.api.views import servers as view
from compute import conf as compute_conf
from compute.lifecycle import rebuild as rebuild_logic
from compute.policies import servers as policies
from compute import servers_access

CONF = compute_conf.CONF


@validation.body(schema.REBUILD)
def rebuild(req, server_id, body):
    """POST /servers/{server_id}/action {"rebuild": ...}"""
    instance = servers_access.get_instance(req, server_id)
    target = {'project_id': instance.project_id,
              'user_id': instance.user_id}
    req.context.can(policies.POLICY_ROOT % 'rebuild', target=target)
    params = body['rebuild']
    if 'trusted_image_certificates' in params:
        req.context.can(policies.POLICY_ROOT % 'rebuild:trusted_certs',
                        target=target)
    instance, admin_password = rebuild_logic.rebuild(req.context, instance,
                                                     params)
    full = req.ver >= microversion.STRICT_QUERY_AND_CLEANUPS
    result = view.show(req, instance, full=full, user_data=False)
    if req.ver >= microversion.REBUILD_KEY_NAME:
        result['server']['key_name'] = instance.key_name
    if req.ver >= microversion.REBUILD_USER_DATA:
        result['server']['user_data'] = instance.user_data
    if CONF.enable_instance_password:
        result['server']['adminPass'] = admin_password
    return http.json_response(result, status=202)
