"""Conductor tasks for rebuild and evacuation, and the writes the agents
make through it while an evacuation runs.

``rebuild_instance`` gets the request the API made (a dict: ``image``,
``image_ref``, ``orig_image_ref``, ``orig_image_metadata``,
``admin_password``, ``injected_files``, ``preserve_ephemeral``,
``evacuate``, ``host``, ``target_state``; for an evacuation also
``migration_id``, ``forced`` and ``on_shared_storage``).

A rebuild stays on its host. When it changes the image the scheduler first
checks the host still suits the new image: ``select_destinations`` limited
to the server's host and node with the ``_nova_check_type: ['rebuild']``
hint (the scheduler runs its image filters and claims nothing, the server
keeps its allocation). A refusal rolls the image back and leaves the
server in ERROR with the scheduler's fault, as Nova does.

An evacuation hands the source host's allocation to its migration, then
claims the destination for the instance: through the scheduler (which
skips the source host and checks a requested host), or directly on a
forced host. Without a destination the allocation goes back to the
instance and the migration ends in 'error'. The destination agent reports
the migration 'pre-migrating' then 'done'; if it fails, the server goes
back to its source host and allocation, in ERROR ('failed').
"""

import copy
import logging
import traceback

from compute import conf as compute_conf
from compute.db import compute_nodes
from compute.db import instance_actions
from compute.db import instance_rebuild
from compute.db import instances
from compute.db import migration_records
from compute.db import request_specs
from compute.objects import migration as migration_obj
from compute.objects import request_spec as spec_obj
from compute.placement import allocations
from compute.scheduler import errors as scheduler_errors
from compute.scheduler import rpcapi as scheduler_rpcapi
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

# Nova records one conductor event for both (its API name).
REBUILD_EVENT = 'rebuild_server'
# Evacuations whose migration still holds the source host's allocation.
_HOLDING = (migration_obj.ACCEPTED, migration_obj.PRE_MIGRATING,
            migration_obj.DONE)


class _NoDestination(Exception):
    """Scheduling failed: ``vm_state`` is where the server ends."""

    def __init__(self, error, vm_state):
        super().__init__(str(error))
        self.error = error
        self.vm_state = vm_state


def _spec(instance, **changes):
    """The server's request spec for this request only."""
    stored = request_specs.get(instance.uuid)
    spec = copy.deepcopy(stored) if stored else spec_obj.RequestSpec(
        instance_uuid=instance.uuid, project_id=instance.project_id,
        user_id=instance.user_id, flavor=instance.flavor)
    spec.instance_uuid = instance.uuid
    spec.num_instances = 1
    spec.force_hosts = []
    spec.force_nodes = []
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


def _select(context, spec):
    """The scheduler's one Selection for the spec's instance."""
    return scheduler_rpcapi.SchedulerAPI().select_destinations(
        context, spec, [spec.instance_uuid], return_alternates=False)[0][0]


def _fault(instance_uuid, error):
    message = error.format_message() if hasattr(error, 'format_message') \
        else str(error)
    instances.add_fault(instance_uuid, getattr(error, 'code', 500) or 500,
                        message, ''.join(traceback.format_exception(error)),
                        CONF.host)


def _summed(held):
    """The resources of a consumer's allocations, summed over providers."""
    total = {}
    for allocation in held.values():
        for rc, amount in allocation['resources'].items():
            total[rc] = total.get(rc, 0) + amount
    return total


