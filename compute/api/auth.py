"""Authentication middleware: who is calling, turned into a RequestContext.

``noauth2``: the token is ``user:project`` (project defaults to user); user
``admin`` gets the admin role, everybody gets member and reader unless an
``X-Roles`` header names the roles (tests use it for the reader persona).
``keystone``: keystonemiddleware's auth_token has validated the token and
set the ``X-*`` identity headers, which are read here.
"""

from compute.api import fault
from compute import context as compute_context


def _roles(header):
    return [r.strip().lower() for r in header.split(',') if r.strip()]


class NoAuth2:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        token = environ.get('HTTP_X_AUTH_TOKEN', '').strip()
        if not token:
            return fault.fault_response(
                401, 'Authentication required')(environ, start_response)
        user_id, _, project_id = token.partition(':')
        project_id = project_id or user_id
        header = environ.get('HTTP_X_ROLES')
        roles = _roles(header) if header else ['member', 'reader']
        if user_id == 'admin' and 'admin' not in roles:
            roles.append('admin')
        environ['compute.context'] = compute_context.RequestContext(
            user_id=user_id, project_id=project_id, roles=roles,
            request_id=environ.get('openstack.request_id'),
            auth_token=token)
        return self.app(environ, start_response)


class KeystoneContext:
    """Reads the identity keystonemiddleware left in the environ."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get('HTTP_X_IDENTITY_STATUS', 'Confirmed') != 'Confirmed':
            return fault.fault_response(
                401, 'Authentication required')(environ, start_response)
        ctx = compute_context.RequestContext.from_environ(
            environ, request_id=environ.get('openstack.request_id'))
        environ['compute.context'] = compute_context.RequestContext(
            user_id=ctx.user_id, project_id=ctx.project_id,
            roles=_roles(environ.get('HTTP_X_ROLES', '')),
            user_name=ctx.user_name, project_name=ctx.project_name,
            request_id=ctx.request_id, auth_token=ctx.auth_token,
            global_request_id=ctx.global_request_id)
        return self.app(environ, start_response)


def wrap(app, conf):
    """``app`` behind the configured authentication."""
    if conf.api.auth_strategy == 'keystone':
        from keystonemiddleware import auth_token
        return auth_token.AuthProtocol(KeystoneContext(app),
                                       {'oslo_config_config': conf})
    return NoAuth2(app)
