"""Request filters: constraints added to the placement query before any
host is looked at, so placement only offers hosts that can qualify.

Run in Nova's order on every request, each behind Nova's option where
Nova has one:

* tenant isolation (``[scheduler] limit_tenants_to_placement_aggregate``,
  ``placement_aggregate_required_for_tenants``): the aggregates whose
  ``filter_tenant_id*`` metadata names the project become required;
* availability zone: a requested zone becomes a required placement
  aggregate (the zone's host aggregates, mirrored in placement); the
  default zone, which has no aggregate, forbids every other zone's;
* image type support (``query_placement_for_image_type_support``): the
  ``COMPUTE_IMAGE_TYPE_<disk format>`` trait, for image-backed servers;
* compute status: ``COMPUTE_STATUS_DISABLED`` is forbidden (the services
  API sets it on the providers of disabled hosts);
* isolated aggregates (``enable_isolated_aggregate_filtering``):
  aggregates with ``trait:<NAME>=required`` metadata the flavor and image
  do not all require are forbidden;
* image metadata (``image_metadata_prefilter``): ``hw_architecture`` and
  the other device model properties become required traits;
* traits that flavor extra specs and image properties imply: accelerators
  (``accel:device_profile``), packed virtqueues, ephemeral encryption and
  its format, a virtio sound device, the vTPM secret security mode;
* ``OWNER_NOVA``: only providers the agents manage (they all report it);
* requested destination and forced host/node: a single named node limits
  the candidates to its provider tree (``in_tree``);
* the candidate limit (``[scheduler] max_placement_results``), lifted when
  host filters need to see every host (server groups, same_host /
  different_host hints, forced hosts) as Nova does.

Left out, as their input cannot occur in this cloud: routed network
segments (the built-in network has no segments) and remote-managed ports
(its ports are all of vnic type ``normal``).
"""

import logging

import os_traits
from oslo_utils import strutils

from compute import conf as compute_conf
from compute.scheduler import errors
from compute.scheduler import utils

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

NOT_ENOUGH_HOSTS = 'There are not enough hosts available.'
TENANT_METADATA_KEY = 'filter_tenant_id'
_TRAIT_METADATA_PREFIX = 'trait:'
_STANDARD_TRAITS = frozenset(os_traits.get_traits())
_UNLIMITED_HINTS = ('group', 'same_host', 'different_host')

# Image properties that name a device model or architecture, and the
# prefix of the trait a host reports when it supports that value.
_IMAGE_TRAIT_PREFIXES = (
    ('hw_cdrom_bus', 'COMPUTE_STORAGE_BUS'),
    ('hw_disk_bus', 'COMPUTE_STORAGE_BUS'),
    ('hw_video_model', 'COMPUTE_GRAPHICS_MODEL'),
    ('hw_vif_model', 'COMPUTE_NET_VIF_MODEL'),
    ('hw_architecture', 'HW_ARCH'),
    ('hw_emulation_architecture', 'COMPUTE_ARCH'),
    # Nova's prefix here is COMPUTE_VIOMMU, which names no trait (so the
    # property disables the whole filter there); the traits are these.
    ('hw_viommu_model', 'COMPUTE_VIOMMU_MODEL'),
)
# Glance's older names of some of those properties.
_LEGACY_IMAGE_PROPERTIES = {'hw_architecture': 'architecture'}

_TPM_SECRET_SECURITY_TRAITS = {
    'user': os_traits.COMPUTE_SECURITY_TPM_SECRET_SECURITY_USER,
    'host': os_traits.COMPUTE_SECURITY_TPM_SECRET_SECURITY_HOST,
    'deployment': os_traits.COMPUTE_SECURITY_TPM_SECRET_SECURITY_DEPLOYMENT,
}


def _failed(reason):
    """A request filter found that no host can qualify."""
    return errors.NoValidHost(reason='Scheduling failed: %s' % reason)


def _extra_specs(spec):
    return spec.flavor.get('extra_specs') or {}


def _known_trait(name):
    if name in _STANDARD_TRAITS:
        return True
    LOG.error('Computed trait name %r is not a standard trait.', name)
    return False


