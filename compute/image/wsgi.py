"""Image API v2 of the built-in image service, served under ``/image``.

The subset python-openstackclient and openstacksdk use: version discovery
(``/``, ``/versions``, ``/v2``; no authentication), images (list with
filters, sorting and ``next`` paging, create, show, JSON-patch update,
delete), their data (``PUT``/``GET .../file``), tags, and the image and
images schemas. Authentication is the compute API's own middleware
(``compute.api.auth``): with noauth2 the token is ``user:project``. Errors
are JSON bodies ``{"message", "code": "404 Not Found", "title"}``.

``application`` is the WSGI app; the all-in-one cloud mounts it beside the
compute API. The images themselves live in ``compute.image.local``.
"""

import logging
import os
import re
from urllib import parse

import webob
from webob import static

from compute import conf as compute_conf
from compute import exception
from compute.api import auth
from compute.api import http
from compute.image import api as image_api
from compute.image import local
from compute.image import schema

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

# The versions of Image API v2 whose features are served (newest first).
_VERSIONS = ('2.5', '2.4', '2.3', '2.2', '2.1', '2.0')
_PATCH_TYPE = 'application/openstack-images-v2.1-json-patch'
_DATA_TYPE = 'application/octet-stream'
_PAGING = ('limit', 'marker', 'sort', 'sort_key', 'sort_dir')
_PATCH_OPS = ('add', 'remove', 'replace')


class _UnsupportedMediaType(exception.ComputeException):
    code = 415
    msg_fmt = 'Unsupported Content-Type: %(content_type)s'


def _json(body, status=200, headers=None):
    return http.json_response(body, status=status, headers=headers)


def _error(code, message, headers=None):
    status = webob.Response(status=code).status
    return _json({'message': message, 'code': status,
                  'title': status.split(' ', 1)[1]}, code, headers)


def _store():
    return local.LocalImageAPI()


# --- representations ------------------------------------------------------

def _version_list(req):
    base = req.application_url
    return {'versions': [
        {'id': 'v' + version,
         'status': 'CURRENT' if i == 0 else 'SUPPORTED',
         'links': [{'rel': 'self', 'href': base + '/v2/'}]}
        for i, version in enumerate(_VERSIONS)]}


def _view(image):
    """An image as Image API v2 shows it: extra properties at top level."""
    body = schema.flatten(image)
    body.update({'self': '/v2/images/%s' % image['id'],
                 'file': '/v2/images/%s/file' % image['id'],
                 'schema': '/v2/schemas/image'})
    return body


def _list_body(req, images, limit):
    params = [(k, v) for k, v in req.GET.items() if k != 'marker']
    query = parse.urlencode(params)
    body = {'images': [_view(image) for image in images],
            'schema': '/v2/schemas/images',
            'first': '/v2/images' + ('?' + query if query else '')}
    if images and len(images) == limit:
        body['next'] = '/v2/images?' + parse.urlencode(
            params + [('marker', images[-1]['id'])])
    return body


# --- request parsing ------------------------------------------------------

def _limit(value):
    if value is None:
        return CONF.image.limit_param_default
    try:
        limit = int(value)
    except ValueError:
        raise exception.Invalid('limit param must be an integer')
    if limit < 0:
        raise exception.Invalid('limit param must be positive')
    return min(limit, CONF.image.api_limit_max)


def _sort(params):
    """(key, direction) pairs from ``sort=k1:dir,k2`` or from repeated
    ``sort_key`` / ``sort_dir``; None for the default order."""
    keys, dirs = params.getall('sort_key'), params.getall('sort_dir')
    if 'sort' in params:
        if keys or dirs:
            raise exception.Invalid('Old and new sorting syntax cannot be '
                                    'combined')
        pairs = []
        for item in params['sort'].split(','):
            key, _, direction = item.partition(':')
            pairs.append((key.strip(), direction.strip() or 'desc'))
        return pairs
    if not keys and not dirs:
        return None
    keys = keys or ['created_at']
    if len(dirs) > 1 and len(dirs) != len(keys):
        raise exception.Invalid('Number of sort dirs does not match the '
                                'number of sort keys')
    if len(dirs) <= 1:
        dirs = (dirs or ['desc']) * len(keys)
    return list(zip(keys, dirs))


