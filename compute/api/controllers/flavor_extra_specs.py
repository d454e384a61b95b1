"""Handlers of /flavors/{flavor_id}/os-extra_specs[/{key}].

Values may be sent as strings or numbers and are stored as strings; create
and update echo the request body back, as Nova does. From 2.86 every spec
is checked against the registry in compute.extra_specs.
"""

from oslo_utils import strutils

from compute import exception
from compute import extra_specs
from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import flavor_extra_specs as schema
from compute.api.schemas import flavors as flavors_schema
from compute.db import flavors as flavors_db
from compute.policies import flavor_extra_specs as fes_policies

_MAX_VALUE_LENGTH = 255


def _visible_flavor(req, flavor_id):
    return flavors_db.get_flavor_by_flavor_id(flavor_id, context=req.context)


def _check_values(req, specs):
    """Length of numbers as stored, and the registry from 2.86."""
    validate = req.ver >= microversion.EXTRA_SPEC_VALIDATION
    for name, value in specs.items():
        if isinstance(value, (int, float)):
            # The schema bounds strings only; a number is stored as text.
            value = str(value)
            try:
                strutils.check_string_length(value, 'extra_specs value',
                                             max_length=_MAX_VALUE_LENGTH)
            except ValueError as err:
                raise exception.Invalid(str(err))
        if validate:
            extra_specs.validate(name, value)


@validation.query(flavors_schema.NO_QUERY)
def index(req, flavor_id, query):
    """GET /flavors/{flavor_id}/os-extra_specs"""
    req.context.can(fes_policies.POLICY_ROOT % 'index')
    flavor = _visible_flavor(req, flavor_id)
    return http.json_response({'extra_specs': flavor.extra_specs})


@validation.body(schema.CREATE)
def create(req, flavor_id, body):
    """POST /flavors/{flavor_id}/os-extra_specs: add or overwrite specs."""
    req.context.can(fes_policies.POLICY_ROOT % 'create', target={})
    specs = body['extra_specs']
    _check_values(req, specs)
    flavors_db.update_extra_specs(flavor_id, specs)
    return http.json_response(body)


@validation.body(schema.UPDATE)
def update(req, flavor_id, key, body):
    """PUT /flavors/{flavor_id}/os-extra_specs/{key}: body ``{key: value}``."""
    req.context.can(fes_policies.POLICY_ROOT % 'update', target={})
    _check_values(req, body)
    if key not in body:
        raise exception.Invalid('Request body and URI mismatch')
    flavors_db.update_extra_specs(flavor_id, body)
    return http.json_response(body)


@validation.query(flavors_schema.NO_QUERY)
def show(req, flavor_id, key, query):
    """GET /flavors/{flavor_id}/os-extra_specs/{key}"""
    req.context.can(fes_policies.POLICY_ROOT % 'show')
    flavor = _visible_flavor(req, flavor_id)
    if key not in flavor.extra_specs:
        raise exception.FlavorExtraSpecsNotFound(flavor_id=flavor_id,
                                                 extra_specs_key=key)
    return http.json_response({key: flavor.extra_specs[key]})


def delete(req, flavor_id, key):
    """DELETE /flavors/{flavor_id}/os-extra_specs/{key} (200, no body)."""
    req.context.can(fes_policies.POLICY_ROOT % 'delete', target={})
    flavors_db.delete_extra_spec(flavor_id, key)
    return http.empty_response(200)
