"""The registry of flavor extra specs the service knows, and their validation.

From microversion 2.86 the API validates every extra spec it is given:

* a spec registered here must have a value of the registered kind (string
  with an optional enum or pattern, integer with optional bounds, or a
  boolean-like string);
* an unregistered spec in a registered namespace (the part of the name
  before the first ``:``, e.g. ``hw`` or ``trait<group>``) is refused;
* anything else (no namespace, or a namespace nobody registered) passes, so
  that operators' own scheduler filters keep working.

``validate`` raises ``exception.ValidationError`` (400) with Nova's wording.
"""

import re

import os_resource_classes
import os_traits
from oslo_utils import strutils

from compute import exception

_PARAM_RE = re.compile(r'{(\w+)}')
# A granular request group suffix: ``resources1:``, ``trait_gpu:``, ...
_GROUP = r'([a-zA-Z0-9_-]{1,64})?'
# A CPU set such as ``0-3,^2``.
_CPU_SET = r'\^?\d+((-\d+)?(,\^?\d+(-\d+)?)?)*'


class Spec:
    """One known extra spec.

    ``name`` may hold ``{param}`` placeholders, each replaced by the regex
    given in ``params``; ``kind`` is ``str``, ``int`` or ``bool``.
    """

    def __init__(self, name, kind=str, *, enum=(), pattern=None,
                 minimum=None, maximum=None, params=None):
        self.name = name
        self.kind = kind
        self.enum = tuple(enum)
        self.pattern = pattern
        self.minimum = minimum
        self.maximum = maximum
        self.params = dict(params or {})
        self.regex = re.compile(self._template_regex(name))
        # The namespace of ``hw:numa_cpus.{id}`` is ``hw``; of
        # ``trait{group}:{trait}`` any ``trait<group>``.
        self.namespace = (self._template_regex(name.split(':', 1)[0])
                          if ':' in name else None)

    def _template_regex(self, template):
        parts = _PARAM_RE.split(template)
        # split() alternates literal text and parameter names.
        return ''.join(re.escape(part) if index % 2 == 0
                       else '(?P<%s>%s)' % (part, self.params[part])
                       for index, part in enumerate(parts))

    def validate(self, value):
        if self.kind is int:
            self._validate_int(value)
        elif self.kind is bool:
            self._validate_bool(value)
        else:
            self._validate_str(value)

    def _validate_str(self, value):
        if self.pattern is not None:
            if not re.fullmatch(self.pattern, value):
                raise exception.ValidationError(
                    detail="Validation failed; '%s' is not of the format "
                           "'%s'." % (value, self.pattern))
        elif self.enum and value not in self.enum:
            raise exception.ValidationError(
                detail="Validation failed; '%s' is not one of: %s."
                       % (value, ', '.join(self.enum)))

    def _validate_int(self, value):
        try:
            number = int(value)
        except ValueError:
            raise exception.ValidationError(
                detail="Validation failed; '%s' is not a valid integer "
                       "value." % value)
        if self.maximum is not None and number > self.maximum:
            raise exception.ValidationError(
                detail="Validation failed; '%s' is greater than the max "
                       "value of '%s'." % (number, self.maximum))
        if self.minimum is not None and number < self.minimum:
            raise exception.ValidationError(
                detail="Validation failed; '%s' is less than the min value "
                       "of '%s'." % (number, self.minimum))

    @staticmethod
    def _validate_bool(value):
        try:
            strutils.bool_from_string(value, strict=True)
        except ValueError:
            raise exception.ValidationError(
                detail="Validation failed; '%s' is not a valid boolean-like "
                       "value." % value)


