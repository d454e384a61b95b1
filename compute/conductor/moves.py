"""Conductor tasks for resize and cold migration, and the database and
placement writes the agents make through it while a move runs.

``migrate_server`` creates the migration record, hands the server's
allocation to the migration (the source host stays held by it) and asks
the scheduler for a destination, which it claims for the instance; the
destination agent then gets ``prep_resize``. If no host fits, the
allocation goes back to the instance, the migration ends in 'error' and
the server stays where it is, with a fault saying why.

What a move stashes on the instance while in flight (the migration's id,
the old and new flavor, the vm_state to go back to) lives in its
``migration_context`` until the move is confirmed, reverted or undone.
"""

import copy
import logging
import traceback

from compute import conf as compute_conf
from compute.db import compute_nodes
from compute.db import instance_actions
from compute.db import instances
from compute.db import migration_records
from compute.db import request_specs
from compute.lifecycle import resize as resize_logic
from compute.objects import migration as migration_obj
from compute.objects import request_spec as spec_obj
from compute.placement import allocations
from compute.scheduler import rpcapi as scheduler_rpcapi
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

MIGRATE_EVENT = 'conductor_migrate_server'

# The instance columns that follow its flavor.
_FLAVOR_COLUMNS = (('memory_mb', 'memory_mb'), ('vcpus', 'vcpus'),
                   ('root_gb', 'root_gb'), ('ephemeral_gb', 'ephemeral_gb'),
                   ('instance_type_id', 'id'))


def _flavor_values(flavor):
    return {column: flavor.get(key) for column, key in _FLAVOR_COLUMNS
            if flavor.get(key) is not None}


def _spec(instance, flavor, ignore_hosts, requested_host, requested_node):
    """The server's request spec, aimed at the move."""
    stored = request_specs.get(instance.uuid)
    spec = copy.deepcopy(stored) if stored else spec_obj.RequestSpec(
        instance_uuid=instance.uuid, project_id=instance.project_id,
        user_id=instance.user_id, flavor=flavor)
    spec.instance_uuid = instance.uuid
    spec.num_instances = 1
    spec.flavor = flavor
    spec.ignore_hosts = list(ignore_hosts)
    spec.requested_host = requested_host
    spec.requested_node = requested_node
    spec.force_hosts = []
    spec.force_nodes = []
    return spec


def _host_ip(host):
    nodes = compute_nodes.list_nodes(host=host)
    return getattr(nodes[0], 'host_ip', None) if nodes else None


