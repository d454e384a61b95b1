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


class ComputeDriver(abc.ABC):
    """What the agent needs from a hypervisor."""

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


def load_driver(name, host):
    """The driver named ``name`` for ``host``."""
    if name == 'fake':
        from compute.virt.fake import driver
        return driver.FakeDriver(host)
    raise ValueError('unknown compute driver %r' % name)
