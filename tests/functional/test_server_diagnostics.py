"""Server diagnostics over HTTP: the server without a host (409), unknown
servers, the admin-only policy; and the two body formats (before and from
2.48) built by the view from the agent's standard data.

The agent round trip needs a guest on a fake agent; it is covered once
servers boot end to end (the agent's get_diagnostics)."""

import uuid

import pytest

from compute.api import microversion
from compute.api.views import server_diagnostics as view
from compute.db import instances as instances_db
from tests.functional.client import fault_message

# What an agent reports (the 2.48 format), and the legacy body built from it.
STANDARD = {
    'state': 'running', 'driver': 'libvirt', 'hypervisor': 'kvm',
    'hypervisor_os': 'ubuntu', 'uptime': 46664, 'config_drive': True,
    'num_cpus': 1, 'num_nics': 1, 'num_disks': 1,
    'cpu_details': [{'id': 0, 'time': 17300000000, 'utilisation': 15}],
    'disk_details': [{'read_bytes': 262144, 'read_requests': 112,
                      'write_bytes': 5778432, 'write_requests': 488,
                      'errors_count': 1}],
    'nic_details': [{'mac_address': '01:23:45:67:89:ab', 'rx_octets': 2070139,
                     'rx_errors': 100, 'rx_drop': 200, 'rx_packets': 26701,
                     'rx_rate': 300, 'tx_octets': 140208, 'tx_errors': 400,
                     'tx_drop': 500, 'tx_packets': 662, 'tx_rate': 600}],
    'memory_details': {'maximum': 524288, 'used': 0},
}
LEGACY = {
    'cpu0_time': 17300000000, 'memory': 524288,
    'vda_errors': 1, 'vda_read': 262144, 'vda_read_req': 112,
    'vda_write': 5778432, 'vda_write_req': 488,
    'vnet0_rx': 2070139, 'vnet0_rx_drop': 200, 'vnet0_rx_errors': 100,
    'vnet0_rx_packets': 26701, 'vnet0_tx': 140208, 'vnet0_tx_drop': 500,
    'vnet0_tx_errors': 400, 'vnet0_tx_packets': 662,
}


class _Req:
    def __init__(self, version):
        self.ver = microversion.v(version)


def _server(project, **values):
    """A server written straight to the database (building, no host)."""
    server_uuid = str(uuid.uuid4())
    row = dict(uuid=server_uuid, project_id=project, user_id='owner',
               vm_state='building', task_state='scheduling', power_state=0,
               display_name='vm')
    row.update(values)
    instances_db.create(row, flavor={'flavorid': '1', 'name': 'tiny'})
    return server_uuid


def _path(server):
    return '/servers/%s/diagnostics' % server


def test_standard_format_from_2_48():
    extra = dict(STANDARD, driver_private='x')
    assert view.show(_Req('2.48'), extra) == STANDARD
    assert view.show(_Req('2.104'), STANDARD) == STANDARD


def test_legacy_format_before_2_48():
    assert view.show(_Req('2.47'), STANDARD) == LEGACY


@pytest.mark.parametrize('version', ['2.1', '2.48'])
def test_server_without_host_is_409(api, version):
    server = _server(uuid.uuid4().hex)
    msg = fault_message(api.get(_path(server), version=version), 409)
    assert msg == 'Instance %s is not ready' % server


def test_unknown_server_is_404(api):
    missing = str(uuid.uuid4())
    msg = fault_message(api.get(_path(missing)), 404)
    assert msg == 'Instance %s could not be found.' % missing


def test_members_are_403(api):
    project = uuid.uuid4().hex
    server = _server(project, host='h1')
    msg = fault_message(api.get(_path(server), token='member:%s' % project),
                        403)
    assert msg == ("Policy doesn't allow os_compute_api:os-server-diagnostics"
                   " to be performed.")
