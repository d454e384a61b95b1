"""Response bodies of os-hypervisors per microversion: the compute node
with its service's state, the resource usage and ``cpu_info`` (a string
before 2.28, an object from 2.28, gone with the usage in 2.88), ``uptime``
in the detailed view from 2.88, the servers of the node's host, the paging
links (2.33+) and the statistics."""

from oslo_serialization import jsonutils

from compute.api import microversion
from compute.api.views import links
from compute import conf as compute_conf

CONF = compute_conf.CONF

COLLECTION = 'os-hypervisors'
DETAIL_COLLECTION = 'os-hypervisors/detail'

_USAGE_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
                 'memory_mb_used', 'local_gb_used', 'free_ram_mb',
                 'free_disk_gb', 'current_workload', 'running_vms',
                 'disk_available_least')


def _cpu_info(req, node):
    if req.ver >= microversion.HYPERVISOR_CPU_INFO_DICT:
        return jsonutils.loads(node.cpu_info) if node.cpu_info else {}
    return node.cpu_info


def _details(req, node, service, uuid_ids, uptime):
    body = {
        'hypervisor_type': node.hypervisor_type,
        'hypervisor_version': node.hypervisor_version,
        'host_ip': node.host_ip,
        'service': {'id': service.uuid if uuid_ids else service.id,
                    'host': node.host,
                    'disabled_reason': service.disabled_reason},
    }
    if req.ver >= microversion.HYPERVISOR_USAGE_REMOVED:
        body['uptime'] = uptime
    else:
        body.update({name: getattr(node, name) for name in _USAGE_FIELDS})
        body['cpu_info'] = _cpu_info(req, node)
    return body


def hypervisor(req, node, service, detail=False, servers=None,
               with_servers=False, uptime=None):
    """One node; ``servers`` are (id, uuid) pairs of its host's instances.

    Servers are listed when there are some and, from 2.75, always (maybe
    empty) when the caller asked for them with ``with_servers``.
    """
    uuid_ids = req.ver >= microversion.SERVICE_HYPERVISOR_UUID
    body = {
        'id': node.uuid if uuid_ids else node.id,
        'hypervisor_hostname': node.hypervisor_hostname,
        'state': 'up' if service.is_up(CONF.service_down_time) else 'down',
        'status': 'disabled' if service.disabled else 'enabled',
    }
    if detail:
        body.update(_details(req, node, service, uuid_ids, uptime))
    if servers or (with_servers and
                   req.ver >= microversion.STRICT_QUERY_AND_CLEANUPS):
        body['servers'] = [{'name': CONF.instance_name_template % inst_id,
                            'uuid': inst_uuid}
                           for inst_id, inst_uuid in servers or ()]
    return body


def next_links(req, hypervisors, detail):
    """The ``next`` link when the page is as long as the ``limit`` asked."""
    limit = int(req.GET.get('limit') or 0)
    if not limit or limit != len(hypervisors):
        return []
    collection = DETAIL_COLLECTION if detail else COLLECTION
    return [links.collection_next_link(req, collection,
                                       hypervisors[-1]['id'])]