def _hw_specs():
    specs = [
        Spec('hw:cpu_policy', enum=('dedicated', 'shared', 'mixed')),
        Spec('hw:cpu_thread_policy', enum=('prefer', 'isolate', 'require')),
        Spec('hw:emulator_threads_policy', enum=('isolate', 'share')),
        Spec('hw:cpu_dedicated_mask', pattern=_CPU_SET),
        Spec('hw:cpu_realtime', bool),
        Spec('hw:cpu_realtime_mask', pattern=_CPU_SET),
        Spec('hw:hide_hypervisor_id', bool),
        Spec('hw:mem_page_size',
             pattern=r'(large|small|any|\d+([kKMGT]i?)?(b|bit|B)?)'),
        Spec('hw:locked_memory', bool),
        Spec('hw:mem_encryption', bool),
        Spec('hw:mem_encryption_model', enum=('amd-sev', 'amd-sev-es')),
        Spec('hw:numa_nodes', int, minimum=1),
        Spec('hw:numa_cpus.{id}', pattern=_CPU_SET, params={'id': r'\d+'}),
        Spec('hw:numa_mem.{id}', int, minimum=1, params={'id': r'\d+'}),
        Spec('hw:pci_numa_affinity_policy',
             enum=('required', 'preferred', 'legacy', 'socket')),
        Spec('hw:boot_menu', bool),
        Spec('hw:pmem', pattern=r'([a-zA-Z0-9_]+(,)?)+'),
        Spec('hw:pmu', bool),
        Spec('hw:serial_port_count', int, minimum=0),
        Spec('hw:tpm_model', enum=('tpm-tis', 'tpm-crb')),
        Spec('hw:tpm_version', enum=('1.2', '2.0')),
        Spec('hw:tpm_secret_security', enum=('user', 'host', 'deployment')),
        Spec('hw:watchdog_action',
             enum=('none', 'pause', 'poweroff', 'reset', 'disabled')),
        Spec('hw:vif_multiqueue_enabled', bool),
        Spec('hw:virtio_packed_ring', bool),
        Spec('hw:viommu_model', enum=('intel', 'smmuv3', 'virtio', 'auto')),
        Spec('hw:maxphysaddr_mode', enum=('emulate', 'passthrough')),
        Spec('hw:maxphysaddr_bits', int, minimum=1),
        Spec('hw:ephemeral_encryption', bool),
        Spec('hw:ephemeral_encryption_format',
             enum=('plain', 'luks', 'luks2')),
        Spec('hw:sound_model'),
        Spec('hw:usb_model'),
        Spec('hw:redirected_usb_ports', int, minimum=0, maximum=15),
    ]
    # Guest CPU topology, and its upper bounds under both spellings the
    # bounds have had.
    for part in ('sockets', 'cores', 'threads'):
        specs.append(Spec('hw:cpu_%s' % part, int, minimum=1))
        specs.append(Spec('hw:cpu_max_%s' % part, int, minimum=1))
        specs.append(Spec('hw:max_cpu_%s' % part, int, minimum=1))
    return specs


def _device_specs():
    return [
        Spec('hw_rng:allowed', bool),
        Spec('hw_rng:rate_bytes', int, minimum=0),
        Spec('hw_rng:rate_period', int, minimum=0),
        Spec('hw_video:ram_max_mb', int, minimum=0),
        Spec('os:secure_boot', enum=('disabled', 'required')),
        Spec('pci_passthrough:alias',
             pattern=r'[^:]+:\d+(?:\s*,\s*[^:]+:\d+)*'),
        Spec('accel:device_profile'),
        Spec('vmware:hw_version'),
        Spec('vmware:storage_policy'),
        # Not namespaced, hence never refused when unknown.
        Spec('hide_hypervisor_id', bool),
        Spec('group_policy', enum=('isolate', 'none')),
    ]


def _quota_specs():
    specs = []
    # VMware share-based limits.
    for resource in ('cpu', 'memory', 'disk_io', 'vif'):
        specs += [Spec('quota:%s_limit' % resource, int),
                  Spec('quota:%s_reservation' % resource, int),
                  Spec('quota:%s_shares_level' % resource),
                  Spec('quota:%s_shares_share' % resource, int)]
    # libvirt CPU tuning, disk I/O throttling and VIF bandwidth.
    specs += [Spec('quota:cpu_%s' % key, int, minimum=0)
              for key in ('shares', 'period', 'quota')]
    specs += [Spec('quota:disk_%s_%s_sec' % (stat, metric), int, minimum=0)
              for stat in ('read', 'write', 'total')
              for metric in ('bytes', 'iops')]
    specs += [Spec('quota:vif_%s_%s' % (way, metric), int, minimum=0)
              for way in ('inbound', 'outbound')
              for metric in ('average', 'peak', 'burst')]
    return specs


