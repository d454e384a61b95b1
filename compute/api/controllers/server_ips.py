"""Handlers of /servers/{server_id}/ips: a server's addresses on every
network, or on the network of one label, from its network info."""

from compute.api import http
from compute.api.views import addresses as addresses_view
from compute import exception
from compute.policies import ips as policies
from compute import servers_access


class NotOnNetwork(exception.NotFound):
    msg_fmt = 'Instance is not a member of specified network'


def _addresses(req, server_id, action):
    instance = servers_access.get_instance(req, server_id)
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': instance.project_id})
    return addresses_view.addresses(instance.network_info)


def index(req, server_id):
    """GET /servers/{server_id}/ips"""
    return http.json_response(
        {'addresses': _addresses(req, server_id, 'index')})


def show(req, server_id, network_label):
    """GET /servers/{server_id}/ips/{network_label}"""
    addresses = _addresses(req, server_id, 'show')
    if network_label not in addresses:
        raise NotOnNetwork()
    return http.json_response({network_label: addresses[network_label]})
