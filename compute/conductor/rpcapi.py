"""Client side of the conductor's RPC API.

History:
* 1.0 - service_register, service_heartbeat, compute_node_update
* 1.1 - build_instances, reschedule_instance, instance_update,
        instance_fault, instance_destroy, action_event,
        instances_on_host
* 1.2 - server actions and moves: migration records, move tasks,
        unshelve, rebuild; server_group_placement (the agents' late
        server group check)
* 1.3 - cache_images (an aggregate's image pre-caching)
"""

from compute import rpc

TOPIC = 'conductor'
VERSION = '1.3'


class ConductorAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def _call(self, ctxt, method, **kwargs):
        return self.client.prepare().call(ctxt, method, **kwargs)

    def service_register(self, ctxt, host, binary, topic):
        return self._call(ctxt, 'service_register', host=host,
                          binary=binary, topic=topic)

    def service_heartbeat(self, ctxt, service_id):
        return self._call(ctxt, 'service_heartbeat', service_id=service_id)

    def compute_node_update(self, ctxt, node, service_id):
        return self._call(ctxt, 'compute_node_update', node=node,
                          service_id=service_id)

    # Building servers.

    def build_instances(self, ctxt, build):
        """Schedule and build the servers of one create request."""
        self.client.prepare(version='1.1').cast(ctxt, 'build_instances',
                                                build=build)

    def reschedule_instance(self, ctxt, build, instance_uuid, failed_host,
                            reason):
        """A build failed on ``failed_host``: try an alternate."""
        self.client.prepare(version='1.1').cast(
            ctxt, 'reschedule_instance', build=build,
            instance_uuid=instance_uuid, failed_host=failed_host,
            reason=reason)

    # The agents' database access.

    def instance_update(self, ctxt, instance_uuid, values,
                        expected_task_state=None, check_task_state=False):
        return self._call(ctxt, 'instance_update',
                          instance_uuid=instance_uuid, values=values,
                          expected_task_state=expected_task_state,
                          check_task_state=check_task_state)

    def instance_fault(self, ctxt, instance_uuid, code, message, details,
                       host):
        return self._call(ctxt, 'instance_fault',
                          instance_uuid=instance_uuid, code=code,
                          message=message, details=details, host=host)

    def instance_destroy(self, ctxt, instance_uuid):
        """Release what a deleted server held and mark it deleted."""
        return self._call(ctxt, 'instance_destroy',
                          instance_uuid=instance_uuid)

    def action_event(self, ctxt, instance_uuid, event, phase, host=None,
                     result=None, details=None):
        return self._call(ctxt, 'action_event', instance_uuid=instance_uuid,
                          event=event, phase=phase, host=host, result=result,
                          details=details)

    def instances_on_host(self, ctxt, host):
        return self._call(ctxt, 'instances_on_host', host=host)

    # Live migration (compute.conductor.live_migration).

    def live_migrate_instance(self, ctxt, instance, host, block_migration,
                              force, wait):
        """Start a live migration; with ``wait`` (before 2.34) the reason
        it could not start comes back (None when it started)."""
        kwargs = dict(instance=instance, host=host,
                      block_migration=block_migration, force=force)
        if wait:
            return self._call(ctxt, 'live_migrate_instance', **kwargs)
        self.client.prepare().cast(ctxt, 'live_migrate_instance', **kwargs)
        return None

    def live_migration_update(self, ctxt, migration_id, values):
        return self._call(ctxt, 'live_migration_update',
                          migration_id=migration_id, values=values)

    def live_migration_completed(self, ctxt, instance_uuid, migration_id):
        return self._call(ctxt, 'live_migration_completed',
                          instance_uuid=instance_uuid,
                          migration_id=migration_id)

    def live_migration_rolled_back(self, ctxt, instance_uuid, migration_id,
                                   status):
        return self._call(ctxt, 'live_migration_rolled_back',
                          instance_uuid=instance_uuid,
                          migration_id=migration_id, status=status)

    def live_migrations_interrupted(self, ctxt, host):
        """Roll back the live migrations a restarted agent was running."""
        return self._call(ctxt, 'live_migrations_interrupted', host=host)

    # Resize and cold migration (compute.conductor.moves.MoveTasks).

    def migrate_server(self, ctxt, instance_uuid, flavor, migration_type,
                       ignore_hosts, requested_host=None,
                       requested_node=None):
        """Create the migration, schedule it and start it (a cast)."""
        self.client.prepare().cast(
            ctxt, 'migrate_server', instance_uuid=instance_uuid,
            flavor=flavor, migration_type=migration_type,
            ignore_hosts=ignore_hosts, requested_host=requested_host,
            requested_node=requested_node)

    def move_info(self, ctxt, instance_uuid, migration_id):
        """{'instance', 'migration', 'move'} of a move in flight."""
        return self._call(ctxt, 'move_info', instance_uuid=instance_uuid,
                          migration_id=migration_id)

    def move_step(self, ctxt, instance_uuid, migration_id, status,
                  expected_task_state, values):
        """Set the migration's ``status`` and the instance's ``values``
        (if it is in ``expected_task_state``); the instance."""
        return self._call(ctxt, 'move_step', instance_uuid=instance_uuid,
                          migration_id=migration_id, status=status,
                          expected_task_state=expected_task_state,
                          values=values)

    def move_to_destination(self, ctxt, instance_uuid, migration_id):
        """The instance takes its new flavor on the destination."""
        return self._call(ctxt, 'move_to_destination',
                          instance_uuid=instance_uuid,
                          migration_id=migration_id)

    def move_ended(self, ctxt, instance_uuid, migration_id, ok):
        """The server stays where it is; the move is confirmed (``ok``) or
        broken (the server in ERROR)."""
        return self._call(ctxt, 'move_ended',
                          instance_uuid=instance_uuid,
                          migration_id=migration_id, ok=ok)

    def move_back(self, ctxt, instance_uuid, migration_id, status,
                  power_state):
        """The instance is back on the source with its old flavor and
        allocation; the migration ends in ``status``."""
        return self._call(ctxt, 'move_back', instance_uuid=instance_uuid,
                          migration_id=migration_id, status=status,
                          power_state=power_state)

    def confirm_expired_resizes(self, ctxt, host, window):
        return self._call(ctxt, 'confirm_expired_resizes', host=host,
                          window=window)

    # Rebuild and evacuation.

    def rebuild_instance(self, ctxt, instance_uuid, request):
        """Rebuild a server in place or, for an evacuation, elsewhere
        (``request``: see compute.conductor.rebuild)."""
        self.client.prepare(version='1.2').cast(
            ctxt, 'rebuild_instance', instance_uuid=instance_uuid,
            request=request)

    def evacuation_status(self, ctxt, migration_id, status):
        return self._call(ctxt, 'evacuation_status',
                          migration_id=migration_id, status=status)

    def evacuation_failed(self, ctxt, instance_uuid, migration_id):
        """The destination could not rebuild the server: back to its
        source host and allocation, in ERROR."""
        return self._call(ctxt, 'evacuation_failed',
                          instance_uuid=instance_uuid,
                          migration_id=migration_id)

    def evacuations_from_host(self, ctxt, host):
        """The evacuations away from ``host`` still holding its
        allocation."""
        return self._call(ctxt, 'evacuations_from_host', host=host)

    def evacuation_cleaned_up(self, ctxt, migration_id):
        """The source destroyed the evacuated guest: free the source
        allocation and complete the migration."""
        return self._call(ctxt, 'evacuation_cleaned_up',
                          migration_id=migration_id)

    # Shelving (compute.conductor.shelving.ShelveTasks).

    def unshelve_instance(self, ctxt, instance_uuid, host=None):
        """Bring a shelved server back: on its host, or for an offloaded
        one on a host the scheduler picks (``host`` if given)."""
        self.client.prepare().cast(ctxt, 'unshelve_instance',
                                   instance_uuid=instance_uuid, host=host)

    def instance_system_metadata(self, ctxt, instance_uuid, values=None,
                                 delete=()):
        """Merge ``values`` into the server's system metadata and delete
        the items named in ``delete``."""
        return self._call(ctxt, 'instance_system_metadata',
                          instance_uuid=instance_uuid, values=values or {},
                          delete=list(delete))

    # Server groups (the agent's late policy check).

    def server_group_placement(self, ctxt, instance_uuid):
        """The group of a server and where its members run, or None (see
        compute.db.server_groups.placement_of_instance)."""
        return self._call(ctxt, 'server_group_placement',
                          instance_uuid=instance_uuid)

    # Image pre-caching (compute.conductor.image_cache.ImageCacheTasks).

    def cache_images(self, ctxt, aggregate_id, image_ids):
        """Have the compute hosts of the aggregate cache the images (a
        cast: the outcomes are logged by the conductor)."""
        self.client.prepare().cast(ctxt, 'cache_images',
                                   aggregate_id=aggregate_id,
                                   image_ids=image_ids)
