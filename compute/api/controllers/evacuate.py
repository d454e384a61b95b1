"""Handler of the evacuate server action: POST /servers/{id}/action
{"evacuate": ...} (administrators).

Before 2.14 the body says whether the disks are on shared storage and the
answer carries the admin password (when instance passwords are enabled);
from 2.14 storage is found out and the answer is empty. ``force`` (2.29 to
2.67) sends the server to the given host without the scheduler's check;
before 2.29 a given host is always forced. From 2.95 the evacuated server
ends stopped.
"""

from compute.api import http
from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import evacuate as schema
from compute import conf as compute_conf
from compute import crypto
from compute import exception
from compute.lifecycle import evacuate as evacuate_logic
from compute.policies import evacuate as policies
from compute import servers_access
from compute import states

CONF = compute_conf.CONF


def _password_before_v214(params, on_shared_storage):
    if 'adminPass' in params:
        if on_shared_storage:
            raise exception.Invalid(
                "admin password can't be changed on existing disk")
        return params['adminPass']
    return None if on_shared_storage else crypto.generate_password()


def _forced(req, params, host):
    """Whether a given host bypasses the scheduler."""
    if req.ver < microversion.EVACUATE_FORCE:
        return host is not None
    if req.ver >= microversion.EVACUATE_FORCE_REMOVED:
        return False
    force = parameter_types.to_bool(params.get('force', False))
    if force and not host:
        raise exception.Invalid("Can't force to a non-provided destination")
    return force


@validation.body(schema.EVACUATE)
def evacuate(req, server_id, body):
    """POST /servers/{server_id}/action {"evacuate": ...}"""
    instance = servers_access.get_authorized(
        req, server_id, policies.BASE_POLICY_NAME)
    params = body['evacuate']
    host = params.get('host')
    old_body = req.ver < microversion.EVACUATE_SHARED_STORAGE_AUTO
    on_shared_storage = None
    forced = _forced(req, params, host)
    if old_body:
        on_shared_storage = parameter_types.to_bool(
            params['onSharedStorage'])
        password = _password_before_v214(params, on_shared_storage)
    else:
        password = params.get('adminPass') or crypto.generate_password()
    evacuate_logic.check_target(instance, host)
    target_state = states.STOPPED \
        if req.ver >= microversion.EVACUATE_TO_STOPPED else None
    evacuate_logic.evacuate(req.context, instance, host, password, forced,
                            on_shared_storage=on_shared_storage,
                            target_state=target_state)
    if old_body and CONF.enable_instance_password:
        return http.json_response({'adminPass': password})
    return http.empty_response(200)
