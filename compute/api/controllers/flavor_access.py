"""Handlers of private flavors' access lists: GET
/flavors/{id}/os-flavor-access and the addTenantAccess /
removeTenantAccess actions. Administrators only."""

from compute import exception
from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import flavor_access as schema
from compute.api.schemas import flavors as flavors_schema
from compute.api.views import flavors as view
from compute.db import flavors as flavors_db
from compute.policies import flavor_access as fa_policies


class _PublicFlavorAccess(exception.Conflict):
    msg_fmt = 'Can not add access to a public flavor.'


class _PublicFlavorAccessList(exception.NotFound):
    msg_fmt = 'Access list not available for public flavors.'


@validation.query(flavors_schema.NO_QUERY)
def index(req, flavor_id, query):
    """GET /flavors/{flavor_id}/os-flavor-access"""
    req.context.can(fa_policies.BASE_POLICY_NAME)
    flavor = flavors_db.get_flavor_by_flavor_id(flavor_id)
    if flavor.is_public:
        raise _PublicFlavorAccessList()
    return http.json_response(view.access_list(flavor))


@validation.body(schema.ADD_TENANT_ACCESS)
def add_tenant_access(req, flavor_id, body):
    """addTenantAccess: share a private flavor with a project. Before 2.7
    a public flavor took the entry too; from 2.7 that is a conflict."""
    req.context.can(fa_policies.POLICY_ROOT % 'add_tenant_access')
    project_id = body['addTenantAccess']['tenant']
    flavor = flavors_db.get_flavor_by_flavor_id(flavor_id)
    if flavor.is_public and \
            req.ver >= microversion.FLAVOR_ACCESS_PUBLIC_409:
        raise _PublicFlavorAccess()
    flavor = flavors_db.add_access(flavor_id, project_id)
    return http.json_response(view.access_list(flavor))


@validation.body(schema.REMOVE_TENANT_ACCESS)
def remove_tenant_access(req, flavor_id, body):
    """removeTenantAccess: stop sharing a flavor with a project."""
    req.context.can(fa_policies.POLICY_ROOT % 'remove_tenant_access')
    project_id = body['removeTenantAccess']['tenant']
    flavor = flavors_db.remove_access(flavor_id, project_id)
    return http.json_response(view.access_list(flavor))
