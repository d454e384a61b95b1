"""A minimal OpenStack Networking API v2.0 over the local network back end,
served under ``/networking`` on the compute API's port.

It answers what python-openstackclient, openstacksdk and tempest's clean-ups
ask of the built-in networking: version discovery, ``networks`` and
``subnets`` (read only), ``ports`` (list, show, create, delete),
``security-groups`` (list, show, delete), ``quotas`` (read only: nothing
is limited, so every limit is -1) and ``extensions``, with Neutron's
bodies, filters (``?attribute=value``, repeated for OR), ``fields``,
``sort_key``/``sort_dir``, ``limit``/``marker`` and ``NeutronError``
faults. Callers are authenticated by the compute API's own middleware
(``compute.api.auth``); admins see every project's resources, others their
own plus shared networks. Writes need the member or admin role.
"""

import functools
import urllib.parse

import jsonschema
from oslo_serialization import jsonutils
import webob

from compute.api import auth
from compute import conf as compute_conf
from compute import exception
from compute.network import api
from compute.network import local
from compute.network import views

CONF = compute_conf.CONF

# Query parameters that shape a listing rather than filter it.
_LIST_CONTROLS = ('fields', 'sort_key', 'sort_dir', 'limit', 'marker',
                  'page_reverse')

# Errors of the store -> (status, Neutron's type, Neutron's message or None
# for the error's own).
_ERRORS = (
    (api.NetworkNotFound, 404, 'NetworkNotFound', None),
    (api.PortNotFound, 404, 'PortNotFound',
     'Port %(port_id)s could not be found.'),
    (api.SecurityGroupNotFound, 404, 'SecurityGroupNotFound',
     'Security group %(security_group_id)s does not exist'),
    (api.NoMoreFixedIps, 409, 'IpAddressGenerationFailure',
     'No more IP addresses available on network %(net)s.'),
    (api.FixedIpAlreadyInUse, 409, 'IpAddressAlreadyAllocated',
     'IP address %(address)s already allocated in subnet %(subnet_id)s'),
    (api.FixedIpInvalid, 400, 'InvalidIpForNetwork',
     'IP address %(address)s is not a valid IP for any of the subnets on '
     'the specified network.'),
    (api.SecurityGroupInUse, 409, 'SecurityGroupInUse', None),
    (api.DefaultSecurityGroupRemoval, 409,
     'SecurityGroupCannotRemoveDefault', None),
)
_GENERIC_TYPES = {400: 'HTTPBadRequest', 403: 'HTTPForbidden',
                  404: 'HTTPNotFound', 409: 'HTTPConflict'}

# (alias, name, description) of the API extensions this service has.
_EXTENSIONS = (
    ('binding', 'Port Binding', 'Port binding attributes (admin only).'),
    ('external-net', 'Neutron external network',
     'The router:external attribute of networks.'),
    ('net-mtu', 'Network MTU', 'The mtu attribute of networks.'),
    ('port-security', 'Port Security',
     'The port_security_enabled attribute.'),
    ('project-id', 'project_id field enabled',
     'Resources carry project_id beside tenant_id.'),
    ('quotas', 'Quota management support', 'Per-project quotas.'),
    ('quota_details', 'Quota details management support',
     'Quota usage per project.'),
    ('security-group', 'security-group',
     'Security groups, recorded on ports.'),
    ('standard-attr-description', 'standard-attr-description',
     'The description attribute of resources.'),
    ('standard-attr-timestamp', 'Resource timestamps',
     'The created_at and updated_at attributes of resources.'),
)

# Neutron's quota resources; none is limited here.
_QUOTA_RESOURCES = ('network', 'subnet', 'port', 'router', 'floatingip',
                    'security_group', 'security_group_rule', 'subnetpool',
                    'rbac_policy')
_UNLIMITED = -1

