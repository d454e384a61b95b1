"""Handlers of /os-hypervisors: the compute nodes with the state of their
compute service, their details, servers and uptime, and the totals.

Nodes are named by integer id before 2.53 and by uuid from 2.53. Paging
(``limit`` / ``marker``) comes in 2.33; in 2.53 the hostname ``search`` and
``servers`` routes give way to the ``hypervisor_hostname_pattern`` and
``with_servers`` query parameters; in 2.88 the usage fields, statistics and
uptime routes go and the detailed view gains ``uptime``. A node whose
compute service record is gone is left out of lists.
"""

from concurrent import futures
import oslo_messaging as messaging
from oslo_utils import uuidutils

from compute.agent import rpcapi as agent_rpcapi
from compute.api import http
from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import hypervisors as schema
from compute.api.views import hypervisors as view
from compute import conf as compute_conf
from compute.db import compute_nodes as compute_nodes_db
from compute import exception
from compute.policies import hypervisors as hv_policies

CONF = compute_conf.CONF


class HypervisorNotFound(exception.NotFound):
    msg_fmt = "Hypervisor with ID '%(hypervisor_id)s' could not be found."


class NoHypervisorMatch(exception.NotFound):
    msg_fmt = "No hypervisor matching '%(pattern)s' could be found."


class ComputeServiceUnavailable(exception.Invalid):
    msg_fmt = 'Compute service of %(host)s is unavailable at this time.'


def _can(req, action):
    req.context.can(hv_policies.POLICY_ROOT % action, target={})


def _with_service(pairs):
    return [(node, service) for node, service in pairs if service is not None]


def _matching(pattern):
    """Nodes whose hostname contains ``pattern`` (with their service);
    404 when no node matches."""
    pairs = compute_nodes_db.search_with_services(pattern)
    if not pairs:
        raise NoHypervisorMatch(pattern=pattern)
    return _with_service(pairs)


def _get(req, hypervisor_id):
    """(node, service) of a uuid (2.53+) or integer id (before)."""
    if req.ver >= microversion.SERVICE_HYPERVISOR_UUID:
        if not uuidutils.is_uuid_like(hypervisor_id):
            raise exception.Invalid('Invalid uuid %s' % hypervisor_id)
    else:
        try:
            int(hypervisor_id)
        except ValueError:
            raise HypervisorNotFound(hypervisor_id=hypervisor_id)
    try:
        node, service = compute_nodes_db.get_with_service(hypervisor_id)
    except exception.ComputeHostNotFound:
        service = None
    if service is None:
        raise HypervisorNotFound(hypervisor_id=hypervisor_id)
    return node, service


def _with_servers(req):
    if req.ver < microversion.SERVICE_HYPERVISOR_UUID:
        return False
    return parameter_types.to_bool(req.GET.get('with_servers', False))


def _servers(pairs, wanted):
    """{host: [(id, uuid)]} of the nodes' hosts when ``wanted``."""
    if not wanted:
        return {}
    return compute_nodes_db.servers_on_hosts({node.host for node, _ in pairs})


_UPTIME_POOL = futures.ThreadPoolExecutor(max_workers=16,
                                          thread_name_prefix='uptime')


def _uptime(req, node, service):
    """The host's uptime line, or None when it cannot be had (host down,
    driver without it, agent not answering)."""
    if not service.is_up(CONF.service_down_time):
        return None
    try:
        return agent_rpcapi.AgentAPI().get_host_uptime(req.context,
                                                       node.host)
    except (NotImplementedError, messaging.MessagingTimeout):
        return None


def _uptimes(req, pairs, detail):
    """{node uuid: uptime} where the detailed view shows it (2.88+)."""
    if not detail or req.ver < microversion.HYPERVISOR_USAGE_REMOVED:
        return {}
    # One RPC round trip per host: ask them all at once.
    calls = {node.uuid: _UPTIME_POOL.submit(_uptime, req, node, service)
             for node, service in pairs}
    return {uuid: call.result() for uuid, call in calls.items()}