def _flavor_image_value(spec, name, parse=str):
    """The value of flavor extra spec ``hw:<name>`` or else of image
    property ``hw_<name>``, each read with ``parse``; None when neither
    sets it. Both set to different values cannot be satisfied."""
    values = []
    for source, key in ((_extra_specs(spec), 'hw:' + name),
                        (utils.image_properties(spec), 'hw_' + name)):
        raw = source.get(key)
        values.append(None if raw is None else parse(raw))
    flavor_value, image_value = values
    if None not in values and flavor_value != image_value:
        raise _failed('Flavor hw:%s=%s conflicts with image hw_%s=%s.' % (
            name, flavor_value, name, image_value))
    return image_value if flavor_value is None else flavor_value


def require_tenant_aggregate(spec, request, snapshot):
    if not CONF.scheduler.limit_tenants_to_placement_aggregate:
        return
    tenant_aggregates = sorted(
        agg.uuid for agg in snapshot.aggregates
        if any(key.startswith(TENANT_METADATA_KEY)
               and value == spec.project_id
               for key, value in agg.metadata.items()))
    if tenant_aggregates:
        request.member_of.append('in:' + ','.join(tenant_aggregates))
    elif CONF.scheduler.placement_aggregate_required_for_tenants:
        LOG.warning('Tenant %s has no available aggregates',
                    spec.project_id)
        raise _failed('No hosts available for tenant')


def map_az_to_placement_aggregate(spec, request, snapshot):
    zone = spec.availability_zone
    if not zone:
        return
    if zone == CONF.default_availability_zone:
        others = sorted(agg.uuid for agg in snapshot.aggregates
                        if agg.availability_zone not in (None, zone))
        if others:
            request.member_of.append('!in:' + ','.join(others))
        return
    members = sorted(agg.uuid for agg in snapshot.aggregates
                     if agg.availability_zone == zone)
    if not members:
        LOG.info('Availability zone %s has no hosts.', zone)
        raise errors.NoValidHost(reason=NOT_ENOUGH_HOSTS)
    request.member_of.append('in:' + ','.join(members))


def require_image_type_support(spec, request, snapshot):
    if not CONF.scheduler.query_placement_for_image_type_support:
        return
    disk_format = (spec.image or {}).get('disk_format')
    # A volume-backed server's disk is not an image on the host.
    if spec.is_bfv or not disk_format:
        return
    trait = 'COMPUTE_IMAGE_TYPE_%s' % disk_format.upper()
    if _known_trait(trait):
        request.required_traits.add(trait)


def compute_status_filter(spec, request, snapshot):
    request.forbidden_traits.add(os_traits.COMPUTE_STATUS_DISABLED)


def isolate_aggregates(spec, request, snapshot):
    if not CONF.scheduler.enable_isolated_aggregate_filtering:
        return
    # What the flavor and image require, not what earlier request
    # filters added.
    wanted = utils.resources_from_spec(spec).required_traits
    isolated = sorted(
        agg.uuid for agg in snapshot.aggregates
        if any(key.startswith(_TRAIT_METADATA_PREFIX)
               and value == utils.REQUIRED
               and key[len(_TRAIT_METADATA_PREFIX):] not in wanted
               for key, value in agg.metadata.items()))
    if isolated:
        request.member_of.append('!in:' + ','.join(isolated))


def transform_image_metadata(spec, request, snapshot):
    if not CONF.scheduler.image_metadata_prefilter:
        return
    props = utils.image_properties(spec)
    traits = set()
    for name, prefix in _IMAGE_TRAIT_PREFIXES:
        value = props.get(name) or props.get(
            _LEGACY_IMAGE_PROPERTIES.get(name, name))
        if not value:
            continue
        trait = '%s_%s' % (prefix, str(value).replace('-', '_').upper())
        # One unknown value and none of them is required, as in Nova.
        if not _known_trait(trait):
            return
        traits.add(trait)
    request.required_traits |= traits


