"""Server side of the conductor's RPC API (see conductor.rpcapi).

The conductor owns the database writes of agents, and orchestrates builds:
schedule, allocate networks, hand each server to its host, and on a failed
build move it to an alternate host or put it in ERROR with a fault.
"""

import logging

import oslo_messaging as messaging

from compute.agent import rpcapi as agent_rpcapi
from compute.conductor import build_flow
from compute.conductor import image_cache
from compute.conductor import live_migration
from compute.conductor import moves
from compute.conductor import rebuild
from compute.conductor import rpcapi
from compute.conductor import shelving
from compute import conf as compute_conf
from compute.db import compute_nodes
from compute.db import instance_actions
from compute.db import instances
from compute.db import server_groups
from compute.db import services

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


class ConductorManager(moves.MoveTasks, shelving.ShelveTasks,
                       live_migration.LiveMigrationTasks,
                       rebuild.RebuildTasks, image_cache.ImageCacheTasks):
    target = messaging.Target(version=rpcapi.VERSION)

    def __init__(self):
        self.service = None
        self.agents = agent_rpcapi.AgentAPI()

    def init_host(self):
        pass

    def periodic_tasks(self):
        return []

    # Services and nodes.

    def service_register(self, context, host, binary, topic):
        return services.register(host, binary, topic)

    def service_heartbeat(self, context, service_id):
        return services.heartbeat(service_id)

    def compute_node_update(self, context, node, service_id):
        """Store a node's report with its usage: the servers placed on it
        plus what the host reserves, as Nova counts it."""
        vcpus, memory_mb, disk_gb, count = instances.usage_on_node(
            node.host, node.hypervisor_hostname)
        node.vcpus_used = vcpus
        node.memory_mb_used = memory_mb + CONF.reserved_host_memory_mb
        node.local_gb_used = disk_gb + CONF.reserved_host_disk_mb // 1024
        node.running_vms = count
        node.free_ram_mb = node.memory_mb - node.memory_mb_used
        node.free_disk_gb = node.local_gb - node.local_gb_used
        return compute_nodes.upsert(node, service_id)

    # Builds.

    def build_instances(self, context, build):
        build_flow.BuildFlow(context, build, self.agents).schedule_and_build()

    def reschedule_instance(self, context, build, instance_uuid,
                            failed_host, reason):
        build_flow.BuildFlow(context, build, self.agents).reschedule(
            instance_uuid, failed_host, reason)

    # The agents' database access.

    def instance_update(self, context, instance_uuid, values,
                        expected_task_state=None, check_task_state=False):
        expected = expected_task_state if check_task_state else ...
        return instances.update(instance_uuid,
                                expected_task_state=expected, **values)

    def instance_fault(self, context, instance_uuid, code, message, details,
                       host):
        instances.add_fault(instance_uuid, code, message, details, host)

    def instance_destroy(self, context, instance_uuid):
        build_flow.release_instance(context, instance_uuid)

    def action_event(self, context, instance_uuid, event, phase, host=None,
                     result=None, details=None):
        if phase == 'start':
            instance_actions.event_start(context, instance_uuid, event, host)
        else:
            instance_actions.event_finish(context, instance_uuid, event,
                                          result=result or 'Success',
                                          details=details)

    def instances_on_host(self, context, host):
        return instances.list_on_host(host)

    def server_group_placement(self, context, instance_uuid):
        return server_groups.placement_of_instance(instance_uuid)
