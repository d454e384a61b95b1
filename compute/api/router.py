"""Matching a request to a handler from the declarative route table.

A ``Route`` names a method, a path template, a handler (``"module:function"``
under ``compute.api.controllers``, resolved on first use) and the
microversion window where it exists. Outside that window the route answers
404; a route marked ``gone`` answers 410 at every version. Every path also
matches behind a ``/{project_id}`` prefix. A path that matches with another
method answers 405 with ``Allow``.
"""

import importlib
import re

from compute import exception
from compute.api import microversion

_PARAM_RE = re.compile(r'{(\w+)}')
_PROJECT_PREFIX_RE = re.compile(r'^/(?P<project_id>[0-9a-f-]+)(?P<rest>/.*|)$')
_CONTROLLERS = 'compute.api.controllers.'


def _resolve(target):
    module_name, func_name = target.split(':')
    module = importlib.import_module(_CONTROLLERS + module_name)
    return getattr(module, func_name)


class Route:
    __slots__ = ('method', 'template', 'target', 'min', 'max', 'gone',
                 'regex', '_handler')

    def __init__(self, method, template, target=None, min_version=None,
                 max_version=None, gone=False):
        self.method = method
        self.template = template
        self.target = target
        self.min = microversion.v(min_version) if min_version \
            else microversion.MIN
        self.max = microversion.v(max_version) if max_version \
            else microversion.MAX
        self.gone = gone
        pattern = _PARAM_RE.sub(r'(?P<\1>[^/]+)', re.escape(template)
                                .replace(r'\{', '{').replace(r'\}', '}'))
        self.regex = re.compile('^' + pattern + '/?$')
        self._handler = None

    @property
    def handler(self):
        if self._handler is None and callable(self.target):
            self._handler = self.target
        if self._handler is None:
            self._handler = _resolve(self.target)
        return self._handler

    def in_window(self, version):
        return self.min <= version <= self.max


def gone(method, template):
    return Route(method, template, gone=True)


class VersionNotForMethod(exception.NotFound):
    msg_fmt = 'API version %(version)s is not supported on this method.'


class MethodNotAllowed(exception.ComputeException):
    code = 405
    msg_fmt = 'The method specified is not allowed for this resource.'


class Router:
    """Finds the route for (method, path, version)."""

    def __init__(self, routes):
        self.routes = tuple(routes)

    def _match_path(self, path):
        found = []
        for route in self.routes:
            match = route.regex.match(path)
            if match:
                found.append((route, match.groupdict()))
        return found

    def match(self, method, path, version):
        """(route, url args, url project id) or raise 404/405/410."""
        url_project_id = None
        candidates = self._match_path(path)
        if not candidates:
            prefixed = _PROJECT_PREFIX_RE.match(path)
            if prefixed:
                url_project_id = prefixed.group('project_id')
                candidates = self._match_path(prefixed.group('rest') or '/')
        if not candidates:
            raise exception.NotFound('The resource could not be found.')
        same_method = [(r, a) for r, a in candidates if r.method == method]
        if not same_method:
            allowed = sorted({r.method for r, _ in candidates})
            err = MethodNotAllowed()
            err.headers = {'Allow': ', '.join(allowed)}
            raise err
        # The first template that matches decides, as in Nova's mapper: a
        # literal path outside its window is 404, it does not fall through
        # to a templated path that would also match.
        template = same_method[0][0].template
        for route, args in same_method:
            if route.template != template:
                continue
            if route.gone:
                raise exception.Gone(
                    'This resource is no longer available. No forwarding '
                    'address is given.')
            if route.in_window(version):
                return route, args, url_project_id
        raise VersionNotForMethod(version=str(version))


class Action:
    """One named action of an ``/action`` route and its window."""

    def __init__(self, target=None, min_version=None, max_version=None,
                 gone=False):
        self.route = Route('POST', '/', target, min_version, max_version,
                           gone)


class Actions:
    """The handler of a ``POST .../action`` route: the body's single key
    names the action (``{"addTenantAccess": {...}}``)."""

    def __init__(self, **actions):
        self.actions = actions

    def __call__(self, req, **kwargs):
        body = req.json_body()
        if not isinstance(body, dict) or not body:
            raise exception.MalformedRequestBody(reason='no action given')
        for name in body:
            action = self.actions.get(name)
            if action is None:
                continue
            route = action.route
            if route.gone:
                raise exception.Gone(
                    'This resource is no longer available. No forwarding '
                    'address is given.')
            if not route.in_window(req.ver):
                raise VersionNotForMethod(version=str(req.ver))
            return route.handler(req, **kwargs)
        raise exception.Invalid(
            'There is no such action: %s' % ', '.join(sorted(body)))
