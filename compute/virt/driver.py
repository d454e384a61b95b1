"""The interface every hypervisor driver implements.

An agent owns one driver instance. Each method documents what the agent
expects; the agent owns database state and placement, the driver only
the hypervisor.
"""

import abc


class BuildFailed(Exception):
    """A guest could not be created on this host (the build may be
    retried elsewhere)."""


class GuestNotFound(Exception):
    """The hypervisor has no guest for the instance."""


class LiveMigrationFailed(Exception):
    """A live migration stopped half-way; the guest still runs on the
    source."""


class LiveMigrationAborted(Exception):
    """A live migration was cancelled on request; the guest still runs on
    the source."""


class ComputeDriver(abc.ABC):
    """What the agent needs from a hypervisor."""

    # What the hypervisor can do, with Nova's flag names; each known flag
    # becomes a trait on the host's resource provider
    # (compute.agent.provider_traits). A driver sets its own.
    capabilities = {}

    def __init__(self, host):
        self.host = host

    @abc.abstractmethod
    def init_host(self):
        """Prepare the hypervisor connection; called once at agent start."""

    @abc.abstractmethod
    def get_nodenames(self):
        """Names of the compute nodes (hypervisors) this host manages."""

    @abc.abstractmethod
    def get_available_resource(self, nodename):
        """A dict of the node's resources: vcpus, memory_mb, local_gb,
        hypervisor_type, hypervisor_version, cpu_info (JSON text), host_ip,
        disk_available_least."""

    @abc.abstractmethod
    def get_host_uptime(self):
        """The host's ``uptime`` line."""

    @abc.abstractmethod
    def spawn(self, instance, image, network_info, admin_password):
        """Create and start the guest; BuildFailed if it cannot."""

    @abc.abstractmethod
    def destroy(self, instance):
        """Stop and remove the guest; no error if there is none."""

    @abc.abstractmethod
    def get_power_state(self, instance):
        """The guest's power state (compute.states); GuestNotFound."""

    @abc.abstractmethod
    def list_instance_uuids(self):
        """The uuids of every guest on this host."""

    @abc.abstractmethod
    def power_off(self, instance):
        """Stop the guest, keeping it defined."""

    @abc.abstractmethod
    def power_on(self, instance):
        """Start a stopped guest."""

    @abc.abstractmethod
    def get_console_output(self, instance):
        """The guest's console log as text; GuestNotFound."""

    @abc.abstractmethod
    def get_diagnostics(self, instance):
        """A dict in the 2.48 standard diagnostics format; GuestNotFound."""

    # Power and state actions (compute.agent.power); power_off / power_on
    # above stop and start a guest. Each raises GuestNotFound when the
    # guest is not on this host.

    def reboot(self, instance, network_info, reboot_type):
        """Restart the guest: 'SOFT' asks its OS, 'HARD' resets it; a
        paused, suspended or stopped guest runs afterwards."""
        raise NotImplementedError()

    def pause(self, instance):
        """Freeze the running guest in memory."""
        raise NotImplementedError()

    def unpause(self, instance):
        """Let a paused guest run again."""
        raise NotImplementedError()

    def suspend(self, instance):
        """Save the guest's memory to disk and stop it."""
        raise NotImplementedError()

    def resume(self, instance, network_info):
        """Restore a suspended guest and let it run."""
        raise NotImplementedError()

    def rescue(self, instance, network_info, image, rescue_password):
        """Boot the guest from ``image`` (the image service's dict) with
        its own disk attached, ``rescue_password`` as root password."""
        raise NotImplementedError()

    def unrescue(self, instance):
        """Boot the rescued guest from its own disk again."""
        raise NotImplementedError()

    def trigger_crash_dump(self, instance):
        """Send the guest a non-maskable interrupt (its kernel may dump)."""
        raise NotImplementedError()

    def inject_network_info(self, instance, network_info):
        """Hand the guest its current network configuration."""
        raise NotImplementedError()

    def set_admin_password(self, instance, new_pass):
        """Set the guest's administrative password (a running guest)."""
        raise NotImplementedError()

    # Live migration: pre_live_migration and then
    # post_live_migration_at_destination (or
    # rollback_live_migration_at_destination) run on the destination,
    # live_migration and its force_complete / abort on the source.

    def pre_live_migration(self, instance, block_migration):
        """Get ready to receive the guest of ``instance``."""
        raise NotImplementedError()

    def live_migration(self, instance, dest, block_migration, on_progress):
        """Copy the running guest to host ``dest``, calling
        ``on_progress(counters)`` now and then with memory_total,
        memory_processed, memory_remaining and disk_* (bytes). Returns
        what the destination needs to take the guest over (a dict);
        raises LiveMigrationAborted or LiveMigrationFailed."""
        raise NotImplementedError()

    def live_migration_force_complete(self, instance):
        """Make the running live migration of ``instance`` finish now."""
        raise NotImplementedError()

    def live_migration_abort(self, instance):
        """Cancel the running live migration of ``instance``."""
        raise NotImplementedError()

    def post_live_migration_at_destination(self, instance, migrate_data):
        """Take over the guest ``live_migration`` copied here."""
        raise NotImplementedError()

    def rollback_live_migration_at_destination(self, instance):
        """Drop what ``pre_live_migration`` prepared."""
        raise NotImplementedError()

    # Resize and cold migration: migrate_disk_and_power_off on the source,
    # finish_migration on the destination; then confirm_migration on the
    # source, or (after the destination's guest is destroyed)
    # finish_revert_migration there.

    def migrate_disk_and_power_off(self, instance, dest, flavor):
        """Stop the guest and send its disks to host ``dest``, sized for
        ``flavor``; the original stays here until confirm or revert."""
        raise NotImplementedError()

    def finish_migration(self, instance, flavor, network_info, power_on):
        """Create the moved guest here with ``flavor``, started if
        ``power_on``."""
        raise NotImplementedError()

    def confirm_migration(self, instance):
        """Remove the original guest a confirmed move left here."""
        raise NotImplementedError()

    def finish_revert_migration(self, instance, power_on):
        """Bring back the original guest kept here, started if
        ``power_on``."""
        raise NotImplementedError()

    # Snapshots (createImage, createBackup, shelve).

    def snapshot(self, instance, update_task_state):
        """Capture the guest's root disk for an image. Calls
        ``update_task_state(states.IMAGE_PENDING_UPLOAD)`` before the
        capture and ``update_task_state(states.IMAGE_UPLOADING,
        expected_state=states.IMAGE_PENDING_UPLOAD)`` once the data are
        ready; returns (disk_format, container_format, stream) where
        ``stream`` has ``read(n)``. GuestNotFound when there is no guest."""
        raise NotImplementedError()

    # Image pre-caching (POST /os-aggregates/{aggregate_id}/images).

    def cache_image(self, context, image_id):
        """Fetch image ``image_id`` into this host's image cache, so that
        guests built from it start without downloading it. True when it
        was fetched now, False when it was cached already; raises when it
        cannot be fetched. NotImplementedError: the hypervisor keeps no
        image cache."""
        raise NotImplementedError()


def load_driver(name, host):
    """The driver named ``name`` for ``host``."""
    if name == 'fake':
        from compute.virt.fake import driver
        return driver.FakeDriver(host)
    raise ValueError('unknown compute driver %r' % name)
