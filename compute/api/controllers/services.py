"""Handlers of /os-services: list the service records, enable / disable /
force down a compute service, and delete a service.

Before 2.53 an update names its action in the path (``enable``,
``disable``, ``disable-log-reason`` and from 2.11 ``force-down``) and the
service by host and binary in the body; from 2.53 the path holds the
service uuid and the body the new ``status`` / ``forced_down``. Only
compute services can be updated. Deleting a compute service also removes
its compute nodes, their resource providers, its host mapping and its
aggregate memberships, and is refused while it hosts instances.
"""

from oslo_utils import uuidutils

from compute.api import http
from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import services as schema
from compute.api.views import services as view
from compute import availability_zones
from compute.db import compute_nodes as compute_nodes_db
from compute.db import services as services_db
from compute import exception
from compute.lifecycle import evacuate as evacuate_logic
from compute.placement import client as placement_client
from compute.placement import traits as placement_traits
from compute.policies import services as services_policies
from compute import services_builder

COMPUTE_BINARY = services_builder.AGENT_BINARY


class HostBinaryNotFound(exception.NotFound):
    msg_fmt = 'Could not find binary %(binary)s on host %(host)s.'


class ServiceNotUpdatable(exception.Invalid):
    msg_fmt = ('Updating a %(binary)s service is not supported. Only '
               'nova-compute services can be updated.')


def _can(req, action):
    req.context.can(services_policies.POLICY_ROOT % action, target={})


@validation.query(schema.INDEX)
def index(req, query):
    """GET /os-services"""
    _can(req, 'list')
    services = services_db.list_services(
        host=req.GET.get('host') or None, binary=req.GET.get('binary') or None)
    return http.json_response(
        view.index(req, services, availability_zones.service_zones(services)))


# -- Updates ---------------------------------------------------------------

def _check_no_done_evacuations(host):
    """Forcing a host up while evacuations from it are still ``done``
    (its agent has not restarted since) would let it run those guests
    again."""
    if services_db.has_done_evacuations(host):
        raise exception.Invalid(
            'Unable to force up host %s as `done` evacuation migration '
            'records remain associated with the host. Ensure the compute '
            'service has been restarted, allowing these records to move to '
            '`completed` before retrying this request.' % host)


def _update_by_host(body, **values):
    host, binary = body['host'], body['binary']
    if binary != COMPUTE_BINARY:
        raise ServiceNotUpdatable(binary=binary)
    try:
        service = services_db.get_by_host_binary(host, binary)
    except exception.ComputeHostNotFound:
        raise HostBinaryNotFound(host=host, binary=binary)
    _save(service, values)


def _save(service, values):
    """Write the changes; a change of status also sets or clears
    COMPUTE_STATUS_DISABLED on the host's providers in placement."""
    service = services_db.update(service.id, **values)
    if 'disabled' in values:
        placement_traits.set_disabled(
            [node.uuid for node in compute_nodes_db.list_nodes(
                host=service.host)], service.disabled)
    return service


def _enable(body):
    _update_by_host(body, disabled=False, disabled_reason=None)
    return view.legacy_action(body['host'], body['binary'], status='enabled')


def _disable(body):
    _update_by_host(body, disabled=True, disabled_reason=None)
    return view.legacy_action(body['host'], body['binary'],
                              status='disabled')


def _disable_log_reason(body):
    reason = body.get('disabled_reason')
    if reason is None:
        raise exception.Invalid('Missing disabled reason field')
    _update_by_host(body, disabled=True, disabled_reason=reason)
    return view.legacy_action(body['host'], body['binary'],
                              status='disabled', disabled_reason=reason)


def _force_down(body):
    if 'forced_down' not in body:
        raise exception.Invalid('Missing forced_down field')
    forced_down = parameter_types.to_bool(body['forced_down'])
    if body['binary'] == COMPUTE_BINARY and not forced_down:
        _check_no_done_evacuations(body['host'])
    _update_by_host(body, forced_down=forced_down)
    return view.legacy_action(body['host'], body['binary'],
                              forced_down=forced_down)


