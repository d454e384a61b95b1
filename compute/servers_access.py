"""Loading the server a request names, and the guards server routes share.

``get_instance`` is how every handler under ``/servers/{server_id}`` finds
its server. As in Nova, a caller who is not an administrator only sees the
servers of their own project: another project's server is 404, exactly as
an unknown one (Nova filters the lookup by the caller's project unless the
context is admin; policy is then checked against the server's project).

The guards raise Nova's 409s: ``check_not_locked`` (a locked server refuses
changes from non-administrators), ``check_state`` (the vm_state / task_state
/ launched_at conditions of Nova's ``check_instance_state``) and
``check_host`` (the server must have been placed on a host).
``FeatureNotSupported`` is the 501 of an agent call the hypervisor driver
does not implement (it raised NotImplementedError).
"""

from compute import conf as compute_conf
from compute.db import instances as instances_db
from compute.db import services as services_db
from compute import exception

CONF = compute_conf.CONF


class InstanceIsLocked(exception.Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


class InstanceInvalidState(exception.Conflict):
    msg_fmt = ("Cannot '%(action)s' instance %(server_id)s while it is in "
               "%(attr)s %(state)s")


class InstanceStateUnset(InstanceInvalidState):
    """The state that stands in the way is unset (no task, never booted)."""

    msg_fmt = "Instance %(server_id)s is in an invalid state for '%(action)s'"


class InstanceNotReady(exception.Conflict):
    msg_fmt = 'Instance %(instance_id)s is not ready'


class FeatureNotSupported(exception.ComputeException):
    """The server's hypervisor driver cannot do what was asked."""

    code = 501
    msg_fmt = 'The requested functionality is not supported.'


def get_instance(req, server_id, read_deleted=False, any_project=False):
    """The server ``server_id`` as the caller may see it.

    ``read_deleted`` also finds deleted servers (instance actions from
    2.21). ``any_project`` skips the project filter, for the routes where
    Nova authorizes against the server's project before loading it (server
    tags): there another project's server is the policy's 403, not a 404.
    Raises InstanceNotFound (404) otherwise.
    """
    instance = instances_db.get(server_id, read_deleted=read_deleted)
    context = req.context
    if not (any_project or context.is_admin) and \
            instance.project_id != context.project_id:
        raise instances_db.InstanceNotFound(instance_id=server_id)
    return instance


def get_authorized(req, server_id, rule, read_deleted=False):
    """The server ``server_id`` (``get_instance``), once policy ``rule``
    allows the caller on it (403 otherwise): how a handler of a server's
    route begins."""
    instance = get_instance(req, server_id, read_deleted=read_deleted)
    req.context.can(rule, target={'project_id': instance.project_id,
                                  'user_id': instance.user_id})
    return instance


def check_not_locked(context, instance):
    """409 when the server is locked and the caller is not an admin."""
    if instance.locked and not context.is_admin:
        raise InstanceIsLocked(instance_uuid=instance.uuid)


def check_state(instance, action, vm_states=None, task_states=(None,),
                must_have_launched=True):
    """409 unless the server's states allow ``action`` (the verb Nova names
    in its message, e.g. 'update metadata').

    ``vm_states``: the allowed vm_states, None for any. ``task_states``:
    the allowed task_states, None for any (the default allows only "no task
    in progress"). ``must_have_launched``: the server must have booted once.
    """
    checks = (('vm_state', instance.vm_state, vm_states),
              ('task_state', instance.task_state, task_states))
    for attr, value, allowed in checks:
        if allowed is not None and value not in allowed:
            cls = InstanceStateUnset if value is None else \
                InstanceInvalidState
            raise cls(action=action, server_id=instance.uuid, attr=attr,
                      state=value)
    if must_have_launched and not instance.launched_at:
        raise InstanceStateUnset(action=action, server_id=instance.uuid)


class ComputeServiceUnavailable(exception.Conflict):
    msg_fmt = 'Compute service of %(host)s is unavailable at this time.'


def check_host(instance):
    """409 when the server has no host yet, or its host's agent is not up
    (agent calls need one that answers, rather than waiting for the RPC
    timeout)."""
    if not instance.host:
        raise InstanceNotReady(instance_id=instance.uuid)
    services = services_db.list_services(host=instance.host,
                                         binary='nova-compute')
    if not services or not services[0].is_up(CONF.service_down_time):
        raise ComputeServiceUnavailable(host=instance.host)