class RebuildTasks:

    # The API's cast.

    def rebuild_instance(self, context, instance_uuid, request):
        instance_actions.event_start(context, instance_uuid, REBUILD_EVENT,
                                     host=CONF.host)
        try:
            if request['evacuate']:
                host, node = self._evacuation_destination(
                    context, instance_uuid, request)
            else:
                host, node = self._check_rebuild_host(
                    context, instance_uuid, request)
        except Exception as err:  # noqa: BLE001 - never stay rebuilding
            failure = err if isinstance(err, _NoDestination) else \
                _NoDestination(err, states.ERROR)
            LOG.warning('Rebuild of %s failed: %s', instance_uuid, failure)
            _fault(instance_uuid, failure.error)
            instances.update(instance_uuid, vm_state=failure.vm_state,
                             task_state=None)
            instance_actions.event_finish(
                context, instance_uuid, REBUILD_EVENT, result='Error',
                details=str(failure))
            return
        instance_actions.event_finish(context, instance_uuid, REBUILD_EVENT)
        self.agents.rebuild_instance(context, host, instance_uuid,
                                     dict(request, node=node))

    def _check_rebuild_host(self, context, instance_uuid, request):
        """The server's own (host, node), once the scheduler agreed to the
        new image there."""
        instance = instances.get(instance_uuid)
        if request['image_ref'] == request['orig_image_ref']:
            return instance.host, instance.node
        spec = _spec(instance, image=request['image'],
                     requested_host=instance.host,
                     requested_node=instance.node, ignore_hosts=[])
        spec.scheduler_hints = dict(spec.scheduler_hints or {},
                                    _nova_check_type=['rebuild'])
        try:
            _select(context, spec)
        except scheduler_errors.NoValidHost as err:
            instances.update(instance_uuid,
                             image_ref=request['orig_image_ref'])
            instance_rebuild.replace_image_metadata(
                instance_uuid, request['orig_image_metadata'] or {})
            raise _NoDestination(err, states.ERROR)
        return instance.host, instance.node

    def _evacuation_destination(self, context, instance_uuid, request):
        """(host, node) claimed for the instance, its source allocation
        now held by the migration."""
        instance = instances.get(instance_uuid)
        migration = migration_records.get(request['migration_id'])
        allocations.move_allocations(instance_uuid, migration.uuid,
                                     'MIGRATION')
        try:
            if request['forced']:
                host, node = self._evacuation_claim_forced_host(
                    instance, migration, request['host'])
            else:
                selection = _select(context, _spec(
                    instance, ignore_hosts=[instance.host],
                    requested_host=request['host'], requested_node=None))
                host, node = selection.service_host, selection.nodename
        except Exception:
            self._evacuation_give_back(instance_uuid, migration,
                                       migration_obj.ERROR)
            raise
        migration_records.update(migration.id, dest_compute=host,
                                 dest_node=node)
        return host, node

    def _evacuation_claim_forced_host(self, instance, migration, host):
        """Claim what the source held on ``host``'s node, skipping the
        scheduler (a forced evacuation)."""
        nodes = compute_nodes.list_nodes(host=host)
        resources = _summed(allocations.get_allocations(migration.uuid))
        if nodes and allocations.claim(
                instance.uuid,
                {'allocations': {nodes[0].uuid: {'resources': resources}}},
                instance.project_id, instance.user_id):
            return host, nodes[0].hypervisor_hostname
        raise _NoDestination(scheduler_errors.NoValidHost(
            reason='Unable to move instance %s to host %s. There is not '
                   'enough capacity on the host for the instance.'
                   % (instance.uuid, host)), instance.vm_state)

    @staticmethod
    def _evacuation_give_back(instance_uuid, migration, status):
        """The source allocation back to the instance, the migration
        ended in ``status``."""
        allocations.move_allocations(migration.uuid, instance_uuid,
                                     'INSTANCE')
        migration_records.update(migration.id, status=status)

    # What the agents ask while an evacuation runs.

    def evacuation_status(self, context, migration_id, status):
        migration_records.update(migration_id, status=status)

    def evacuation_failed(self, context, instance_uuid, migration_id):
        migration = migration_records.get(migration_id)
        try:
            instances.update(instance_uuid, host=migration.source_compute,
                             node=migration.source_node,
                             vm_state=states.ERROR)
        except instances.InstanceNotFound:
            # Deleted meanwhile: its own allocation went with it.
            allocations.delete_allocations(migration.uuid)
            migration_records.update(migration.id,
                                     status=migration_obj.FAILED)
            return
        self._evacuation_give_back(instance_uuid, migration,
                                   migration_obj.FAILED)

    def evacuations_from_host(self, context, host):
        return migration_records.list_migrations(
            {'source_compute': host,
             'migration_type': migration_obj.EVACUATION,
             'status': list(_HOLDING)})

    def evacuation_cleaned_up(self, context, migration_id):
        migration = migration_records.get(migration_id)
        allocations.delete_allocations(migration.uuid)
        migration_records.update(migration_id,
                                 status=migration_obj.COMPLETED)
