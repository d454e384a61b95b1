"""The interface every hypervisor driver implements.

An agent owns one driver instance. The interface grows with the features
that need it (spawn, destroy, power actions, migrations ...); each method
documents what the agent expects.
"""

import abc


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
        *_used, hypervisor_type, hypervisor_version, cpu_info (JSON text),
        host_ip, disk_available_least, running_vms."""

    @abc.abstractmethod
    def get_host_uptime(self):
        """The host's ``uptime`` line."""


def load_driver(name, host):
    """The driver named ``name`` for ``host``."""
    if name == 'fake':
        from compute.virt.fake import driver
        return driver.FakeDriver(host)
    raise ValueError('unknown compute driver %r' % name)