_STRING = {'type': 'string', 'maxLength': 255}
_PORT_CREATE = {
    'type': 'object',
    'properties': {
        'network_id': _STRING, 'name': _STRING, 'description': _STRING,
        'admin_state_up': {'type': 'boolean'},
        'project_id': _STRING, 'tenant_id': _STRING,
        'device_id': _STRING, 'device_owner': _STRING,
        'binding:vnic_type': {'enum': ['normal']},
        'fixed_ips': {
            'type': 'array', 'maxItems': 1,
            'items': {'type': 'object',
                      'properties': {'ip_address': _STRING,
                                     'subnet_id': _STRING},
                      'additionalProperties': False}},
        'security_groups': {'type': 'array', 'items': _STRING},
    },
    'required': ['network_id'],
    'additionalProperties': False,
}


class _Error(Exception):
    def __init__(self, status, kind, message):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def _json(body, status=200):
    resp = webob.Response(status=status, content_type='application/json',
                          charset=None)
    resp.body = jsonutils.dump_as_bytes(body)
    return resp


def _fault(status, kind, message):
    return _json({'NeutronError': {'type': kind, 'message': message,
                                   'detail': ''}}, status)


def _translate(err):
    for cls, status, kind, fmt in _ERRORS:
        if isinstance(err, cls):
            return _fault(status, kind, fmt % err.kwargs if fmt
                          else err.format_message())
    return _fault(err.code, _GENERIC_TYPES.get(err.code, 'HTTPError'),
                  err.format_message())


def _writer(ctx, action):
    if not {'admin', 'member'} & set(ctx.roles or ()):
        raise _Error(403, 'PolicyNotAuthorized',
                     '(rule:%s) is disallowed by policy' % action)


def _body(req, key):
    try:
        body = jsonutils.loads(req.body)
    except ValueError:
        raise _Error(400, 'HTTPBadRequest', 'Malformed request body')
    if not isinstance(body, dict) or not isinstance(body.get(key), dict):
        raise _Error(400, 'HTTPBadRequest',
                     'Resource body required: %s' % key)
    return body[key]


# -- listings ------------------------------------------------------------------

def _matches(value, wanted):
    """Whether an attribute ``value`` matches one query value, with the
    conversions Neutron applies (booleans, lists, ``fixed_ips=key=v``)."""
    if isinstance(value, bool):
        return value == (wanted.lower() in ('true', '1', 'yes'))
    if isinstance(value, list):
        key, sep, sub = wanted.partition('=')
        if sep:
            return any(isinstance(v, dict) and str(v.get(key)) == sub
                       for v in value)
        return wanted in value
    return ('' if value is None else str(value)) == wanted


def _filtered(items, query):
    for key in set(query) - set(_LIST_CONTROLS):
        wanted = query.getall(key)
        items = [i for i in items if key in i and
                 any(_matches(i[key], w) for w in wanted)]
    return items


def _sorted(items, query):
    keys, dirs = query.getall('sort_key'), query.getall('sort_dir')
    for index in reversed(range(len(keys))):
        key = keys[index]
        reverse = index < len(dirs) and dirs[index] == 'desc'
        items = sorted(items, reverse=reverse, key=lambda i, k=key: (
            i.get(k) is not None, i.get(k) if i.get(k) is not None else ''))
    return items


def _page(req, items):
    """``items`` cut by ``marker``/``limit``, and the next link if more."""
    marker, limit = req.GET.get('marker'), req.GET.get('limit')
    if marker:
        ids = [i['id'] for i in items]
        if marker not in ids:
            raise _Error(400, 'HTTPBadRequest',
                         'Marker %s could not be found.' % marker)
        items = items[ids.index(marker) + 1:]
    if not limit:
        return items, None
    try:
        limit = int(limit)
    except ValueError:
        raise _Error(400, 'HTTPBadRequest',
                     "Bad limit request: '%s' is not an integer." % limit)
    if limit <= 0 or len(items) <= limit:
        return items, None
    params = [(k, v) for k, v in req.GET.items() if k != 'marker']
    params.append(('marker', items[limit - 1]['id']))
    link = {'rel': 'next', 'href': '%s?%s' % (
        req.path_url, urllib.parse.urlencode(params))}
    return items[:limit], [link]


