"""Responses of GET /servers/{id}/diagnostics.

The agent reports the standard format (2.48+); the view keeps exactly its
fields. Before 2.48 Nova answered with the driver's own flat dict; it is
derived here from the standard data in the libvirt driver's naming
(``cpu0_time``, ``memory``, ``vda_read`` ..., ``vnet0_rx`` ...).
"""

import string

from compute.api import microversion


_PLAIN = ('state', 'driver', 'hypervisor', 'hypervisor_os', 'uptime',
          'config_drive', 'num_cpus', 'num_nics', 'num_disks')
_LISTS = {
    'cpu_details': ('id', 'time', 'utilisation'),
    'disk_details': ('read_bytes', 'read_requests', 'write_bytes',
                     'write_requests', 'errors_count'),
    'nic_details': ('mac_address', 'rx_octets', 'rx_errors', 'rx_drop',
                    'rx_packets', 'rx_rate', 'tx_octets', 'tx_errors',
                    'tx_drop', 'tx_packets', 'tx_rate'),
}
_MEMORY = ('maximum', 'used')

# Legacy key suffix -> standard field, per disk and per NIC.
_LEGACY_DISK = (('read', 'read_bytes'), ('read_req', 'read_requests'),
                ('write', 'write_bytes'), ('write_req', 'write_requests'),
                ('errors', 'errors_count'))
_LEGACY_NIC = (('rx', 'rx_octets'), ('rx_drop', 'rx_drop'),
               ('rx_errors', 'rx_errors'), ('rx_packets', 'rx_packets'),
               ('tx', 'tx_octets'), ('tx_drop', 'tx_drop'),
               ('tx_errors', 'tx_errors'), ('tx_packets', 'tx_packets'))


def _standard(diagnostics):
    body = {key: diagnostics.get(key) for key in _PLAIN}
    for name, keys in _LISTS.items():
        body[name] = [{key: item.get(key) for key in keys}
                      for item in diagnostics.get(name) or []]
    memory = diagnostics.get('memory_details') or {}
    body['memory_details'] = {key: memory.get(key) for key in _MEMORY}
    return body


def _legacy(diagnostics):
    body = {}
    for cpu in diagnostics.get('cpu_details') or []:
        body['cpu%d_time' % cpu['id']] = cpu['time']
    body['memory'] = (diagnostics.get('memory_details') or {}).get('maximum')
    for index, disk in enumerate(diagnostics.get('disk_details') or []):
        device = 'vd' + string.ascii_lowercase[index % 26]
        for suffix, key in _LEGACY_DISK:
            body['%s_%s' % (device, suffix)] = disk.get(key)
    for index, nic in enumerate(diagnostics.get('nic_details') or []):
        for suffix, key in _LEGACY_NIC:
            body['vnet%d_%s' % (index, suffix)] = nic.get(key)
    return body


def show(req, diagnostics):
    """The diagnostics body for the request's microversion."""
    if req.ver >= microversion.DIAGNOSTICS_STANDARD_FORMAT:
        return _standard(diagnostics)
    return _legacy(diagnostics)
