"""Availability zones of hosts and services.

A compute host is in the zone named by the ``availability_zone`` metadata
of the host aggregates it belongs to (several such aggregates: their zones
joined with commas), otherwise in ``[DEFAULT] default_availability_zone``.
Every other service (conductor, scheduler) is in
``[DEFAULT] internal_service_availability_zone``.
"""

import sqlalchemy as sa

from compute.agent import rpcapi as agent_rpcapi
from compute import conf as compute_conf
from compute.db import models_api
from compute.db import session

CONF = compute_conf.CONF

AZ_METADATA_KEY = 'availability_zone'


def host_availability_zones(hosts):
    """{host: zone} for compute hosts, from their aggregates' metadata."""
    hosts = set(hosts)
    found = {host: set() for host in hosts}
    if hosts:
        agg_host = models_api.AggregateHost
        meta = models_api.AggregateMetadata
        query = sa.select(agg_host.host, meta.value).join(
            meta, meta.aggregate_id == agg_host.aggregate_id).where(
                meta.key == AZ_METADATA_KEY, agg_host.host.in_(hosts))
        with session.api_session() as db:
            for host, zone in db.execute(query):
                found[host].add(zone)
    return {host: ','.join(sorted(zones)) if zones
            else CONF.default_availability_zone
            for host, zones in found.items()}


def get_host_availability_zone(host):
    """The zone of one compute host."""
    return host_availability_zones([host])[host]


def _is_compute(service):
    return service.topic == agent_rpcapi.TOPIC


def service_zones(services):
    """{service id: zone} for service records (compute.objects.Service)."""
    compute_zones = host_availability_zones(
        s.host for s in services if _is_compute(s))
    internal = CONF.internal_service_availability_zone
    return {s.id: compute_zones[s.host] if _is_compute(s) else internal
            for s in services}


def split_zones(services, zones):
    """(available, unavailable) zone names, each sorted.

    A zone is available when at least one of its services is enabled; a
    zone whose services are all disabled is unavailable. ``zones`` is the
    ``service_zones`` mapping of ``services``.
    """
    available = {zones[s.id] for s in services if not s.disabled}
    unavailable = {zones[s.id] for s in services if s.disabled} - available
    return sorted(available), sorted(unavailable)
