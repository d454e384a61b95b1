"""Handlers of the image proxy: /images, /images/detail, /images/{id}
(up to 2.35; the routes are 404 above).

As in Nova there is no policy here: the image service decides what the
caller sees (public and community images and their project's own; all for
an administrator) and what they may delete. Filters are Nova's: name,
status, changes-since, server, type, minRam, minDisk and
``property-<name>``, turned into the Image API's.
"""

from compute import conf as compute_conf
from compute import exception
from compute.api import http
from compute.api import validation
from compute.api.schemas import images as schema
from compute.api.views import images as view
from compute.image import api as image_api

CONF = compute_conf.CONF

# Nova filter -> Image API filter (instance_uuid and image_type are
# extra properties there).
_FILTERS = {'name': 'name', 'status': 'status',
            'changes-since': 'updated_at', 'server': 'instance_uuid',
            'type': 'image_type', 'minRam': 'min_ram', 'minDisk': 'min_disk'}
_PROPERTY_PREFIX = 'property-'


class ProxyImageNotFound(exception.NotFound):
    """How the proxy reports any image it cannot find or may not see."""

    msg_fmt = 'Image not found.'


def _last(query, name):
    values = query.get(name)
    return values[-1] if values else None


def _filters(req, query):
    filters = {}
    for param, name in _FILTERS.items():
        value = _last(query, param)
        if value is not None:
            filters[name] = value
    if 'status' in filters:
        filters['status'] = filters['status'].lower()
    if 'updated_at' in filters:
        filters['updated_at'] = 'gte:' + filters['updated_at']
    if 'instance_uuid' in filters:
        # ``server`` may be the server's URL: its last segment is the id.
        filters['instance_uuid'] = filters['instance_uuid'].rsplit('/')[-1]
    # The query schema keeps only the names it lists; property filters are
    # open-ended, so they are read from the query string itself.
    for key, value in req.GET.items():
        if key.startswith(_PROPERTY_PREFIX):
            filters[key[len(_PROPERTY_PREFIX):]] = value
    return filters


def _list(req, query):
    limit = _last(query, 'limit')
    limit = min(int(limit), CONF.api.max_limit) if limit is not None \
        else CONF.api.max_limit
    return image_api.get_image_api().list(
        req.context, filters=_filters(req, query), limit=limit,
        marker=_last(query, 'marker'))


@validation.query(schema.INDEX)
def index(req, query):
    """GET /images"""
    return http.json_response(view.index(req, _list(req, query)))


@validation.query(schema.INDEX)
def detail(req, query):
    """GET /images/detail"""
    return http.json_response(view.detail(req, _list(req, query)))


def get_image(req, image_id):
    """The image, or the proxy's 404."""
    try:
        return image_api.get_image_api().get(req.context, image_id)
    except image_api.ImageNotFound:
        raise ProxyImageNotFound()


def show(req, image_id):
    """GET /images/{image_id}"""
    return http.json_response(view.show(req, get_image(req, image_id)))


def delete(req, image_id):
    """DELETE /images/{image_id} (204)"""
    try:
        image_api.get_image_api().delete(req.context, image_id)
    except image_api.ImageNotFound:
        raise ProxyImageNotFound()
    except image_api.ImageNotAuthorized:
        raise exception.Forbidden('You are not allowed to delete the image.')
    return http.empty_response(204)
