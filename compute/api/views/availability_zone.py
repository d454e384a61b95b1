"""Response bodies of os-availability-zone: the zone list and, for
administrators, the zones with their hosts and services."""

from compute import conf as compute_conf

CONF = compute_conf.CONF


def _zone(name, available, hosts=None):
    return {'zoneName': name, 'zoneState': {'available': available},
            'hosts': hosts}


def index(available, unavailable):
    """The zones without their hosts; the internal zone is not shown."""
    internal = CONF.internal_service_availability_zone
    return {'availabilityZoneInfo':
            [_zone(name, True) for name in available if name != internal] +
            [_zone(name, False) for name in unavailable
             if name != internal]}


def _hosts(services, zones):
    """{zone: {host: {binary: state}}} of enabled services."""
    result = {}
    for svc in services:
        by_host = result.setdefault(zones[svc.id], {})
        by_host.setdefault(svc.host, {})[svc.binary] = {
            'available': svc.is_up(CONF.service_down_time),
            'active': not svc.disabled,
            'updated_at': svc.updated_at,
        }
    return result


def detail(available, unavailable, enabled_services, zones):
    """Available zones with the hosts and services of their enabled
    services, then the unavailable zones without hosts."""
    hosts = _hosts(enabled_services, zones)
    return {'availabilityZoneInfo':
            [_zone(name, True, hosts.get(name, {})) for name in available] +
            [_zone(name, False) for name in unavailable]}