def _only_fields(req, item):
    fields = req.GET.getall('fields')
    return {k: v for k, v in item.items() if k in fields} if fields \
        else item


def _listing(req, collection, items):
    items, links = _page(req, _sorted(_filtered(items, req.GET), req.GET))
    body = {collection: [_only_fields(req, i) for i in items]}
    if links:
        body[collection + '_links'] = links
    return _json(body)


def _shown(req, key, item):
    return _json({key: _only_fields(req, item)})


# -- handlers ------------------------------------------------------------------

def _resources(req, ctx):
    base = req.application_url + '/v2.0/'
    return _json({'resources': [
        {'name': name, 'collection': collection,
         'links': [{'rel': 'self', 'href': base + collection}]}
        for name, collection in (('network', 'networks'),
                                 ('subnet', 'subnets'), ('port', 'ports'),
                                 ('security_group', 'security-groups'))]})


def _extension(alias, name, description):
    return {'alias': alias, 'name': name, 'description': description,
            'updated': '2025-01-01T00:00:00-00:00', 'links': []}


def _list_extensions(req, ctx):
    return _json({'extensions': [_extension(*e) for e in _EXTENSIONS]})


def _show_extension(req, ctx, id):
    for ext in _EXTENSIONS:
        if ext[0] == id:
            return _json({'extension': _extension(*ext)})
    raise _Error(404, 'HTTPNotFound',
                 'Extension with alias %s does not exist' % id)


def _list_networks(req, ctx):
    return _listing(req, 'networks',
                    [views.network(n) for n in local.networks(ctx)])


def _show_network(req, ctx, id):
    return _shown(req, 'network', views.network(local.get_network(ctx, id)))


def _list_subnets(req, ctx):
    return _listing(req, 'subnets',
                    [views.subnet(s) for s in local.subnets(ctx)])


def _show_subnet(req, ctx, id):
    for subnet in local.subnets(ctx):
        if subnet.id == id:
            return _shown(req, 'subnet', views.subnet(subnet))
    raise _Error(404, 'SubnetNotFound',
                 'Subnet %s could not be found.' % id)


def _list_ports(req, ctx):
    return _listing(req, 'ports', [views.port(p, ctx.is_admin)
                                   for p in local.ports(ctx)])


def _show_port(req, ctx, id):
    return _shown(req, 'port', views.port(local.get_port(ctx, id),
                                          ctx.is_admin))


def _create_port(req, ctx):
    _writer(ctx, 'create_port')
    body = _body(req, 'port')
    try:
        jsonschema.validate(body, _PORT_CREATE)
    except jsonschema.ValidationError as err:
        raise _Error(400, 'HTTPBadRequest',
                     'Invalid input for operation: %s' % err.message)
    project_id = body.get('project_id') or body.get('tenant_id') or \
        ctx.project_id
    if project_id != ctx.project_id and not ctx.is_admin:
        raise _Error(403, 'AdminRequired', 'User does not have admin '
                     'privileges: Cannot create resource for another '
                     'tenant.')
    fixed = (body.get('fixed_ips') or [{}])[0]
    columns = {k: body[k] for k in ('name', 'description', 'admin_state_up',
                                    'device_id', 'device_owner')
               if k in body}
    port = local.create_port(
        ctx, body['network_id'], project_id,
        fixed_ip=fixed.get('ip_address'), subnet_id=fixed.get('subnet_id'),
        security_group_ids=body.get('security_groups'), **columns)
    return _json({'port': views.port(port, ctx.is_admin)}, 201)


def _delete_port(req, ctx, id):
    _writer(ctx, 'delete_port')
    local.delete_port(ctx, id)
    return webob.Response(status=204)


def _list_security_groups(req, ctx):
    return _listing(req, 'security_groups', [
        views.security_group(g) for g in local.security_groups(ctx)])


def _show_security_group(req, ctx, id):
    return _shown(req, 'security_group', views.security_group(
        local.get_security_group(ctx, id)))


