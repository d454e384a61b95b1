"""Handlers of /flavors: list, detail, show, create, update (2.55+) and
delete.

Listing and showing need no policy: every caller sees the public flavors
and the private ones shared with their project (an administrator sees all).
Managing flavors is for administrators. From 2.61 flavor bodies embed their
extra specs when the caller may list them.
"""

from oslo_utils import strutils

from compute import conf as compute_conf
from compute import exception
from compute.api import http
from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import flavors as schema
from compute.api.views import flavors as view
from compute.db import flavors as flavors_db
from compute.policies import flavor_extra_specs as fes_policies
from compute.policies import flavor_manage as fm_policies

CONF = compute_conf.CONF

_MAX_INT = 0x7FFFFFFF
_MAX_RXTX_FACTOR = 3.40282e+38
# Body field, column, name in messages, smallest value.
_SIZES = (
    ('ram', 'memory_mb', 'ram', 1),
    ('vcpus', 'vcpus', 'vcpus', 1),
    ('disk', 'root_gb', 'disk', 0),
    ('OS-FLV-EXT-DATA:ephemeral', 'ephemeral_gb', 'ephemeral', 0),
    ('swap', 'swap', 'swap', 0),
)
# The id clients (novaclient, openstacksdk) use to ask for a generated one.
_AUTO_ID = 'auto'


def _last(query, name):
    """The last value of a repeated query parameter, or None."""
    values = query.get(name)
    return values[-1] if values else None


def _include_extra_specs(req):
    return (req.ver >= microversion.FLAVOR_EXTRA_SPECS_EMBEDDED and
            req.context.can(fes_policies.POLICY_ROOT % 'index', fatal=False))


def _is_public_filter(value):
    """True (the default), False, or None for ``none`` (every flavor)."""
    if value is None:
        return True
    if value.lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exception.Invalid('Invalid is_public filter [%s]' % value)


def _int_filter(query, name):
    value = _last(query, name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise exception.Invalid('Invalid %s filter [%s]' % (name, value))


def _list(req, query):
    """One page of the flavors the caller may see, per the query."""
    ctx = req.context
    if ctx.is_admin:
        # Only administrators choose between public and private flavors.
        visibility = {'is_public': _is_public_filter(_last(query,
                                                           'is_public'))}
    else:
        visibility = {'is_public': True, 'disabled': False}
    limit = _last(query, 'limit')
    limit = min(int(limit), CONF.api.max_limit) if limit is not None \
        else CONF.api.max_limit
    marker = _last(query, 'marker')
    try:
        return flavors_db.get_all(
            ctx, min_memory_mb=_int_filter(query, 'minRam'),
            min_root_gb=_int_filter(query, 'minDisk'),
            name=_last(query, 'name'),
            sort_key=_last(query, 'sort_key') or 'flavorid',
            sort_dir=_last(query, 'sort_dir') or 'asc',
            limit=limit, marker=marker, **visibility)
    except exception.MarkerNotFound:
        raise exception.Invalid('marker [%s] not found' % marker)


@validation.query(schema.INDEX)
def index(req, query):
    """GET /flavors"""
    return http.json_response(view.index(req, _list(req, query)))


@validation.query(schema.INDEX)
def detail(req, query):
    """GET /flavors/detail"""
    flavors = _list(req, query)
    return http.json_response(
        view.detail(req, flavors, _include_extra_specs(req)))


@validation.query(schema.NO_QUERY)
def show(req, flavor_id, query):
    """GET /flavors/{flavor_id}"""
    flavor = flavors_db.get_flavor_by_flavor_id(flavor_id,
                                                context=req.context)
    return http.json_response(
        view.show(req, flavor, _include_extra_specs(req)))


def _integer(value, name, minimum):
    try:
        return strutils.validate_integer(value, name, minimum, _MAX_INT)
    except ValueError as err:
        raise exception.InvalidInput(reason=str(err))


def _rxtx_factor(value):
    try:
        factor = float(value)
    except ValueError:
        factor = 0
    if not 0 < factor <= _MAX_RXTX_FACTOR:
        raise exception.InvalidInput(
            reason="'rxtx_factor' argument must be a float between 0 and "
                   "%g" % _MAX_RXTX_FACTOR)
    return factor


def _new_flavor_values(values):
    """The columns of a flavor to create from a validated request."""
    flavorid = values.get('id')
    result = {
        'name': values['name'],
        'flavorid': None if flavorid == _AUTO_ID else flavorid,
        'is_public': parameter_types.to_bool(
            values.get('os-flavor-access:is_public', True)),
        'rxtx_factor': _rxtx_factor(values.get('rxtx_factor', 1.0)),
        'description': values.get('description'),
    }
    for field, column, name, minimum in _SIZES:
        result[column] = _integer(values.get(field, 0), name, minimum)
    return result


@validation.body(schema.CREATE)
def create(req, body):
    """POST /flavors (200, as Nova answers)."""
    req.context.can(fm_policies.POLICY_ROOT % 'create', target={})
    flavor = flavors_db.create(**_new_flavor_values(body['flavor']))
    return http.json_response(
        view.show(req, flavor, _include_extra_specs(req)))


@validation.body(schema.UPDATE)
def update(req, flavor_id, body):
    """PUT /flavors/{flavor_id} (2.55+): only the description changes."""
    req.context.can(fm_policies.POLICY_ROOT % 'update', target={})
    flavor = flavors_db.update_description(flavor_id,
                                           body['flavor']['description'])
    return http.json_response(
        view.show(req, flavor, _include_extra_specs(req)))


def delete(req, flavor_id):
    """DELETE /flavors/{flavor_id} (202, as Nova answers)."""
    req.context.can(fm_policies.POLICY_ROOT % 'delete', target={})
    flavors_db.destroy(flavor_id)
    return http.empty_response(202)
