"""Client side of the compute agent's RPC API (one server per host).

History:
* 1.0 - get_host_uptime
* 1.1 - build_and_run_instance, terminate_instance, soft_delete_instance,
        restore_instance, get_console_output, get_diagnostics
* 1.2 - server actions and moves (power and state, images, shelve,
        resize, migrations, rebuild)
* 1.3 - cache_images (pre-caching an aggregate's images)
"""

from compute import rpc

TOPIC = 'compute'
VERSION = '1.3'


class AgentAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def _host(self, host):
        return self.client.prepare(server=host)

    def get_host_uptime(self, ctxt, host):
        return self._host(host).call(ctxt, 'get_host_uptime')

    def build_and_run_instance(self, ctxt, host, build, instance_uuid,
                               selection):
        self._host(host).cast(ctxt, 'build_and_run_instance', build=build,
                              instance_uuid=instance_uuid,
                              selection=selection)

    def terminate_instance(self, ctxt, host, instance_uuid):
        self._host(host).cast(ctxt, 'terminate_instance',
                              instance_uuid=instance_uuid)

    def soft_delete_instance(self, ctxt, host, instance_uuid):
        self._host(host).cast(ctxt, 'soft_delete_instance',
                              instance_uuid=instance_uuid)

    def restore_instance(self, ctxt, host, instance_uuid):
        self._host(host).cast(ctxt, 'restore_instance',
                              instance_uuid=instance_uuid)

    def get_console_output(self, ctxt, host, instance_uuid, tail_length):
        return self._host(host).call(ctxt, 'get_console_output',
                                     instance_uuid=instance_uuid,
                                     tail_length=tail_length)

    def get_diagnostics(self, ctxt, host, instance_uuid):
        return self._host(host).call(ctxt, 'get_diagnostics',
                                     instance_uuid=instance_uuid)

    # Power and state actions (compute.agent.power.PowerOps).

    def power_action(self, ctxt, host, method, instance_uuid, **kwargs):
        """Cast ``method`` of PowerOps ('stop_instance', 'reboot_instance',
        'rescue_instance', ...) for the server to the agent of ``host``."""
        self._host(host).cast(ctxt, method, instance_uuid=instance_uuid,
                              **kwargs)

    def set_admin_password(self, ctxt, host, instance_uuid, new_pass):
        """Set the guest's password; waits for the agent (its errors, a
        driver that cannot included, come back to the caller)."""
        return self._host(host).call(ctxt, 'set_admin_password',
                                     instance_uuid=instance_uuid,
                                     new_pass=new_pass)

    # Live migration (compute.agent.live_migration.LiveMigrationOps).

    def live_migration(self, ctxt, host, instance, migration, dest,
                       block_migration):
        """The source agent on ``host`` moves the server to ``dest``."""
        self._host(host).cast(ctxt, 'live_migration', instance=instance,
                              migration=migration, dest=dest,
                              block_migration=block_migration)

    def pre_live_migration(self, ctxt, host, instance, block_migration):
        """The destination gets ready (waited for)."""
        return self._host(host).call(ctxt, 'pre_live_migration',
                                     instance=instance,
                                     block_migration=block_migration)

    def post_live_migration_at_destination(self, ctxt, host, instance,
                                           migration, migrate_data):
        """The destination takes the copied guest over (waited for)."""
        return self._host(host).call(
            ctxt, 'post_live_migration_at_destination', instance=instance,
            migration=migration, migrate_data=migrate_data)

    def rollback_live_migration_at_destination(self, ctxt, host, instance):
        """The destination drops what it prepared (waited for)."""
        return self._host(host).call(
            ctxt, 'rollback_live_migration_at_destination',
            instance=instance)

    def live_migration_force_complete(self, ctxt, host, instance,
                                      migration_id):
        self._host(host).cast(ctxt, 'live_migration_force_complete',
                              instance=instance, migration_id=migration_id)

    def live_migration_abort(self, ctxt, host, instance, migration_id):
        self._host(host).cast(ctxt, 'live_migration_abort',
                              instance=instance, migration_id=migration_id)

    # Resize and cold migration (compute.agent.moves.MoveOps): prep on the
    # destination, resize_instance on the source, finish on the
    # destination; confirm on the source; revert on the destination, then
    # finish_revert on the source.

    def _move(self, ctxt, host, method, instance_uuid, migration):
        self._host(host).cast(ctxt, method, instance_uuid=instance_uuid,
                              migration=migration)

    def prep_resize(self, ctxt, host, instance_uuid, migration):
        self._move(ctxt, host, 'prep_resize', instance_uuid, migration)

    def resize_instance(self, ctxt, host, instance_uuid, migration):
        self._move(ctxt, host, 'resize_instance', instance_uuid, migration)

    def finish_resize(self, ctxt, host, instance_uuid, migration):
        self._move(ctxt, host, 'finish_resize', instance_uuid, migration)

    def confirm_resize(self, ctxt, host, instance_uuid, migration):
        self._move(ctxt, host, 'confirm_resize', instance_uuid, migration)

    def revert_resize(self, ctxt, host, instance_uuid, migration):
        self._move(ctxt, host, 'revert_resize', instance_uuid, migration)

    def finish_revert_resize(self, ctxt, host, instance_uuid, migration):
        self._move(ctxt, host, 'finish_revert_resize', instance_uuid,
                   migration)

    def rollback_move_at_source(self, ctxt, host, instance_uuid, migration):
        """A move failed after the source let its guest go: bring it
        back and put the server back there."""
        self._move(ctxt, host, 'rollback_move_at_source', instance_uuid,
                   migration)

    # Rebuild, evacuation and external events.

    def rebuild_instance(self, ctxt, host, instance_uuid, request):
        """Rebuild the server's guest on ``host`` (its own host, or an
        evacuation's destination); ``request`` as the conductor's."""
        self._host(host).cast(ctxt, 'rebuild_instance',
                              instance_uuid=instance_uuid, request=request)

    def external_instance_event(self, ctxt, host, instance_events):
        """Deliver external events ({name, tag, status, server_uuid})
        about servers on ``host``."""
        self._host(host).cast(ctxt, 'external_instance_event',
                              instance_events=instance_events)

    # Snapshots, backups and shelving (compute.agent.images.ImageOps).

    def snapshot_instance(self, ctxt, host, instance_uuid, image_id):
        """Fill image ``image_id`` with a snapshot of the server."""
        self._host(host).cast(ctxt, 'snapshot_instance',
                              instance_uuid=instance_uuid, image_id=image_id)

    def backup_instance(self, ctxt, host, instance_uuid, image_id,
                        backup_type, rotation):
        """Snapshot the server into ``image_id``, then keep only its
        newest ``rotation`` backups of ``backup_type``."""
        self._host(host).cast(ctxt, 'backup_instance',
                              instance_uuid=instance_uuid, image_id=image_id,
                              backup_type=backup_type, rotation=rotation)

    def shelve_instance(self, ctxt, host, instance_uuid, image_id):
        """Stop the server and snapshot it into ``image_id``."""
        self._host(host).cast(ctxt, 'shelve_instance',
                              instance_uuid=instance_uuid, image_id=image_id)

    def shelve_offload_instance(self, ctxt, host, instance_uuid):
        """Remove a shelved server from its host."""
        self._host(host).cast(ctxt, 'shelve_offload_instance',
                              instance_uuid=instance_uuid)

    def start_shelved_instance(self, ctxt, host, instance_uuid):
        """Unshelve a shelved server on the host it is still on."""
        self._host(host).cast(ctxt, 'start_shelved_instance',
                              instance_uuid=instance_uuid)

    def unshelve_instance(self, ctxt, host, instance_uuid, image, node):
        """Spawn a shelved-offloaded server on ``host`` from ``image``
        (its shelve snapshot)."""
        self._host(host).cast(ctxt, 'unshelve_instance',
                              instance_uuid=instance_uuid, image=image,
                              node=node)

    # Image pre-caching (compute.agent.image_cache.ImageCacheOps).

    def cache_images(self, ctxt, host, image_ids):
        """The agent of ``host`` caches the images; waits for its
        {image_id: outcome}."""
        return self._host(host).call(ctxt, 'cache_images',
                                     image_ids=image_ids)