def _placement_specs():
    resource_class = '|'.join(
        [re.escape(rc) for rc in os_resource_classes.STANDARDS] +
        ['CUSTOM_[A-Z0-9_]+'])
    trait = '|'.join([re.escape(t) for t in os_traits.get_traits()] +
                     ['CUSTOM_[A-Z0-9_]+'])
    return [
        Spec('resources{group}:{resource_class}', int,
             params={'group': _GROUP, 'resource_class': resource_class}),
        Spec('trait{group}:{trait}', enum=('required', 'forbidden'),
             params={'group': _GROUP, 'trait': trait}),
    ]


# Host attributes the ComputeCapabilitiesFilter compares with.
_CAPABILITIES = (
    'id', 'uuid', 'service_id', 'host', 'vcpus', 'memory_mb', 'local_gb',
    'vcpus_used', 'memory_mb_used', 'local_gb_used', 'hypervisor_type',
    'hypervisor_version', 'hypervisor_hostname', 'free_ram_mb',
    'free_disk_gb', 'current_workload', 'running_vms',
    'disk_available_least', 'host_ip', 'mapped', 'cpu_allocation_ratio',
    'ram_allocation_ratio', 'disk_allocation_ratio', 'total_usable_ram_mb',
    'total_usable_disk_gb', 'disk_mb_used', 'free_disk_mb', 'vcpus_total',
    'num_instances', 'num_io_ops', 'failed_builds', 'aggregates',
    'cell_uuid', 'updated',
)
# ... and those holding nested values, addressed as ``cpu_info:arch``.
_NESTED_CAPABILITIES = (
    'cpu_info', 'metrics', 'stats', 'numa_topology', 'supported_hv_specs',
    'pci_device_pools', 'nodename', 'pci_stats', 'supported_instances',
    'limits', 'instances',
)


def _scheduler_filter_specs():
    specs = [Spec('aggregate_instance_extra_specs:{key}',
                  params={'key': '.+'})]
    specs += [Spec('capabilities:%s' % name) for name in _CAPABILITIES]
    specs += [Spec('capabilities:%s{filter}' % name,
                   params={'filter': r'(:\w+)*'})
              for name in _NESTED_CAPABILITIES]
    return specs


class Registry:
    """Known specs, looked up by exact name, then by template."""

    def __init__(self, specs):
        self.exact = {}
        self.templated = []
        namespaces = set()
        for spec in specs:
            if spec.params:
                self.templated.append(spec)
            else:
                self.exact[spec.name] = spec
            if spec.namespace is not None:
                namespaces.add(spec.namespace)
        self.namespaces = [re.compile(ns) for ns in sorted(namespaces)]

    def find(self, name):
        """The spec ``name`` is an instance of, or None."""
        spec = self.exact.get(name)
        if spec is not None:
            return spec
        for spec in self.templated:
            if spec.regex.fullmatch(name):
                return spec
        return None

    def in_known_namespace(self, name):
        if ':' not in name:
            return False
        prefix = name.split(':', 1)[0]
        return any(ns.fullmatch(prefix) for ns in self.namespaces)

    def validate(self, name, value):
        """Check one extra spec (``value`` as the string to be stored)."""
        spec = self.find(name)
        if spec is not None:
            spec.validate(value)
        elif self.in_known_namespace(name):
            raise exception.ValidationError(
                detail="Validation failed; extra spec '%s' does not appear "
                       "to be a valid extra spec." % name)


REGISTRY = Registry(_hw_specs() + _device_specs() + _quota_specs() +
                    _placement_specs() + _scheduler_filter_specs())


def validate(name, value):
    """Validate one extra spec against the registry (see module doc)."""
    REGISTRY.validate(name, value)
