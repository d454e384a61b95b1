"""The network service as compute sees it: the ``NetworkAPI`` interface,
its errors, and ``get_network_api()`` choosing the back end by
``[network] backend``.

``requested`` (what a server asks for) is ``'auto'`` (one port on the
default network), ``'none'`` (no port) or a list of dicts with keys
``network_id``, ``port_id``, ``fixed_ip`` and ``tag``. ``network_info`` is
Nova's VIF list (see ``doc/dev/servers-brief.md``).
"""

import abc
import importlib

from compute import conf as compute_conf
from compute import exception

CONF = compute_conf.CONF

# [network] backend -> "module:class"
_BACKENDS = {'local': 'compute.network.local:LocalNetworkAPI'}


class NetworkNotFound(exception.NotFound):
    msg_fmt = 'Network %(network_id)s could not be found.'


class PortNotFound(exception.NotFound):
    msg_fmt = 'Port id %(port_id)s could not be found.'


class SecurityGroupNotFound(exception.NotFound):
    msg_fmt = 'Security group %(security_group_id)s not found.'


class PortInUse(exception.Conflict):
    msg_fmt = 'Port %(port_id)s is still in use.'


class SecurityGroupInUse(exception.Conflict):
    msg_fmt = 'Security Group %(security_group_id)s in use.'


class DefaultSecurityGroupRemoval(exception.Conflict):
    msg_fmt = 'Insufficient rights for removing default security group.'


class NoMoreFixedIps(exception.Conflict):
    msg_fmt = 'No fixed IP addresses available for network: %(net)s'


class FixedIpAlreadyInUse(exception.Invalid):
    # Nova answers a server create asking for a taken address with 400.
    msg_fmt = ('Fixed IP address %(address)s is already in use on instance '
               '%(instance_uuid)s.')


class FixedIpInvalid(exception.Invalid):
    msg_fmt = ('Invalid input received: Fixed IP %(address)s is not a valid '
               'ip address for network %(network_id)s.')


class UnableToAutoAllocateNetwork(exception.Invalid):
    msg_fmt = ('Unable to automatically allocate a network for project '
               '%(project_id)s')


class InvalidFixedIpAndMaxCountRequest(exception.Invalid):
    msg_fmt = 'Failed to launch instances: %(reason)s'


class MultiplePortsNotApplicable(exception.Invalid):
    msg_fmt = 'Failed to launch instances: %(reason)s'


class NetworkAPI(abc.ABC):
    """What compute needs from a network service."""

    @abc.abstractmethod
    def validate_networks(self, ctx, requested, max_count):
        """Check a server request's networks before anything is built.

        Raises the errors Nova answers a bad request with: 400 for an
        unknown network or port, a taken or foreign fixed IP, fixed IPs or
        ports with ``max_count > 1`` or no network for 'auto'; 409 for a
        port in use. Returns how many instances can be built (max_count).
        """

    @abc.abstractmethod
    def allocate_for_instance(self, ctx, instance, requested):
        """Create or bind the instance's ports; returns its network_info.
        Calling it again for an instance that has ports returns those."""

    @abc.abstractmethod
    def deallocate_for_instance(self, ctx, instance):
        """Delete the ports made for the instance and unbind the ports it
        was given (``preserve_on_delete``)."""

    @abc.abstractmethod
    def get_instance_nw_info(self, ctx, instance_uuid):
        """The network_info of the ports bound to the instance."""

    @abc.abstractmethod
    def list_networks(self, ctx):
        """Networks the caller can use, as Networking API dicts."""

    @abc.abstractmethod
    def get_network(self, ctx, network_id):
        """One network as a Networking API dict; raises NetworkNotFound."""

    @abc.abstractmethod
    def security_groups_for(self, ctx, instance_uuid):
        """Sorted names of the security groups on the instance's ports."""


def get_network_api():
    """The configured back end."""
    module, _, cls = _BACKENDS[CONF.network.backend].partition(':')
    return getattr(importlib.import_module(module), cls)()
