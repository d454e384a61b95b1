"""The API's WSGI application, its middleware stack built in one place.

Order, outermost first, and why:

1. ``RequestId``: every response, errors included, carries the request id.
2. ``BodySizeLimit``: refuse oversized bodies before anything reads them.
3. ``Dispatcher``: version documents answer without authentication;
   ``/placement`` goes to the embedded placement app (its own auth);
   everything under ``/v2.1`` goes on.
4. auth (``compute.api.auth``): noauth2 or keystone, sets the context.
5. ``APIApplication``: microversion negotiation, routing, the handler, and
   turning every error into Nova's fault body (never a traceback).
"""

import logging
import uuid

from compute import exception
from compute.api import auth
from compute.api import fault
from compute.api import http
from compute.api import microversion
from compute.api import router as router_mod
from compute.api import routes
from compute.api import validation
from compute.api.controllers import versions

LOG = logging.getLogger(__name__)

API_PREFIX = '/v2.1'


class APIApplication:
    """Negotiates the microversion, routes and runs the handler."""

    def __init__(self, router):
        self.router = router

    def __call__(self, environ, start_response):
        req = http.Request(environ)
        version = None
        try:
            version = microversion.negotiate(req.headers)
            environ['compute.api_version'] = version
            route, args, url_project = self.router.match(
                req.method, req.path_info or '/', version)
            if url_project is not None:
                environ['compute.url_project_id'] = url_project
                ctx = environ.get('compute.context')
                if ctx is not None and ctx.project_id != url_project:
                    raise exception.Invalid(
                        "Malformed request URL: URL's project_id '%s' "
                        "doesn't match Context's project_id '%s'"
                        % (url_project, ctx.project_id))
            if req.method in ('POST', 'PUT') and req.body:
                ctype = (req.content_type or '').lower()
                if ctype and ctype != http.JSON:
                    raise _UnsupportedMediaType(content_type=ctype)
            handler = route.handler
            if not hasattr(handler, 'query_schemas'):
                validation.no_query(req)
            resp = handler(req, **args)
        except exception.ComputeException as err:
            resp = fault.fault_response(err.code, err.format_message(),
                                        headers=dict(err.headers))
        except Exception as err:  # noqa: BLE001 - last line of defence
            LOG.exception('Unexpected error in %s %s', req.method, req.path)
            resp = fault.fault_response(
                500, fault.UNEXPECTED % type(err))
        if version is not None:
            resp.headers.update(microversion.response_headers(version))
        return resp(environ, start_response)


class _UnsupportedMediaType(exception.ComputeException):
    code = 415
    msg_fmt = 'Unsupported Content-Type'


class Dispatcher:
    """Splits the URL space between version documents, the API and
    embedded services mounted on the same port."""

    def __init__(self, api, mounts):
        self.api = api
        self.mounts = mounts

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '') or '/'
        req = http.Request(environ)
        if path == '/':
            return versions.root(req)(environ, start_response)
        for prefix, app in self.mounts:
            if path == prefix or path.startswith(prefix + '/'):
                environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + \
                    prefix
                environ['PATH_INFO'] = path[len(prefix):]
                return app(environ, start_response)
        for prefix in (API_PREFIX, '/v2'):
            if path in (prefix, prefix + '/'):
                return versions.document(req, prefix)(environ,
                                                       start_response)
        if path.startswith(API_PREFIX + '/'):
            environ['SCRIPT_NAME'] = environ.get('SCRIPT_NAME', '') + \
                API_PREFIX
            environ['PATH_INFO'] = path[len(API_PREFIX):]
            return self.api(environ, start_response)
        return versions.multiple_choices(req)(environ, start_response)


class BodySizeLimit:
    """413 for bodies over ``limit``, except under the ``exempt`` mounts
    (image uploads have their own cap)."""

    def __init__(self, app, limit, exempt=()):
        self.app = app
        self.limit = limit
        self.exempt = tuple(exempt)

    def _exempt(self, path):
        return any(path == p or path.startswith(p + '/') for p in self.exempt)

    def __call__(self, environ, start_response):
        length = environ.get('CONTENT_LENGTH')
        if length and length.isdigit() and int(length) > self.limit and \
                not self._exempt(environ.get('PATH_INFO', '')):
            return fault.fault_response(
                413, 'Request is too large.')(environ, start_response)
        return self.app(environ, start_response)


class RequestId:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        req_id = 'req-' + str(uuid.uuid4())
        environ['openstack.request_id'] = req_id

        def _start(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() not in (
                'x-openstack-request-id', 'x-compute-request-id')]
            headers.append(('x-openstack-request-id', req_id))
            headers.append(('x-compute-request-id', req_id))
            return start_response(status, headers, exc_info)
        return self.app(environ, _start)


def build(conf, mounts=()):
    """The whole API WSGI app. ``mounts`` is a sequence of (path prefix,
    WSGI app) served beside the API, e.g. the embedded placement."""
    api = APIApplication(router_mod.Router(routes.ROUTES))
    api = auth.wrap(api, conf)
    dispatcher = Dispatcher(api, list(mounts))
    return RequestId(BodySizeLimit(dispatcher, conf.api.max_request_body_size,
                                   exempt=('/image',)))

