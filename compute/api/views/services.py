"""Response bodies of os-services: a service record per microversion
(integer id before 2.53, uuid from 2.53; forced_down from 2.11) and the
short bodies of the legacy enable/disable/force-down actions."""

from compute.api import microversion
from compute import conf as compute_conf

CONF = compute_conf.CONF


def service(req, svc, zone):
    uuid_ids = req.ver >= microversion.SERVICE_HYPERVISOR_UUID
    body = {
        'id': svc.uuid if uuid_ids else svc.id,
        'binary': svc.binary,
        'host': svc.host,
        'zone': zone,
        'status': 'disabled' if svc.disabled else 'enabled',
        'state': 'up' if svc.is_up(CONF.service_down_time) else 'down',
        'updated_at': svc.updated_at,
        'disabled_reason': svc.disabled_reason,
    }
    if req.ver >= microversion.SERVICE_FORCED_DOWN:
        body['forced_down'] = svc.forced_down
    return body


def index(req, services, zones):
    """``zones`` maps service ids to zone names."""
    return {'services': [service(req, svc, zones[svc.id])
                         for svc in services]}


def show(req, svc, zone):
    return {'service': service(req, svc, zone)}


def legacy_action(host, binary, **fields):
    """What a PUT /os-services/<action> before 2.53 answers."""
    return {'service': dict({'host': host, 'binary': binary}, **fields)}