def accelerators_filter(spec, request, snapshot):
    if _extra_specs(spec).get('accel:device_profile'):
        request.required_traits.add(os_traits.COMPUTE_ACCELERATORS)


def packed_virtqueue_filter(spec, request, snapshot):
    if _flavor_image_value(spec, 'virtio_packed_ring', strutils.bool_from_string):
        request.required_traits.add(os_traits.COMPUTE_NET_VIRTIO_PACKED)


def ephemeral_encryption_filter(spec, request, snapshot):
    if not _flavor_image_value(spec, 'ephemeral_encryption', strutils.bool_from_string):
        return
    request.required_traits.add(os_traits.COMPUTE_EPHEMERAL_ENCRYPTION)
    encryption_format = _flavor_image_value(
        spec, 'ephemeral_encryption_format')
    if encryption_format:
        trait = 'COMPUTE_EPHEMERAL_ENCRYPTION_%s' % encryption_format.upper()
        if not _known_trait(trait):
            raise _failed('Ephemeral encryption format %s is not '
                          'supported.' % encryption_format)
        request.required_traits.add(trait)


def virtio_sound_filter(spec, request, snapshot):
    if _flavor_image_value(spec, 'sound_model') == 'virtio':
        request.required_traits.add(os_traits.COMPUTE_SOUND_MODEL_VIRTIO)


def tpm_secret_security_filter(spec, request, snapshot):
    # A vTPM is asked for by a TPM version, in the flavor or the image.
    if not _flavor_image_value(spec, 'tpm_version'):
        return
    security = _extra_specs(spec).get('hw:tpm_secret_security') or 'user'
    trait = _TPM_SECRET_SECURITY_TRAITS.get(security)
    if trait is None:
        LOG.warning("TPM secret security '%s' is not supported.", security)
        raise _failed("TPM secret security '%s' is not supported." %
                      security)
    request.required_traits.add(trait)


def owner_nova_filter(spec, request, snapshot):
    # Every agent reports OWNER_NOVA on its providers (Nova waits until
    # all computes are new enough; there are no older agents here).
    request.required_traits.add(os_traits.OWNER_NOVA)


def _single_node_tree(request, nodes, what):
    if not nodes:
        LOG.info('No enabled compute node matches the %s.', what)
        raise errors.NoValidHost(reason=NOT_ENOUGH_HOSTS)
    if len(nodes) == 1:
        request.in_tree = nodes[0].uuid


def requested_destination(spec, request, snapshot):
    if spec.requested_host or spec.requested_node:
        _single_node_tree(request, snapshot.nodes(spec.requested_host,
                                                  spec.requested_node),
                          'requested destination')


def forced_destination(spec, request, snapshot):
    if not (spec.force_hosts or spec.force_nodes):
        return
    hosts = {h.lower() for h in spec.force_hosts}
    nodes = {n.lower() for n in spec.force_nodes}
    _single_node_tree(request, [
        node for node in snapshot.nodes()
        if (not hosts or node.host.lower() in hosts)
        and (not nodes or node.hypervisor_hostname.lower() in nodes)],
        'forced host/node')


def candidate_limit(spec, request, snapshot):
    unlimited = (spec.instance_group or spec.force_hosts or spec.force_nodes
                 or any(spec.scheduler_hints.get(hint)
                        for hint in _UNLIMITED_HINTS))
    request.limit = None if unlimited else \
        CONF.scheduler.max_placement_results


ALL_REQUEST_FILTERS = (
    require_tenant_aggregate, map_az_to_placement_aggregate,
    require_image_type_support, compute_status_filter, isolate_aggregates,
    transform_image_metadata, accelerators_filter, packed_virtqueue_filter,
    ephemeral_encryption_filter, virtio_sound_filter,
    tpm_secret_security_filter, owner_nova_filter,
    requested_destination, forced_destination, candidate_limit)


def process(spec, request, snapshot):
    """Add every request filter's constraints to ``request``; NoValidHost
    when one already knows that no host can qualify."""
    for request_filter in ALL_REQUEST_FILTERS:
        request_filter(spec, request, snapshot)
