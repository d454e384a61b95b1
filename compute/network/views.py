"""Rows of the local network store as their clients see them: Nova's VIF
dicts (network_info) and the Networking API v2.0 resource bodies."""

import ipaddress


def _time(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def _common(row):
    """Attributes every Networking API resource of this store carries."""
    project = getattr(row, 'project_id', None) or ''
    return {'id': row.id, 'name': row.name, 'description': row.description,
            'project_id': project, 'tenant_id': project, 'tags': [],
            'revision_number': 0, 'created_at': _time(row.created_at),
            'updated_at': _time(row.updated_at or row.created_at)}


def vif(port):
    """A bound port as one entry of Nova's network_info."""
    addresses = {}
    for allocation in port.fixed_ips:
        addresses.setdefault(allocation.subnet_id, []).append(
            allocation.ip_address)
    subnets = []
    for subnet in port.network.subnets:
        if subnet.id not in addresses:
            continue
        version = ipaddress.ip_network(subnet.cidr).version
        subnets.append({
            'cidr': subnet.cidr, 'version': version,
            'gateway': {'address': subnet.gateway_ip, 'type': 'gateway',
                        'version': version},
            'dns': [],
            'ips': [{'address': address, 'type': 'fixed', 'version': version,
                     'floating_ips': []}
                    for address in addresses[subnet.id]]})
    return {'id': port.id, 'address': port.mac_address, 'type': 'bridge',
            'devname': ('tap' + port.id)[:14], 'vnic_type': 'normal',
            'active': True, 'preserve_on_delete': port.preserve_on_delete,
            'network': {'id': port.network.id, 'label': port.network.name,
                        'bridge': ('brq' + port.network.id)[:14],
                        'subnets': subnets},
            'security_groups': [g.name for g in port.security_groups]}


def network(row):
    body = _common(row)
    body.update({
        'status': 'ACTIVE', 'admin_state_up': row.admin_state_up,
        'shared': row.shared, 'router:external': row.external,
        'is_default': row.is_default, 'mtu': row.mtu,
        'subnets': [s.id for s in row.subnets],
        'availability_zone_hints': [], 'availability_zones': [],
        'ipv4_address_scope': None, 'ipv6_address_scope': None,
        'l2_adjacency': True, 'port_security_enabled': True,
        'qos_policy_id': None, 'dns_domain': ''})
    return body


def subnet(row):
    body = _common(row)
    body.update({
        'network_id': row.network_id, 'ip_version': row.ip_version,
        'cidr': row.cidr, 'gateway_ip': row.gateway_ip,
        'enable_dhcp': row.enable_dhcp,
        'allocation_pools': [{'start': str(first), 'end': str(last)}
                             for first, last in row.allocation_pools()],
        'dns_nameservers': [], 'host_routes': [], 'service_types': [],
        'ipv6_address_mode': None, 'ipv6_ra_mode': None,
        'subnetpool_id': None, 'segment_id': None,
        'dns_publish_fixed_ip': False})
    return body


def port(row, admin=False):
    """A port; the binding details only for admins, as Neutron does."""
    body = _common(row)
    body.update({
        'network_id': row.network_id, 'mac_address': row.mac_address,
        'admin_state_up': row.admin_state_up,
        'status': 'ACTIVE' if row.device_id else 'DOWN',
        'device_id': row.device_id, 'device_owner': row.device_owner,
        'fixed_ips': [{'subnet_id': a.subnet_id, 'ip_address': a.ip_address}
                      for a in row.fixed_ips],
        'security_groups': [g.id for g in row.security_groups],
        'allowed_address_pairs': [], 'extra_dhcp_opts': [],
        'port_security_enabled': True, 'binding:vnic_type': 'normal',
        'ip_allocation': 'immediate', 'propagate_uplink_status': False})
    if admin:
        body.update({
            'binding:host_id': row.binding_host_id, 'binding:profile': {},
            'binding:vif_details': {},
            'binding:vif_type': 'bridge' if row.binding_host_id
            else 'unbound'})
    return body


def security_group(row):
    body = _common(row)
    body.update({'security_group_rules': [], 'stateful': True,
                 'shared': False})
    return body
