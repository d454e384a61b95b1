"""Handlers of /os-availability-zone: the zones anybody may pick from
(zones of enabled services, without the internal zone) and, for
administrators, every zone with its hosts and services."""

from compute.api import http
from compute.api.views import availability_zone as view
from compute import availability_zones
from compute.db import services as services_db
from compute.policies import availability_zone as az_policies


def index(req):
    """GET /os-availability-zone"""
    req.context.can(az_policies.POLICY_ROOT % 'list', target={})
    # Only enabled services count here, so no zone is listed as
    # unavailable: a zone of disabled services only is not listed at all.
    enabled = [s for s in services_db.list_services() if not s.disabled]
    zones = availability_zones.service_zones(enabled)
    return http.json_response(
        view.index(*availability_zones.split_zones(enabled, zones)))


def detail(req):
    """GET /os-availability-zone/detail"""
    req.context.can(az_policies.POLICY_ROOT % 'detail', target={})
    services = services_db.list_services()
    zones = availability_zones.service_zones(services)
    available, unavailable = availability_zones.split_zones(services, zones)
    enabled = [s for s in services if not s.disabled]
    return http.json_response(
        view.detail(available, unavailable, enabled, zones))
