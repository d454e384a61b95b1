"""Response bodies of flavors (list, detail, show) and of their access
lists, per microversion."""

from compute import conf as compute_conf
from compute.api import microversion
from compute.api.views import links

CONF = compute_conf.CONF
COLLECTION = 'flavors'


def _basic(req, flavor):
    body = {'id': flavor.flavorid, 'name': flavor.name,
            'links': links.resource_links(req, COLLECTION, flavor.flavorid)}
    if req.ver >= microversion.FLAVOR_DESCRIPTION:
        body['description'] = flavor.description
    return body


def _swap(req, flavor):
    # Before 2.75 a flavor without swap reported it as an empty string.
    if req.ver >= microversion.STRICT_QUERY_AND_CLEANUPS:
        return flavor.swap
    return flavor.swap or ''


def _full(req, flavor, include_extra_specs):
    body = _basic(req, flavor)
    body.update({
        'ram': flavor.memory_mb,
        'disk': flavor.root_gb,
        'swap': _swap(req, flavor),
        'vcpus': flavor.vcpus,
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral_gb,
        'os-flavor-access:is_public': flavor.is_public,
    })
    if req.ver < microversion.FLAVOR_NAME_FILTER:
        body['OS-FLV-DISABLED:disabled'] = flavor.disabled
        body['rxtx_factor'] = flavor.rxtx_factor or ''
    if include_extra_specs:
        body['extra_specs'] = dict(flavor.extra_specs)
    return body


def show(req, flavor, include_extra_specs=False):
    """``{"flavor": {...}}`` as GET/PUT /flavors/{id} and POST /flavors
    return it; ``include_extra_specs`` only matters from 2.61."""
    return {'flavor': _full(req, flavor, include_extra_specs)}


def _collection(req, items, flavors, collection):
    body = {'flavors': items}
    # A full page (as many flavors as the effective limit) gets a link to
    # the next one, whose marker is the last flavor shown.
    limit = min(int(req.GET.get('limit', CONF.api.max_limit)),
                CONF.api.max_limit)
    if limit and len(flavors) == limit:
        body['flavors_links'] = [links.collection_next_link(
            req, collection, flavors[-1].flavorid)]
    return body


def index(req, flavors):
    """GET /flavors: id, name, links (and description from 2.55)."""
    return _collection(req, [_basic(req, f) for f in flavors], flavors,
                       COLLECTION)


def detail(req, flavors, include_extra_specs=False):
    """GET /flavors/detail: every flavor in full."""
    return _collection(
        req, [_full(req, f, include_extra_specs) for f in flavors], flavors,
        COLLECTION + '/detail')


def access_list(flavor):
    """``{"flavor_access": [...]}``: the projects a flavor is shared with."""
    return {'flavor_access': [
        {'flavor_id': flavor.flavorid, 'tenant_id': project_id}
        for project_id in flavor.projects]}
