"""ImagePropertiesFilter: the image's architecture, hypervisor type and VM
mode must be among the host's supported instances, and its requested
hypervisor version must be satisfied by the host's."""

import operator
import re

from oslo_utils import versionutils

from compute import conf as compute_conf
from compute.scheduler.filters import base
from compute.scheduler import utils

CONF = compute_conf.CONF

# Image property names, each with the legacy (Glance) name it replaced.
_ARCH = ('hw_architecture', 'architecture')
_HV_TYPE = ('img_hv_type', 'hypervisor_type')
_VM_MODE = ('hw_vm_mode', 'vm_mode')
_HV_VERSION = ('img_hv_requested_version', 'hypervisor_version_requires')

_ARCH_ALIASES = {'amd64': 'x86_64', 'x64': 'x86_64', 'i386': 'i686',
                 'i486': 'i686', 'i586': 'i686', 'ia32': 'i686',
                 'x86_32': 'i686', 'ppc64el': 'ppc64le', 'arm64': 'aarch64'}
_HV_TYPE_ALIASES = {'xapi': 'xen'}
_VM_MODE_ALIASES = {'hv': 'hvm', 'baremetal': 'hvm', 'pv': 'xen'}

_COMPARISONS = {'>=': operator.ge, '<=': operator.le, '>': operator.gt,
                '<': operator.lt, '==': operator.eq, '!=': operator.ne}
_CLAUSE = re.compile(r'^\s*(>=|<=|==|!=|>|<)\s*([0-9][0-9.]*)\s*$')


def _prop(props, names):
    for name in names:
        if props.get(name):
            return props[name]
    return None


def _canonical(value, aliases):
    if not value:
        return None
    value = str(value).lower()
    return aliases.get(value, value)


def version_satisfied(host_version, requirement):
    """Whether the host's integer hypervisor version meets a requirement
    such as ``>=6.0, <6.2``; an unreadable requirement is not met."""
    have = versionutils.convert_version_to_tuple(
        versionutils.convert_version_to_str(host_version))
    for clause in requirement.split(','):
        found = _CLAUSE.match(clause)
        if found is None:
            return False
        compare, wanted = found.groups()
        if not _COMPARISONS[compare](
                have, versionutils.convert_version_to_tuple(wanted)):
            return False
    return True


class ImagePropertiesFilter(base.BaseHostFilter):
    run_filter_once_per_request = True
    RUN_ON_REBUILD = True

    def host_passes(self, host_state, spec):
        props = utils.image_properties(spec)
        wanted = (
            _canonical(_prop(props, _ARCH) or
                       CONF.filter_scheduler
                       .image_properties_default_architecture,
                       _ARCH_ALIASES),
            _canonical(_prop(props, _HV_TYPE), _HV_TYPE_ALIASES),
            _canonical(_prop(props, _VM_MODE), _VM_MODE_ALIASES))
        if not any(wanted):
            return True
        if not any(self._supports(supported, wanted)
                   for supported in host_state.supported_instances):
            return False
        requirement = _prop(props, _HV_VERSION)
        if not (requirement and host_state.hypervisor_version):
            return True
        return version_satisfied(host_state.hypervisor_version,
                                 str(requirement))

    @staticmethod
    def _supports(supported, wanted):
        return all(value is None or value == offered
                   for value, offered in zip(wanted, supported))
