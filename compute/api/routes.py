"""The route table: every path of the API, its handler and its window.

Handlers are named ``"module:function"`` under compute.api.controllers.
Literal paths come before templated ones that would also match them
(``/flavors/detail`` before ``/flavors/{flavor_id}``). Every path also works
behind a ``/{project_id}`` prefix (see compute.api.router).
"""

from compute.api.router import Action
from compute.api.router import Actions
from compute.api.router import Route as R  # noqa: N817
from compute.api.router import gone

ROUTES = [
    R('GET', '/', 'versions:show'),
    R('GET', '/versions/{version_id}', 'versions:show_by_id'),

    # Flavors, their access lists and extra specs.
    R('GET', '/flavors', 'flavors:index'),
    R('POST', '/flavors', 'flavors:create'),
    R('GET', '/flavors/detail', 'flavors:detail'),
    R('GET', '/flavors/{flavor_id}', 'flavors:show'),
    R('PUT', '/flavors/{flavor_id}', 'flavors:update', '2.55'),
    R('DELETE', '/flavors/{flavor_id}', 'flavors:delete'),
    R('POST', '/flavors/{flavor_id}/action', Actions(
        addTenantAccess=Action('flavor_access:add_tenant_access'),
        removeTenantAccess=Action('flavor_access:remove_tenant_access'))),
    R('GET', '/flavors/{flavor_id}/os-flavor-access', 'flavor_access:index'),
    R('GET', '/flavors/{flavor_id}/os-extra_specs', 'flavor_extra_specs:index'),
    R('POST', '/flavors/{flavor_id}/os-extra_specs',
      'flavor_extra_specs:create'),
    R('GET', '/flavors/{flavor_id}/os-extra_specs/{key}',
      'flavor_extra_specs:show'),
    R('PUT', '/flavors/{flavor_id}/os-extra_specs/{key}',
      'flavor_extra_specs:update'),
    R('DELETE', '/flavors/{flavor_id}/os-extra_specs/{key}',
      'flavor_extra_specs:delete'),

    # Keypairs.
    R('GET', '/os-keypairs', 'keypairs:index'),
    R('POST', '/os-keypairs', 'keypairs:create'),
    R('GET', '/os-keypairs/{keypair_name}', 'keypairs:show'),
    R('DELETE', '/os-keypairs/{keypair_name}', 'keypairs:delete'),

    # Limits and quotas.
    R('GET', '/limits', 'limits:index'),
    R('GET', '/os-quota-sets/{project_id}/detail', 'quota_sets:detail'),
    R('GET', '/os-quota-sets/{project_id}/defaults', 'quota_sets:defaults'),
    R('GET', '/os-quota-sets/{project_id}', 'quota_sets:show'),
    R('PUT', '/os-quota-sets/{project_id}', 'quota_sets:update'),
    R('DELETE', '/os-quota-sets/{project_id}', 'quota_sets:delete'),
    R('GET', '/os-quota-class-sets/{class_name}', 'quota_class_sets:show'),
    R('PUT', '/os-quota-class-sets/{class_name}', 'quota_class_sets:update'),

    # Availability zones, services and hypervisors.
    R('GET', '/os-availability-zone', 'availability_zone:index'),
    R('GET', '/os-availability-zone/detail', 'availability_zone:detail'),
    R('GET', '/os-services', 'services:index'),
    R('PUT', '/os-services/{service_id}', 'services:update'),
    R('DELETE', '/os-services/{service_id}', 'services:delete'),
    R('GET', '/os-aggregates', 'aggregates:index'),
    R('POST', '/os-aggregates', 'aggregates:create'),
    R('GET', '/os-aggregates/{aggregate_id}', 'aggregates:show'),
    R('PUT', '/os-aggregates/{aggregate_id}', 'aggregates:update'),
    R('DELETE', '/os-aggregates/{aggregate_id}', 'aggregates:delete'),
    R('POST', '/os-aggregates/{aggregate_id}/action', Actions(
        add_host=Action('aggregates:add_host'),
        remove_host=Action('aggregates:remove_host'),
        set_metadata=Action('aggregates:set_metadata'))),
    R('GET', '/os-hypervisors', 'hypervisors:index'),
    R('GET', '/os-hypervisors/detail', 'hypervisors:detail'),
    R('GET', '/os-hypervisors/statistics', 'hypervisors:statistics',
      max_version='2.87'),
    R('GET', '/os-hypervisors/{hypervisor_id}', 'hypervisors:show'),
    R('GET', '/os-hypervisors/{pattern}/search', 'hypervisors:search',
      max_version='2.52'),
    R('GET', '/os-hypervisors/{pattern}/servers', 'hypervisors:servers',
      max_version='2.52'),
    R('GET', '/os-hypervisors/{hypervisor_id}/uptime', 'hypervisors:uptime',
      max_version='2.87'),
]

# APIs Nova removed: 410 Gone at every microversion.
GONE = [
    ('GET', '/servers/{server_id}/consoles'),
    ('POST', '/servers/{server_id}/consoles'),
    ('GET', '/servers/{server_id}/consoles/{id}'),
    ('DELETE', '/servers/{server_id}/consoles/{id}'),
    ('GET', '/servers/{server_id}/os-virtual-interfaces'),
    ('GET', '/os-fixed-ips/{id}'),
    ('GET', '/os-floating-ip-dns'),
    ('PUT', '/os-floating-ip-dns/{id}'),
    ('DELETE', '/os-floating-ip-dns/{id}'),
    ('GET', '/os-floating-ip-dns/{domain_id}/entries/{id}'),
    ('PUT', '/os-floating-ip-dns/{domain_id}/entries/{id}'),
    ('DELETE', '/os-floating-ip-dns/{domain_id}/entries/{id}'),
    ('GET', '/os-floating-ips-bulk'),
    ('POST', '/os-floating-ips-bulk'),
    ('GET', '/os-floating-ips-bulk/{id}'),
    ('PUT', '/os-floating-ips-bulk/{id}'),
    ('GET', '/os-fping'),
    ('GET', '/os-fping/{id}'),
    ('POST', '/os-networks'),
    ('POST', '/os-networks/add'),
    ('DELETE', '/os-networks/{id}'),
    ('GET', '/os-security-group-default-rules'),
    ('POST', '/os-security-group-default-rules'),
    ('GET', '/os-security-group-default-rules/{id}'),
    ('DELETE', '/os-security-group-default-rules/{id}'),
    ('POST', '/os-tenant-networks'),
    ('DELETE', '/os-tenant-networks/{id}'),
    ('GET', '/os-agents'),
    ('POST', '/os-agents'),
    ('PUT', '/os-agents/{id}'),
    ('DELETE', '/os-agents/{id}'),
    ('POST', '/os-cells'),
    ('GET', '/os-cells'),
    ('GET', '/os-cells/capacities'),
    ('GET', '/os-cells/detail'),
    ('GET', '/os-cells/info'),
    ('POST', '/os-cells/sync_instances'),
    ('GET', '/os-cells/{id}'),
    ('PUT', '/os-cells/{id}'),
    ('DELETE', '/os-cells/{id}'),
    ('GET', '/os-cells/{id}/capacities'),
    ('POST', '/os-certificates'),
    ('GET', '/os-certificates/{id}'),
    ('GET', '/os-cloudpipe'),
    ('POST', '/os-cloudpipe'),
    ('PUT', '/os-cloudpipe/{id}'),
]

ROUTES.extend(gone(method, path) for method, path in GONE)
