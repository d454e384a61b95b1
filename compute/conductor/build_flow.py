"""The build of new servers, as the conductor runs it.

schedule -> for each server: take its host (or notice it was deleted),
allocate its network, cast the build to the host's agent. A failed build
comes back through ``reschedule``: the failed host's allocation is freed
and the next alternate host is claimed and tried, until none is left; then
the server goes to ERROR with a fault, and what it held is released.
"""

import logging
import traceback

from compute import conf as compute_conf
from compute.db import instance_actions
from compute.db import instances
from compute.db import migration_records
from compute.db import server_groups
from compute import exception
from compute.network import api as network_api
from compute.objects import migration as migration_obj
from compute.placement import allocations
from compute.scheduler import errors as scheduler_errors
from compute.scheduler import rpcapi as scheduler_rpcapi
from compute import states

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'


class MaxRetriesExceeded(exception.ComputeException):
    msg_fmt = ('Exceeded maximum number of retries. Exhausted all hosts '
               'available for retrying build failures for instance '
               '%(instance_uuid)s.')


def _end_unfinished_moves(instance_uuid):
    """A server deleted in the middle of a resize or migration: the
    migration's hold on the source host goes with it. (An evacuation's
    hold stays until the source host's agent cleans up after it.)"""
    for migration in migration_records.list_migrations(
            {'instance_uuid': instance_uuid}):
        if migration.migration_type == migration_obj.EVACUATION or \
                migration.status in migration_obj.ENDED:
            continue
        allocations.delete_allocations(migration.uuid)
        migration_records.update(migration.id, status=migration_obj.ERROR)


def release_instance(context, instance_uuid):
    """Free what a server holds (ports, allocations) and mark it deleted."""
    try:
        instance = instances.get(instance_uuid)
    except instances.InstanceNotFound:
        allocations.delete_allocations(instance_uuid)
        return
    network_api.get_network_api().deallocate_for_instance(context, instance)
    allocations.delete_allocations(instance_uuid)
    _end_unfinished_moves(instance_uuid)
    group_uuid = server_groups.group_uuid_of(instance_uuid)
    if group_uuid:
        server_groups.remove_members(group_uuid, [instance_uuid])
    instances.soft_delete(instance_uuid)


def fail_instance(context, instance_uuid, error, host=None):
    """Put a server that cannot be built in ERROR with a fault, freeing
    its allocation and ports. The fault is written first, so whoever sees
    ERROR also sees why."""
    allocations.delete_allocations(instance_uuid)
    message = error.format_message() if hasattr(error, 'format_message') \
        else str(error)
    try:
        instances.add_fault(instance_uuid, getattr(error, 'code', 500) or 500,
                            message,
                            ''.join(traceback.format_exception(error)), host)
        instance = instances.get(instance_uuid)
        network_api.get_network_api().deallocate_for_instance(context,
                                                              instance)
        # A server that failed to build is on no host (Nova clears them),
        # so it pulls nothing towards the host it failed on.
        instances.update(instance_uuid, vm_state=states.ERROR,
                         task_state=None, network_info=[], host=None,
                         node=None)
    except instances.InstanceNotFound:
        return


class BuildFlow:
    def __init__(self, context, build, agents):
        self.context = context
        self.build = build
        self.agents = agents

    def schedule_and_build(self):
        uuids = list(self.build.instance_uuids)
        for uuid in uuids:
            instance_actions.event_start(self.context, uuid, SCHEDULE_EVENT,
                                         host=CONF.host)
        try:
            selections = scheduler_rpcapi.SchedulerAPI().select_destinations(
                self.context, self.build.request_spec, uuids,
                return_alternates=True)
        except Exception as err:  # noqa: BLE001 - every server must end
            if isinstance(err, scheduler_errors.NoValidHost):
                LOG.info('No valid host for %s: %s', uuids, err)
            else:
                LOG.exception('Scheduling %s failed', uuids)
            for uuid in uuids:
                fail_instance(self.context, uuid, err)
                instance_actions.event_finish(
                    self.context, uuid, SCHEDULE_EVENT, result='Error',
                    details=str(err))
            return
        for uuid, host_list in zip(uuids, selections):
            instance_actions.event_finish(self.context, uuid, SCHEDULE_EVENT)
            self.build.alternates[uuid] = list(host_list[1:])
            try:
                self._build_on(uuid, host_list[0])
            except Exception as err:  # noqa: BLE001 - end in ERROR
                LOG.exception('Handing %s to its host failed', uuid)
                fail_instance(self.context, uuid, err)

    def _build_on(self, uuid, selection):
        try:
            instance = instances.update(
                uuid, expected_task_state=[states.SCHEDULING],
                task_state=states.NETWORKING)
        except (instances.InstanceNotFound,
                instances.UnexpectedTaskState):
            # Deleted while it was being scheduled: give the claim back.
            allocations.delete_allocations(uuid)
            return
        if not instance.network_info:
            try:
                network_info = network_api.get_network_api() \
                    .allocate_for_instance(self.context, instance,
                                           self.build.requested_networks)
            except exception.ComputeException as err:
                fail_instance(self.context, uuid, err)
                return
            instances.update(uuid, network_info=network_info)
        self.agents.build_and_run_instance(
            self.context, selection.service_host, self.build, uuid,
            selection)

    def reschedule(self, uuid, failed_host, reason):
        allocations.delete_allocations(uuid)
        alternates = self.build.alternates.get(uuid, [])
        spec = self.build.request_spec
        while alternates:
            selection = alternates.pop(0)
            if allocations.claim(uuid, selection.allocation_request,
                                 spec.project_id, spec.user_id):
                try:
                    instances.update(uuid, host=None, node=None,
                                     task_state=states.SCHEDULING)
                except instances.InstanceNotFound:
                    allocations.delete_allocations(uuid)
                    return
                LOG.info('Rescheduling %s from %s to %s: %s', uuid,
                         failed_host, selection.service_host, reason)
                self._build_on(uuid, selection)
                return
        LOG.warning('Build of %s failed on every host tried: %s', uuid,
                    reason)
        fail_instance(self.context, uuid,
                      MaxRetriesExceeded(instance_uuid=uuid),
                      host=failed_host)
