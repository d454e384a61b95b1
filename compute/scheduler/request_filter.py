"""Request filters: constraints added to the placement query before any
host is looked at, so placement only offers hosts that can qualify.

Run in order on every request:

* availability zone: a requested zone becomes a required placement
  aggregate (the zone's host aggregates, mirrored in placement); the
  default zone, which has no aggregate, forbids every other zone's;
* requested destination and forced host/node: a single named node limits
  the candidates to its provider tree (``in_tree``);
* the candidate limit (``[scheduler] max_placement_results``), lifted when
  host filters need to see every host (server groups, same_host /
  different_host hints, forced hosts) as Nova does.

Disabled compute services are left out by the host manager, which reads
every service with the nodes anyway.
"""

import logging

from compute import conf as compute_conf
from compute.scheduler import errors

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

NOT_ENOUGH_HOSTS = 'There are not enough hosts available.'
_UNLIMITED_HINTS = ('group', 'same_host', 'different_host')


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


ALL_REQUEST_FILTERS = (map_az_to_placement_aggregate, requested_destination,
                       forced_destination, candidate_limit)


def process(spec, request, snapshot):
    """Add every request filter's constraints to ``request``; NoValidHost
    when one already knows that no host can qualify."""
    for request_filter in ALL_REQUEST_FILTERS:
        request_filter(spec, request, snapshot)