def _filters(params):
    filters = {key: value for key, value in params.items()
               if key not in _PAGING}
    if 'tag' in filters:
        filters['tag'] = params.getall('tag')
    return filters


def _split(doc):
    """Base fields and extra properties of a flat image document."""
    fields = {k: v for k, v in doc.items() if k in schema.BASE}
    properties = {k: v for k, v in doc.items()
                  if k not in schema.BASE and k not in schema.READ_ONLY}
    return fields, properties


def _patch_path(op):
    path = op.get('path')
    if not isinstance(path, str) or not path.startswith('/') or \
            len(path) < 2:
        raise exception.Invalid("Json path should start with a '/' and "
                                "name an attribute: %s" % (path,))
    if '/' in path[1:]:
        raise exception.Invalid('Nested paths are not allowed: %s' % path)
    name = path[1:].replace('~1', '/').replace('~0', '~')
    schema.check_attribute(name)
    if name == 'id':
        raise exception.Forbidden("Attribute 'id' is read-only.")
    return name


def _apply(doc, op):
    """Apply one JSON-patch operation to the flat image ``doc``."""
    if not isinstance(op, dict) or op.get('op') not in _PATCH_OPS:
        raise exception.Invalid('Unable to find `op` in JSON Schema change. '
                                'It must be one of the following: %s.'
                                % ', '.join(_PATCH_OPS))
    name = _patch_path(op)
    action = op['op']
    if action != 'remove' and 'value' not in op:
        raise exception.Invalid('Operation "%s" requires a member named '
                                '"value".' % action)
    if action != 'add' and name not in doc:
        raise exception.Conflict('Property %s does not exist.' % name)
    if action == 'remove':
        if name in schema.BASE:
            raise exception.Forbidden("Attribute '%s' cannot be removed."
                                      % name)
        del doc[name]
    else:
        doc[name] = op['value']


# --- handlers -------------------------------------------------------------

def versions_multiple(req):
    """GET /image (and /image/v2): 300 with the versions."""
    return _json(_version_list(req), 300)


def versions(req):
    """GET /image/versions"""
    return _json(_version_list(req))


def index(req):
    """GET /v2/images"""
    limit = _limit(req.GET.get('limit'))
    images = _store().list(req.context, _filters(req.GET), limit,
                           req.GET.get('marker'), _sort(req.GET))
    return _json(_list_body(req, images, limit))


def create(req):
    """POST /v2/images (201): a queued image without data."""
    body = req.json_body()
    if not isinstance(body, dict):
        raise exception.Invalid('Body expected in request.')
    for name in body:
        schema.check_attribute(name)
    fields, properties = _split(body)
    image = _store().create(req.context, properties=properties, **fields)
    location = '%s/v2/images/%s' % (req.application_url, image['id'])
    return _json(_view(image), 201, {'Location': location})


def show(req, image_id):
    """GET /v2/images/{image_id}"""
    return _json(_view(_store().get(req.context, image_id)))


def update(req, image_id):
    """PATCH /v2/images/{image_id} with a JSON-patch (v2.1 media type)."""
    if req.content_type != _PATCH_TYPE:
        raise _UnsupportedMediaType(content_type=req.content_type)
    ops = req.json_body()
    if not isinstance(ops, list):
        raise exception.Invalid('Request body must be a JSON array of '
                                'operation objects.')
    store = _store()
    doc = _view(store.get(req.context, image_id))
    for op in ops:
        _apply(doc, op)
    fields, properties = _split(doc)
    fields.pop('id')
    image = store.update(req.context, image_id, properties=properties,
                         **fields)
    return _json(_view(image))


def delete(req, image_id):
    """DELETE /v2/images/{image_id} (204)"""
    _store().delete(req.context, image_id)
    return http.empty_response(204)


def upload(req, image_id):
    """PUT /v2/images/{image_id}/file (204): the data, streamed."""
    if req.content_type != _DATA_TYPE:
        raise _UnsupportedMediaType(content_type=req.content_type)
    _store().upload(req.context, image_id, req.body_file)
    return http.empty_response(204)