def _page(req):
    """The nodes (with their service) a list asks for, and whether paging
    links belong in the answer."""
    paging = req.ver >= microversion.HYPERVISOR_PAGING
    pattern = None
    if req.ver >= microversion.SERVICE_HYPERVISOR_UUID:
        pattern = req.GET.get('hypervisor_hostname_pattern')
    marker = req.GET.get('marker') if paging else None
    if pattern is not None:
        if 'limit' in req.GET or marker:
            raise exception.Invalid(
                'Paging over hypervisors with the hypervisor_hostname_pattern'
                ' query parameter is not supported.')
        return _matching(pattern), False
    limit = None
    if paging:
        limit = min(int(req.GET.get('limit', CONF.api.max_limit)),
                    CONF.api.max_limit)
    try:
        pairs = compute_nodes_db.list_with_services(limit=limit,
                                                    marker=marker)
    except exception.MarkerNotFound:
        raise exception.Invalid('marker [%s] not found' % marker)
    return _with_service(pairs), paging


def _list(req, detail):
    pairs, paged = _page(req)
    with_servers = _with_servers(req)
    servers = _servers(pairs, with_servers)
    uptimes = _uptimes(req, pairs, detail)
    hypervisors = [
        view.hypervisor(req, node, service, detail=detail,
                        servers=servers.get(node.host),
                        with_servers=with_servers,
                        uptime=uptimes.get(node.uuid))
        for node, service in pairs]
    body = {'hypervisors': hypervisors}
    next_links = view.next_links(req, hypervisors, detail) if paged else []
    if next_links:
        body['hypervisors_links'] = next_links
    return http.json_response(body)


@validation.query(schema.INDEX)
def index(req, query):
    """GET /os-hypervisors"""
    _can(req, 'list')
    return _list(req, detail=False)


@validation.query(schema.INDEX)
def detail(req, query):
    """GET /os-hypervisors/detail"""
    _can(req, 'list-detail')
    return _list(req, detail=True)


@validation.query(schema.SHOW)
def show(req, hypervisor_id, query):
    """GET /os-hypervisors/{hypervisor_id}"""
    _can(req, 'show')
    node, service = _get(req, hypervisor_id)
    with_servers = _with_servers(req)
    pairs = [(node, service)]
    body = view.hypervisor(
        req, node, service, detail=True,
        servers=_servers(pairs, with_servers).get(node.host),
        with_servers=with_servers,
        uptime=_uptimes(req, pairs, True).get(node.uuid))
    return http.json_response({'hypervisor': body})


def uptime(req, hypervisor_id):
    """GET /os-hypervisors/{hypervisor_id}/uptime (until 2.87)"""
    _can(req, 'uptime')
    node, service = _get(req, hypervisor_id)
    if not service.is_up(CONF.service_down_time):
        raise ComputeServiceUnavailable(host=node.host)
    try:
        text = agent_rpcapi.AgentAPI().get_host_uptime(req.context,
                                                       node.host)
    except NotImplementedError:
        raise exception.NotImplementedYet(
            'The requested functionality is not supported.')
    body = view.hypervisor(req, node, service)
    body['uptime'] = text
    return http.json_response({'hypervisor': body})


def search(req, pattern):
    """GET /os-hypervisors/{pattern}/search (until 2.52)"""
    _can(req, 'search')
    return http.json_response({'hypervisors': [
        view.hypervisor(req, node, service)
        for node, service in _matching(pattern)]})


def servers(req, pattern):
    """GET /os-hypervisors/{pattern}/servers (until 2.52)"""
    _can(req, 'servers')
    pairs = _matching(pattern)
    on_hosts = _servers(pairs, True)
    return http.json_response({'hypervisors': [
        view.hypervisor(req, node, service, servers=on_hosts[node.host])
        for node, service in pairs]})


def statistics(req):
    """GET /os-hypervisors/statistics (until 2.87)"""
    _can(req, 'statistics')
    return http.json_response(
        {'hypervisor_statistics': compute_nodes_db.statistics()})
