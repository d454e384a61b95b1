"""shelve, shelveOffload and unshelve on the API side.

shelve: a running, stopped, paused or suspended server goes to
``shelving``; its snapshot image ("<server name>-shelved") is registered
and its agent stops and snapshots it. shelveOffload: a shelved server goes
to ``shelving_offloading`` and its agent removes it from the host.
unshelve: a shelved or shelved-offloaded server goes to ``unshelving`` and
the conductor brings it back. An availability zone (2.77) or a host (2.91,
administrators by default) may only be given for an offloaded server; the
zone must be available, the host known and in the zone the server will be
pinned to (the one given, else its current pin; ``null`` unpins from
2.91). The zone is kept in the server's request spec; the host only
directs this scheduling.
"""

from compute import availability_zones
from compute.agent import rpcapi as agent_rpcapi
from compute.conductor import rpcapi as conductor_rpcapi
from compute.db import instance_metadata
from compute.db import instances as instances_db
from compute.db import request_specs
from compute.db import services as services_db
from compute import exception
from compute.lifecycle import actions
from compute.lifecycle import snapshots
from compute import servers_access
from compute import states

UNSHELVE_TO_HOST = 'os_compute_api:os-shelve:unshelve_to_host'
SHELVE_VM_STATES = snapshots.SNAPSHOT_VM_STATES
UNSHELVE_VM_STATES = (states.SHELVED, states.SHELVED_OFFLOADED)
# ``new_az`` not given at all (``None`` unpins).
UNSET = object()


class UnshelveInstanceInvalidState(exception.Conflict):
    msg_fmt = ('Specifying an availability zone or a host when unshelving '
               'server "%(instance_uuid)s" with status "%(state)s" is not '
               'supported. The server status must be SHELVED_OFFLOADED.')


class UnshelveHostNotInAZ(exception.Conflict):
    msg_fmt = ('Host "%(host)s" is not in the availability zone '
               '"%(availability_zone)s".')


class ComputeHostNotFound(exception.Invalid):
    msg_fmt = 'Compute host %(host)s could not be found.'


def shelve(context, instance):
    """The shelve action."""
    instance = actions.begin(context, instance, 'shelve',
                             task_state=states.SHELVING,
                             vm_states=SHELVE_VM_STATES)
    # Unshelve and rebuild need it (Nova keeps it here since bug 1893618).
    instance_metadata.update_system(
        instance.uuid, {'image_base_image_ref': instance.image_ref})
    try:
        image = snapshots.create_image(
            context, instance, '%s-shelved' % instance.display_name,
            'snapshot')
    except Exception:
        instances_db.update(instance.uuid,
                            expected_task_state=[states.SHELVING],
                            task_state=None)
        raise
    agent_rpcapi.AgentAPI().shelve_instance(context, instance.host,
                                            instance.uuid, image['id'])


def shelve_offload(context, instance):
    """The shelveOffload action."""
    actions.begin(context, instance, 'shelveOffload',
                  task_state=states.SHELVING_OFFLOADING,
                  vm_states=(states.SHELVED,))
    agent_rpcapi.AgentAPI().shelve_offload_instance(context, instance.host,
                                                    instance.uuid)


def _check_zone(zone):
    services = services_db.list_services(binary='nova-compute')
    available, _ = availability_zones.split_zones(
        services, availability_zones.service_zones(services))
    if zone not in available:
        raise exception.Invalid(
            'The requested availability zone is not available')


def _check_host(host, zone):
    if not services_db.list_services(host=host, binary='nova-compute'):
        raise ComputeHostNotFound(host=host)
    if zone and zone not in availability_zones.get_host_availability_zone(
            host).split(','):
        raise UnshelveHostNotInAZ(host=host, availability_zone=zone)


def unshelve(context, instance, new_az=UNSET, host=None):
    """The unshelve action: ``new_az`` (a zone, or None to unpin) and
    ``host`` as the request gave them."""
    servers_access.check_not_locked(context, instance)
    servers_access.check_state(instance, 'unshelve', UNSHELVE_VM_STATES)
    zone_given = new_az is not UNSET
    if host:
        context.can(UNSHELVE_TO_HOST,
                    target={'project_id': instance.project_id})
    if (zone_given or host) and \
            instance.vm_state != states.SHELVED_OFFLOADED:
        raise UnshelveInstanceInvalidState(instance_uuid=instance.uuid,
                                           state=instance.vm_state)
    spec = request_specs.get(instance.uuid)
    if zone_given and new_az:
        _check_zone(new_az)
    if host:
        _check_host(host, new_az if zone_given else spec.availability_zone)
    if zone_given:
        spec.availability_zone = spec.pinned_availability_zone = new_az
        request_specs.update(spec)
    actions.begin(context, instance, 'unshelve',
                  task_state=states.UNSHELVING,
                  vm_states=UNSHELVE_VM_STATES)
    conductor_rpcapi.ConductorAPI().unshelve_instance(context, instance.uuid,
                                                      host)