class MoveTasks:

    # The API's cast.

    def migrate_server(self, context, instance_uuid, flavor, migration_type,
                       ignore_hosts, requested_host=None,
                       requested_node=None):
        instance_actions.event_start(context, instance_uuid, MIGRATE_EVENT,
                                     host=CONF.host)
        instance = instances.get(instance_uuid)
        migration = migration_records.create(
            instance, migration_type, migration_obj.PRE_MIGRATING,
            source_compute=instance.host, source_node=instance.node,
            old_instance_type_id=instance.flavor.get('id'),
            new_instance_type_id=flavor.get('id'))
        migration_records.set_move_context(instance_uuid, {
            'migration_id': migration.id, 'old_flavor': instance.flavor,
            'new_flavor': flavor, 'old_vm_state': instance.vm_state,
            'source_compute': instance.host, 'source_node': instance.node})
        allocations.move_allocations(instance_uuid, migration.uuid,
                                     'MIGRATION')
        try:
            selection = scheduler_rpcapi.SchedulerAPI().select_destinations(
                context, _spec(instance, flavor, ignore_hosts,
                               requested_host, requested_node),
                [instance_uuid], return_alternates=False)[0][0]
        except Exception as err:  # noqa: BLE001 - the server must not stay
            LOG.info('Cannot move %s: %s', instance_uuid, err)
            instances.add_fault(instance_uuid, getattr(err, 'code', 500),
                                str(err), traceback.format_exc(), CONF.host)
            self.move_back(context, instance_uuid, migration.id,
                           migration_obj.ERROR, instance.power_state)
            instance_actions.event_finish(context, instance_uuid,
                                          MIGRATE_EVENT, result='Error',
                                          details=str(err))
            return
        migration = migration_records.update(
            migration.id, dest_compute=selection.service_host,
            dest_node=selection.nodename,
            dest_host=_host_ip(selection.service_host))
        instance_actions.event_finish(context, instance_uuid, MIGRATE_EVENT)
        self.agents.prep_resize(context, selection.service_host,
                                instance_uuid, migration)

    # The agents' reads and writes while the move runs.

    def move_info(self, context, instance_uuid, migration_id):
        """The instance (deleted ones too: a server being deleted still
        needs its move ended), the migration and the move's stash."""
        return {'instance': instances.get(instance_uuid, read_deleted=True),
                'migration': migration_records.get(migration_id),
                'move': migration_records.get_move_context(instance_uuid)
                or {}}

    def move_step(self, context, instance_uuid, migration_id, status,
                  expected_task_state, values):
        """One step of the move: the instance's ``values`` (if its
        task_state is one of ``expected_task_state``), then the
        migration's ``status``."""
        instance = instances.update(instance_uuid,
                                    expected_task_state=expected_task_state,
                                    **values)
        migration_records.update(migration_id, status=status)
        return instance

    def move_to_destination(self, context, instance_uuid, migration_id):
        """The server takes its new flavor (resize_finish)."""
        move = migration_records.get_move_context(instance_uuid)
        instance = instances.update(
            instance_uuid, expected_task_state=[states.RESIZE_MIGRATED],
            task_state=states.RESIZE_FINISH,
            **_flavor_values(move['new_flavor']))
        migration_records.set_instance_flavor(instance_uuid,
                                              move['new_flavor'])
        instance.flavor = move['new_flavor']
        return instance

    def move_ended(self, context, instance_uuid, migration_id, ok):
        """The server stays where it is (after a confirm: the
        destination) and the migration's allocation goes; ``ok`` confirms
        the move, otherwise it ends in error and the server in ERROR."""
        allocations.delete_allocations(
            migration_records.get(migration_id).uuid)
        migration_records.update(
            migration_id, status=migration_obj.CONFIRMED if ok
            else migration_obj.ERROR)
        try:
            instance = instances.get(instance_uuid)
        except instances.InstanceNotFound:
            # Deleted meanwhile (a delete confirms first): nothing to end.
            return None
        migration_records.set_move_context(instance_uuid, None)
        if not ok:
            vm_state = states.ERROR
        elif instance.power_state == states.SHUTDOWN:
            vm_state = states.STOPPED
        else:
            vm_state = states.ACTIVE
        return instances.update(instance_uuid, vm_state=vm_state,
                                task_state=None)

    def move_back(self, context, instance_uuid, migration_id, status,
                  power_state):
        """Put the server back where the move started, with its old
        flavor, vm_state and the source's allocation."""
        migration = migration_records.get(migration_id)
        move = migration_records.get_move_context(instance_uuid) or {}
        old_flavor = move.get('old_flavor')
        values = {}
        if old_flavor:
            migration_records.set_instance_flavor(instance_uuid, old_flavor)
            values.update(_flavor_values(old_flavor))
        allocations.move_allocations(migration.uuid, instance_uuid,
                                     'INSTANCE')
        migration_records.update(migration_id, status=status)
        migration_records.set_move_context(instance_uuid, None)
        return instances.update(
            instance_uuid, host=migration.source_compute,
            node=migration.source_node,
            vm_state=move.get('old_vm_state') or states.ACTIVE,
            task_state=None, power_state=power_state, progress=0, **values)

    # The agents' periodic confirm.

    def confirm_expired_resizes(self, context, host, window):
        return resize_logic.confirm_expired(context, host, window)
