"""Handlers of /os-aggregates: host aggregates, their compute hosts and
their metadata (administrators only).

The ``availability_zone`` metadata item puts the aggregate's hosts in that
zone (see compute.availability_zones), so changing it is checked: the zone
may not be empty, a host may not end up in two aggregates with different
zones, and the zone of hosts that run instances may not change. Host
membership is mirrored in placement: each compute node's resource provider
joins (leaves) the placement aggregate with the aggregate's uuid.
"""

from oslo_log import log as logging

from compute.api import http
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import aggregates as schema
from compute.api.views import aggregates as view
from compute import availability_zones
from compute.db import aggregates as aggregates_db
from compute.db import compute_nodes as compute_nodes_db
from compute.db import services as services_db
from compute import exception
from compute.placement import aggregates as placement_aggregates
from compute.placement import provider_sets
from compute.placement import client as placement_client
from compute.policies import aggregates as agg_policies
from compute import services_builder

LOG = logging.getLogger(__name__)

_AZ = availability_zones.AZ_METADATA_KEY


class _CannotAddHost(exception.Conflict):
    msg_fmt = ('Cannot add host to aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class _CannotUpdate(exception.Invalid):
    msg_fmt = 'Cannot update aggregate %(aggregate_id)s. Reason: %(reason)s.'


class _CannotUpdateMetadata(exception.Invalid):
    msg_fmt = ('Cannot update metadata of aggregate %(aggregate_id)s. '
               'Reason: %(reason)s.')


class _CannotRemoveHost(exception.NotFound):
    msg_fmt = 'Cannot remove host %(host)s in aggregate %(aggregate_id)s'


class _CannotRemoveHostConflict(exception.Conflict):
    msg_fmt = _CannotRemoveHost.msg_fmt


def _authorize(req, action, aggregate_id=None):
    """Policy first, then the id in the path must be an integer."""
    req.context.can(agg_policies.POLICY_ROOT % action, target={})
    if aggregate_id is not None:
        parameter_types.check_integer_id(aggregate_id)


def _check_zone_change(aggregate, metadata, error, hosts=None,
                       instances_matter=True):
    """Refuse (with ``error``) metadata that would empty the zone, put
    ``hosts`` (default: the aggregate's) in two zones, or, when
    ``instances_matter``, move hosts that run instances to another zone."""
    if _AZ not in metadata:
        return
    zone = metadata[_AZ]

    def refuse(reason):
        raise error(aggregate_id=aggregate.id, reason=reason)

    if not zone:
        refuse('Aggregate %s does not support empty named availability zone'
               % aggregate.name)
    hosts = hosts or aggregate.hosts
    if not hosts:
        return
    conflicting = [other for other in
                   aggregates_db.zones_of_other_aggregates(hosts, aggregate.id)
                   if other != zone]
    if conflicting:
        refuse('One or more hosts already in availability zone(s) %s'
               % conflicting)
    if (instances_matter and zone != aggregate.availability_zone and
            aggregates_db.hosts_have_instances(hosts)):
        refuse('One or more hosts contain instances in this zone')


def _check_compute_host(host, error=None):
    """The host must run a compute service: ComputeHostNotFound, or
    ``error`` when given."""
    if not services_db.list_services(host=host,
                                     binary=services_builder.AGENT_BINARY):
        raise error or exception.ComputeHostNotFound(host=host)


def _provider_uuids(host):
    """The resource providers of the host's compute nodes."""
    return [node.uuid for node in compute_nodes_db.list_nodes(host=host)]


@validation.query(schema.NO_QUERY)
def index(req, query):
    """GET /os-aggregates"""
    _authorize(req, 'index')
    return http.json_response(
        view.index(req, aggregates_db.list_aggregates()))


@validation.body(schema.CREATE)
def create(req, body):
    """POST /os-aggregates (200, as Nova answers)"""
    _authorize(req, 'create')
    item = body['aggregate']
    zone = item.get('availability_zone')
    aggregate = aggregates_db.create(
        item['name'].strip(), {_AZ: zone.strip()} if zone else {})
    return http.json_response(view.created(req, aggregate))


@validation.query(schema.NO_QUERY)
def show(req, aggregate_id, query):
    """GET /os-aggregates/{aggregate_id}"""
    _authorize(req, 'show', aggregate_id)
    return http.json_response(view.show(req, aggregates_db.get(aggregate_id)))


@validation.body(schema.UPDATE)
def update(req, aggregate_id, body):
    """PUT /os-aggregates/{aggregate_id}: new name and/or zone."""
    _authorize(req, 'update', aggregate_id)
    item = body['aggregate']
    name = item['name'].strip() if 'name' in item else None
    metadata = {_AZ: item[_AZ]} if _AZ in item else {}
    aggregate = aggregates_db.get(aggregate_id)
    _check_zone_change(aggregate, metadata, _CannotUpdate)
    aggregate = aggregates_db.update(aggregate_id, name=name,
                                     metadata=metadata)
    return http.json_response(view.show(req, aggregate))


def delete(req, aggregate_id):
    """DELETE /os-aggregates/{aggregate_id}: only an aggregate without
    hosts (200, no body)."""
    _authorize(req, 'delete', aggregate_id)
    aggregates_db.delete(aggregate_id)
    return http.empty_response(200)


@validation.body(schema.ADD_HOST)
def add_host(req, aggregate_id, body):
    """add_host action: the host joins, here and in placement."""
    host = body['add_host']['host']
    _authorize(req, 'add_host', aggregate_id)
    _check_compute_host(host)
    aggregate = aggregates_db.get(aggregate_id)
    _check_zone_change(aggregate, aggregate.metadata, _CannotAddHost,
                       hosts=[host], instances_matter=False)
    aggregate = aggregates_db.add_host(aggregate_id, host)
    for rp_uuid in _provider_uuids(host):
        # The membership stands even when placement cannot follow; the
        # mirror is repaired by adding the host again after removing it.
        try:
            if not placement_aggregates.add_to_aggregate(rp_uuid,
                                                         aggregate.uuid):
                LOG.warning('No resource provider %s for host %s: not '
                            'mirrored in placement aggregate %s.',
                            rp_uuid, host, aggregate.uuid)
        except placement_client.PlacementError as err:
            LOG.warning('Failed to add resource provider %s of host %s to '
                        'placement aggregate %s: %s', rp_uuid, host,
                        aggregate.uuid, err)
    return http.json_response(view.show(req, aggregate))


@validation.body(schema.REMOVE_HOST)
def remove_host(req, aggregate_id, body):
    """remove_host action: the host leaves placement's aggregate first, so
    that a failure there can be retried through this API."""
    host = body['remove_host']['host']
    _authorize(req, 'remove_host', aggregate_id)
    not_found = _CannotRemoveHost(host=host, aggregate_id=aggregate_id)
    _check_compute_host(host, not_found)
    try:
        aggregate = aggregates_db.get(aggregate_id)
    except aggregates_db.AggregateNotFound:
        raise not_found
    if host not in aggregate.hosts:
        raise not_found
    for rp_uuid in _provider_uuids(host):
        try:
            placement_aggregates.remove_from_aggregate(rp_uuid,
                                                       aggregate.uuid)
        except provider_sets.ProviderSetConflict:
            raise _CannotRemoveHostConflict(host=host,
                                            aggregate_id=aggregate_id)
    try:
        aggregate = aggregates_db.remove_host(aggregate_id, host)
    except (aggregates_db.AggregateNotFound,
            aggregates_db.AggregateHostNotFound):
        raise not_found
    return http.json_response(view.show(req, aggregate))


@validation.body(schema.SET_METADATA)
def set_metadata(req, aggregate_id, body):
    """set_metadata action: add or change items; a null value deletes."""
    _authorize(req, 'set_metadata', aggregate_id)
    metadata = body['set_metadata']['metadata']
    aggregate = aggregates_db.get(aggregate_id)
    _check_zone_change(aggregate, metadata, _CannotUpdateMetadata)
    aggregate = aggregates_db.update(aggregate_id, metadata=metadata)
    return http.json_response(view.show(req, aggregate))
