"""A server's ``addresses``: its IPs grouped by network label, read from
its network info (Nova's VIF list).

Per label the fixed addresses come first, then the floating ones, in the
order of the VIFs. Server bodies show the extended form (address type and
MAC); the /ips routes show version and address only.
"""

import ipaddress


def _entry(ip, mac, extended):
    version = ip.get('version') or ipaddress.ip_address(ip['address']).version
    entry = {'version': version, 'addr': ip['address']}
    if extended:
        entry['OS-EXT-IPS:type'] = ip.get('type', 'fixed')
        entry['OS-EXT-IPS-MAC:mac_addr'] = mac
    return entry


def addresses(network_info, extended=False):
    """{label: [{"version", "addr"(, "OS-EXT-IPS:type",
    "OS-EXT-IPS-MAC:mac_addr")}]} of a network_info list."""
    fixed = {}
    floating = {}
    for vif in network_info:
        label = vif['network']['label']
        fixed.setdefault(label, [])
        floating.setdefault(label, [])
        for subnet in vif['network'].get('subnets', []):
            for ip in subnet.get('ips', []):
                fixed[label].append(_entry(ip, vif.get('address'), extended))
                floating[label] += [
                    _entry(dict(fip, type=fip.get('type', 'floating')),
                           vif.get('address'), extended)
                    for fip in ip.get('floating_ips', [])]
    return {label: fixed[label] + floating[label] for label in fixed}
