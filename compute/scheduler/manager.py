"""Server side of the scheduler's RPC API (see scheduler.rpcapi): host
selection with placement, filters and weighers.

For one request: read the compute nodes and aggregates once, let the
request filters shape one placement query, turn the allocation candidates
into host states, then for each instance filter, weigh and claim the best
host in placement (the next best when a claim loses a race), consuming the
claim from the host state so the next instance sees it. Unclaimed
alternates from the same candidates follow each winner. If any instance
finds no host, the claims already made for the request are given back.
"""

import copy
import logging

import oslo_messaging as messaging

from compute import conf as compute_conf
from compute.objects import request_spec as spec_obj
from compute.placement import allocations
from compute.scheduler import errors
from compute.scheduler import filters
from compute.scheduler.filters import base as filter_base
from compute.scheduler import host_manager
from compute.scheduler import request_filter
from compute.scheduler.rpcapi import VERSION
from compute.scheduler import utils
from compute.scheduler import weighers

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


def _no_valid_host():
    return errors.NoValidHost(reason=request_filter.NOT_ENOUGH_HOSTS)


def _fitting_request(host):
    """The host's first allocation request that still fits, or None."""
    return next((request for request in host.allocation_requests
                 if host.fits(request)), None)


def _selection(host, allocation_request, claimed):
    return spec_obj.Selection(
        service_host=host.host, nodename=host.nodename,
        compute_node_uuid=host.uuid, allocation_request=allocation_request,
        allocation_request_version=allocations.VERSION, claimed=claimed)


def _hint_uuids(spec):
    return {uuid for name in ('same_host', 'different_host')
            for uuid in filter_base.hint_values(spec, name)}


class _Request:
    """The placement of one request's instances."""

    def __init__(self, spec, instance_uuids):
        # A private copy: the group and instance uuid change as we go.
        self.spec = copy.deepcopy(spec)
        self.instance_uuids = list(instance_uuids)
        self.filters = filters.load_filters()
        self.weighers = weighers.load_weighers()
        self.claimed = []
        # Hosts where a claim lost a race: placement knows them to be
        # fuller than their host states say.
        self.lost = set()

    def candidate_hosts(self):
        snapshot = host_manager.Snapshot.load()
        request = utils.resources_from_spec(self.spec)
        request_filter.process(self.spec, request, snapshot)
        candidates = allocations.allocation_candidates(
            request.resources, request.limit, request.traits(),
            request.in_tree, request.member_of)
        hosts = snapshot.host_states(candidates, self.spec)
        self._track_instances(hosts)
        return hosts

    def _track_instances(self, hosts):
        """Which hosts run the group's members and the hinted servers."""
        group = self.spec.instance_group
        members = set(group.get('members') or ()) if group else set()
        located = host_manager.locate_instances(
            hosts, members | _hint_uuids(self.spec))
        if group:
            group['members'] = sorted(members | set(self.instance_uuids))
            group['hosts'] = sorted(set(group.get('hosts') or ()) | {
                host for uuid, host in located.items() if uuid in members})

    def _ranked(self, hosts, index):
        """The hosts that qualify for instance ``index``, best first."""
        hosts = [host for host in hosts
                 if id(host) not in self.lost and _fitting_request(host)]
        forced = host_manager.forced_hosts(hosts, self.spec)
        hosts = forced if forced is not None else filters.run(
            self.filters, hosts, self.spec, index)
        return weighers.best_first(self.weighers, hosts, self.spec)

    def _claim(self, ranked, instance_uuid):
        for host in ranked:
            allocation_request = _fitting_request(host)
            if allocations.claim(instance_uuid, allocation_request,
                                 self.spec.project_id, self.spec.user_id):
                return host, allocation_request
            LOG.info('Claim of %s on %s lost a race; trying the next host.',
                     instance_uuid, host)
            self.lost.add(id(host))
        return None, None

    def _consume(self, host, allocation_request, instance_uuid):
        host.consume(allocation_request, instance_uuid, self.spec)
        group = self.spec.instance_group
        if group and host.host not in group['hosts']:
            group['hosts'].append(host.host)

    def place(self, hosts):
        """Claim a host for every instance; the host states ranked for the
        last one (the pool alternates come from)."""
        ranked = hosts
        for index, instance_uuid in enumerate(self.instance_uuids):
            self.spec.instance_uuid = instance_uuid
            ranked = self._ranked(ranked, index)
            host, allocation_request = self._claim(ranked, instance_uuid)
            if host is None:
                LOG.info('No host left for instance %s (%d of %d).',
                         instance_uuid, index + 1, len(self.instance_uuids))
                raise _no_valid_host()
            self.claimed.append((host, allocation_request))
            self._consume(host, allocation_request, instance_uuid)
        if len(self.instance_uuids) > 1:
            # Later claims changed the hosts: rank them again.
            ranked = self._ranked(ranked, len(self.instance_uuids))
        return ranked

    def release(self):
        for instance_uuid in self.instance_uuids[:len(self.claimed)]:
            allocations.delete_allocations(instance_uuid)

    def selections(self, ranked, alternates):
        """[[winner, alternates...]] per instance; alternates are hosts no
        instance of the request was claimed on, where it still fits."""
        taken = {id(host) for host, _ in self.claimed} | self.lost
        spare = []
        for host in ranked:
            if len(spare) >= alternates:
                break
            allocation_request = _fitting_request(host)
            if id(host) not in taken and allocation_request:
                spare.append(_selection(host, allocation_request, False))
        return [[_selection(host, allocation_request, True)] + spare
                for host, allocation_request in self.claimed]


def _is_rebuild(spec):
    """A rebuild with a new image asks whether the server's own host
    still suits it (Nova's ``_nova_check_type`` hint)."""
    return filter_base.hint_values(spec, '_nova_check_type') == ['rebuild']


def _check_rebuild(spec):
    """[[Selection]] of the server's own host and node (the spec's
    requested ones) when the filters that look at images still pass it.
    No placement query and no claim: the server keeps its allocation."""
    snapshot = host_manager.Snapshot.load()
    hosts = [host_manager.HostState(node, service,
                                    snapshot.aggregates_by_host[node.host],
                                    {}, [])
             for node, service in snapshot.pairs
             if node.host == spec.requested_host and
             node.hypervisor_hostname == spec.requested_node]
    rebuild_filters = [host_filter for host_filter in filters.load_filters()
                       if host_filter.RUN_ON_REBUILD]
    hosts = filters.run(rebuild_filters, hosts, spec, 0)
    if not hosts:
        raise _no_valid_host()
    return [[_selection(hosts[0], {}, False)]]


class SchedulerManager:
    target = messaging.Target(version=VERSION)

    def __init__(self):
        self.service = None

    def init_host(self):
        pass

    def periodic_tasks(self):
        return []

    def select_destinations(self, context, spec, instance_uuids,
                            return_alternates=True):
        """For each instance, in order: [claimed Selection, unclaimed
        alternates...]; NoValidHost when they do not all fit."""
        if _is_rebuild(spec):
            return _check_rebuild(spec)
        request = _Request(spec, instance_uuids)
        hosts = request.candidate_hosts()
        if not hosts:
            LOG.info('Placement offered no enabled host for %s.',
                     instance_uuids)
            raise _no_valid_host()
        try:
            ranked = request.place(hosts)
        except Exception:
            request.release()
            raise
        alternates = CONF.scheduler.max_attempts - 1 \
            if return_alternates else 0
        return request.selections(ranked, alternates)