# Action name -> (handler, first microversion where it exists).
_LEGACY_ACTIONS = {
    'enable': (_enable, microversion.MIN),
    'disable': (_disable, microversion.MIN),
    'disable-log-reason': (_disable_log_reason, microversion.MIN),
    'force-down': (_force_down, microversion.SERVICE_FORCED_DOWN),
}


def _requested_changes(service, body):
    """The column values a 2.53+ update body asks for."""
    values = {}
    status = body.get('status')
    if status == 'enabled':
        if body.get('disabled_reason'):
            raise exception.Invalid("Specifying 'disabled_reason' with "
                                    "status 'enabled' is invalid.")
        values.update(disabled=False, disabled_reason=None)
    elif status == 'disabled':
        values.update(disabled=True,
                      disabled_reason=body.get('disabled_reason'))
    if 'forced_down' in body:
        values['forced_down'] = parameter_types.to_bool(body['forced_down'])
        if not values['forced_down']:
            _check_no_done_evacuations(service.host)
    if not values:
        raise exception.Invalid("No updates were requested. Fields "
                                "'status' or 'forced_down' should be "
                                "specified.")
    return values


def _update_by_uuid(req, service_id, body):
    if not uuidutils.is_uuid_like(service_id):
        raise exception.Invalid('Invalid uuid %s' % service_id)
    service = services_db.get(service_id)
    if service.binary != COMPUTE_BINARY:
        raise ServiceNotUpdatable(binary=service.binary)
    service = _save(service, _requested_changes(service, body))
    zone = availability_zones.service_zones([service])[service.id]
    return http.json_response(view.show(req, service, zone))


@validation.body(schema.UPDATE)
def update(req, service_id, body):
    """PUT /os-services/{action} (< 2.53) or /os-services/{uuid}"""
    _can(req, 'update')
    if req.ver >= microversion.SERVICE_HYPERVISOR_UUID:
        return _update_by_uuid(req, service_id, body)
    action, since = _LEGACY_ACTIONS.get(service_id, (None, None))
    if action is None or req.ver < since:
        raise exception.NotFound('Unknown action')
    return http.json_response(action(body))


# -- Delete ----------------------------------------------------------------

def _check_id(req, service_id):
    if req.ver >= microversion.SERVICE_HYPERVISOR_UUID:
        if not uuidutils.is_uuid_like(service_id):
            raise exception.Invalid('Invalid uuid %s' % service_id)
        return
    parameter_types.check_integer_id(service_id)


def _release_compute_host(service):
    """Check a compute host may go, then drop what refers to it outside
    the service record: resource providers, host mapping, aggregates."""
    host = service.host
    if services_db.count_instances_on_host(host):
        raise exception.ServiceInUse(
            reason='Unable to delete compute service that is hosting '
                   'instances. Migrate or delete the instances first.')
    nodes = compute_nodes_db.list_nodes(host=host)
    if services_db.has_in_progress_migrations(
            host, [node.hypervisor_hostname for node in nodes]):
        raise exception.ServiceInUse(
            reason='Unable to delete compute service that has in-progress '
                   'migrations. Complete the migrations or delete the '
                   'instances first.')
    evacuate_logic.release_evacuations(host)
    placement = placement_client.get_client()
    for node in nodes:
        try:
            placement.delete_resource_provider(node.uuid)
        except placement_client.PlacementError as err:
            raise exception.ServiceInUse(
                reason='Failed to delete compute node resource provider for '
                       'compute node %s: %s' % (node.uuid, err))
    services_db.delete_host_records(host)


def delete(req, service_id):
    """DELETE /os-services/{id} (integer id < 2.53, uuid from 2.53)"""
    _can(req, 'delete')
    _check_id(req, service_id)
    try:
        service = services_db.get(service_id)
    except exception.ServiceNotFound:
        raise exception.NotFound('Service %s not found.' % service_id)
    if service.binary == COMPUTE_BINARY:
        _release_compute_host(service)
    services_db.soft_delete(service.id)
    return http.empty_response(204)
