"""A minimal Identity v3 API for clouds running with ``noauth2``.

Unmodified clients (openstackclient, openstacksdk, osc-placement) find
services through a Keystone catalog and look projects up by name. On the
all-in-one cloud there is no Keystone, so this app, served under
``/identity``, answers what they ask:

* version discovery (``/identity``, ``/identity/v3``);
* ``POST /v3/auth/tokens`` (password or token method): the token is
  ``user:project``, exactly what the noauth2 middleware of the compute and
  placement APIs expects, with a catalog of the services on this port;
* ``GET /v3/auth/tokens``, ``/v3/projects[/{id}]``, ``/v3/users[/{id}]``,
  ``/v3/domains[/{id}]``: every name is its own id, in domain ``default``.

It authenticates nobody: noauth2 trusts the token by design, and a password
is not checked. It is mounted only when ``[api] auth_strategy = noauth2``.
"""

import datetime
import uuid

from oslo_serialization import jsonutils
import webob

_DOMAIN = {'id': 'default', 'name': 'Default'}
_NAMESPACE = uuid.UUID('2b0c8c1e-7d0f-4e55-9a8e-3c6c1f5d2a10')
# (service type, name, path under the host URL)
_SERVICES = (('identity', 'keystone', '/identity/v3'),
             ('compute', 'nova', '/v2.1'),
             ('placement', 'placement', '/placement'),
             ('image', 'glance', '/image'),
             ('network', 'neutron', '/networking'))


def _json(body, status=200, headers=None):
    resp = webob.Response(status=status, content_type='application/json',
                          charset=None)
    resp.body = jsonutils.dump_as_bytes(body)
    if headers:
        resp.headers.update(headers)
    return resp


def _error(status, message):
    return _json({'error': {'code': status, 'message': message,
                            'title': webob.Response(status=status)
                            .status.split(' ', 1)[1]}}, status)


def _roles(user):
    names = ['admin', 'member', 'reader'] if user == 'admin' \
        else ['member', 'reader']
    return [{'id': n, 'name': n} for n in names]


def _catalog(base):
    catalog = []
    for service_type, name, path in _SERVICES:
        sid = str(uuid.uuid5(_NAMESPACE, service_type))
        catalog.append({
            'id': sid, 'type': service_type, 'name': name,
            'endpoints': [{'id': str(uuid.uuid5(_NAMESPACE, sid + iface)),
                           'interface': iface, 'region': 'RegionOne',
                           'region_id': 'RegionOne', 'url': base + path}
                          for iface in ('public', 'internal', 'admin')]})
    return catalog


def _token_body(base, user, project, methods):
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    fmt = '%Y-%m-%dT%H:%M:%S.000000Z'
    return {'token': {
        'methods': methods, 'is_domain': False,
        'issued_at': now.strftime(fmt),
        'expires_at': (now + datetime.timedelta(days=1)).strftime(fmt),
        'user': {'id': user, 'name': user, 'domain': _DOMAIN,
                 'password_expires_at': None},
        'project': {'id': project, 'name': project, 'domain': _DOMAIN},
        'roles': _roles(user), 'catalog': _catalog(base)}}


def _named(kind, name):
    body = {'id': name, 'name': name, 'domain_id': 'default',
            'enabled': True, 'links': {}}
    if kind == 'project':
        body.update(description='', is_domain=False, parent_id='default',
                    tags=[])
    return body


def _version(base):
    return {'id': 'v3.14', 'status': 'stable',
            'updated': '2020-04-07T00:00:00Z',
            'links': [{'rel': 'self', 'href': base + '/identity/v3/'}],
            'media-types': [{'base': 'application/json',
                             'type': 'application/vnd.openstack.identity-v3+json'}]}


def _authenticate(req, base):
    try:
        auth = jsonutils.loads(req.body)['auth']
        methods = auth['identity']['methods']
    except (ValueError, KeyError, TypeError):
        return _error(400, 'Expecting to find auth in request body.')
    if 'token' in methods:
        token = auth['identity']['token'].get('id', '')
        user, _, project = token.partition(':')
    else:
        user = auth['identity'].get('password', {}).get('user', {})
        user = user.get('name') or user.get('id')
        if not user:
            return _error(400, 'Expecting to find user in request body.')
        scope = auth.get('scope', {}).get('project', {})
        project = scope.get('name') or scope.get('id') or user
    project = project or user
    return _json(_token_body(base, user, project, methods), 201,
                 {'X-Subject-Token': '%s:%s' % (user, project)})


def application(environ, start_response):
    req = webob.Request(environ)
    base = req.host_url + req.script_name[:-len('/identity')] \
        if req.script_name.endswith('/identity') else req.host_url
    path = req.path_info.rstrip('/')
    parts = path.split('/')[1:]
    if path == '':
        resp = _json({'versions': {'values': [_version(base)]}}, 300)
    elif path == '/v3':
        resp = _json({'version': _version(base)})
    elif path == '/v3/auth/tokens' and req.method == 'POST':
        resp = _authenticate(req, base)
    elif path == '/v3/auth/tokens' and req.method in ('GET', 'HEAD'):
        token = req.headers.get('X-Subject-Token', '')
        user, _, project = token.partition(':')
        resp = _json(_token_body(base, user, project or user, ['token']),
                     headers={'X-Subject-Token': token})
    elif len(parts) in (2, 3) and parts[0] == 'v3' and \
            parts[1] in ('projects', 'users', 'domains') and \
            req.method == 'GET':
        kind = parts[1][:-1]
        if kind == 'domain':
            items = [dict(_DOMAIN, enabled=True, description='', links={})]
        else:
            name = req.GET.get('name') or (parts[2] if len(parts) == 3
                                            else None)
            items = [_named(kind, name)] if name else []
        if len(parts) == 3:
            if kind == 'domain' and parts[2] not in ('default', 'Default'):
                resp = _error(404, 'Could not find domain: %s.' % parts[2])
            else:
                resp = _json({kind: items[0]})
        else:
            resp = _json({parts[1]: items, 'links': {}})
    else:
        resp = _error(404, 'The resource could not be found.')
    return resp(environ, start_response)