def download(req, image_id):
    """GET /v2/images/{image_id}/file: the data, or 204 while none."""
    store = _store()
    image = store.get(req.context, image_id)
    path = store.download(req.context, image_id)
    if path is None:
        return http.empty_response(204)
    try:
        data = open(path, 'rb')
    except FileNotFoundError:
        raise image_api.ImageNotFound(image_id=image_id)
    resp = webob.Response(content_type=_DATA_TYPE, charset=None)
    resp.app_iter = static.FileIter(data)
    resp.content_length = os.fstat(data.fileno()).st_size
    resp.headers['Content-MD5'] = image['checksum']
    return resp


def add_tag(req, image_id, tag):
    """PUT /v2/images/{image_id}/tags/{tag} (204)"""
    if len(tag) > 255:
        raise exception.Invalid('Tag is longer than 255 characters.')
    store = _store()
    image = store.get(req.context, image_id)
    store.update(req.context, image_id, tags=image['tags'] + [tag])
    return http.empty_response(204)


def delete_tag(req, image_id, tag):
    """DELETE /v2/images/{image_id}/tags/{tag} (204)"""
    store = _store()
    image = store.get(req.context, image_id)
    if tag not in image['tags']:
        raise exception.NotFound('Tag %s not found.' % tag)
    store.update(req.context, image_id,
                 tags=[t for t in image['tags'] if t != tag])
    return http.empty_response(204)


def image_schema(req):
    """GET /v2/schemas/image"""
    return _json(schema.IMAGE)


def images_schema(req):
    """GET /v2/schemas/images"""
    return _json(schema.IMAGES)


# (path pattern, {method: handler}, needs authentication)
_ROUTES = [(re.compile('^%s$' % pattern), methods, authenticated)
           for pattern, methods, authenticated in (
    (r'/?', {'GET': versions_multiple}, False),
    (r'/v2/?', {'GET': versions_multiple}, False),
    (r'/versions/?', {'GET': versions}, False),
    (r'/v2/images', {'GET': index, 'POST': create}, True),
    (r'/v2/images/(?P<image_id>[^/]+)',
     {'GET': show, 'PATCH': update, 'DELETE': delete}, True),
    (r'/v2/images/(?P<image_id>[^/]+)/file',
     {'GET': download, 'PUT': upload}, True),
    (r'/v2/images/(?P<image_id>[^/]+)/tags/(?P<tag>[^/]+)',
     {'PUT': add_tag, 'DELETE': delete_tag}, True),
    (r'/v2/schemas/image', {'GET': image_schema}, True),
    (r'/v2/schemas/images', {'GET': images_schema}, True),
)]


def _match(path):
    for pattern, methods, authenticated in _ROUTES:
        match = pattern.match(path)
        if match:
            return methods, match.groupdict(), authenticated
    return None, None, False


def _dispatch(environ, start_response):
    """Route and run a handler; every error becomes a JSON error body."""
    req = http.Request(environ)
    methods, args, _ = _match(req.path_info)
    try:
        if methods is None:
            raise exception.NotFound('The resource could not be found.')
        handler = methods.get(req.method)
        if handler is None:
            resp = _error(405, 'The method is not allowed for this resource.',
                          {'Allow': ', '.join(sorted(methods))})
        else:
            resp = handler(req, **args)
    except exception.ComputeException as err:
        resp = _error(err.code, err.format_message(), dict(err.headers))
    except Exception:  # noqa: BLE001 - last line of defence
        LOG.exception('Unexpected error in %s %s', req.method, req.path)
        resp = _error(500, 'The server has either erred or is incapable of '
                           'performing the requested operation.')
    return resp(environ, start_response)


# The authenticated app per [api] auth_strategy, built on first use.
_authenticated_apps = {}


def application(environ, start_response):
    """The Image API; version documents answer without authentication."""
    _, _, authenticated = _match(environ.get('PATH_INFO', ''))
    if not authenticated:
        return _dispatch(environ, start_response)
    strategy = CONF.api.auth_strategy
    app = _authenticated_apps.get(strategy)
    if app is None:
        app = _authenticated_apps.setdefault(
            strategy, auth.wrap(_dispatch, CONF))
    return app(environ, start_response)