def _delete_security_group(req, ctx, id):
    _writer(ctx, 'delete_security_group')
    local.delete_security_group(ctx, id)
    return webob.Response(status=204)


def _quota_of(ctx, project_id):
    if project_id != ctx.project_id and not ctx.is_admin:
        raise _Error(403, 'PolicyNotAuthorized',
                     '(rule:get_quota) is disallowed by policy')


def _list_quotas(req, ctx):
    # Only projects with limits other than the defaults are listed.
    return _json({'quotas': []})


def _show_quota(req, ctx, id):
    _quota_of(ctx, id)
    return _json({'quota': dict.fromkeys(_QUOTA_RESOURCES, _UNLIMITED)})


def _show_quota_details(req, ctx, id):
    _quota_of(ctx, id)
    used = local.usage(id)
    return _json({'quota': {
        resource: {'limit': _UNLIMITED, 'used': used.get(resource, 0),
                   'reserved': 0}
        for resource in _QUOTA_RESOURCES}})


# (path under /v2.0 with {id} for one path segment, {method: handler})
_ROUTES = (
    ('', {'GET': _resources}),
    ('/extensions', {'GET': _list_extensions}),
    ('/extensions/{id}', {'GET': _show_extension}),
    ('/networks', {'GET': _list_networks}),
    ('/networks/{id}', {'GET': _show_network}),
    ('/subnets', {'GET': _list_subnets}),
    ('/subnets/{id}', {'GET': _show_subnet}),
    ('/ports', {'GET': _list_ports, 'POST': _create_port}),
    ('/ports/{id}', {'GET': _show_port, 'DELETE': _delete_port}),
    ('/security-groups', {'GET': _list_security_groups}),
    ('/security-groups/{id}', {'GET': _show_security_group,
                               'DELETE': _delete_security_group}),
    ('/quotas', {'GET': _list_quotas}),
    ('/quotas/{id}', {'GET': _show_quota}),
    ('/quotas/{id}/default', {'GET': _show_quota}),
    ('/quotas/{id}/details', {'GET': _show_quota_details}),
)


def _route(method, path):
    """(handler, url arguments) for a request path under /v2.0."""
    parts = path.split('/')
    for pattern, methods in _ROUTES:
        pattern_parts = pattern.split('/')
        if len(pattern_parts) != len(parts):
            continue
        args = {}
        for want, got in zip(pattern_parts, parts):
            if want == '{id}' and got:
                args['id'] = got
            elif want != got:
                break
        else:
            if method not in methods:
                raise _Error(405, 'HTTPMethodNotAllowed',
                             'The method %s is not allowed for this '
                             'resource.' % method)
            return methods[method], args
    raise _Error(404, 'HTTPNotFound', 'The resource could not be found.')


def _api(environ, start_response):
    req = webob.Request(environ)
    path = req.path_info.rstrip('/')
    # Neutron accepts a format suffix; JSON is the only format.
    path = path[:-len('.json')] if path.endswith('.json') else path
    try:
        if not (path == '/v2.0' or path.startswith('/v2.0/')):
            raise _Error(404, 'HTTPNotFound',
                         'The resource could not be found.')
        handler, args = _route(req.method, path[len('/v2.0'):])
        resp = handler(req, environ['compute.context'], **args)
    except _Error as err:
        resp = _fault(err.status, err.kind, err.message)
    except exception.ComputeException as err:
        resp = _translate(err)
    return resp(environ, start_response)


def _versions(req):
    return _json({'versions': [{
        'id': 'v2.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': req.application_url + '/v2.0/'}]}]})


@functools.lru_cache(maxsize=None)
def _authenticated(strategy):
    """The API behind the configured auth middleware, built once per
    ``[api] auth_strategy`` (the cache key)."""
    return auth.wrap(_api, CONF)


def application(environ, start_response):
    """The WSGI app; version discovery answers without authentication."""
    if environ.get('PATH_INFO', '') in ('', '/'):
        return _versions(webob.Request(environ))(environ, start_response)
    return _authenticated(CONF.api.auth_strategy)(environ, start_response)
