"""The placement client: the calls the scheduler and agents make.

The transport is either the embedded app, called in process, or a remote
endpoint over HTTP (keystoneauth with the ``[placement]`` options, or a plain
endpoint with a noauth2 token). Both speak the same REST API, so everything
above the transport is shared.
"""

import threading

from oslo_serialization import jsonutils
import webob

from compute import conf as compute_conf
from compute import exception

CONF = compute_conf.CONF

# The placement microversion this client is written against.
VERSION = '1.39'


class PlacementError(exception.ComputeException):
    msg_fmt = 'Placement answered %(status)s to %(method)s %(path)s: %(body)s'
    code = 500


class _InProcess:
    def __init__(self, app):
        self.app = app

    def request(self, method, path, body, headers):
        # In process, the caller is this service itself: an admin.
        headers = dict(headers, **{'X-Auth-Token': 'admin:admin'})
        req = webob.Request.blank(path, method=method, headers=headers)
        if body is not None:
            req.body = jsonutils.dump_as_bytes(body)
            req.content_type = 'application/json'
        resp = req.get_response(self.app)
        return resp.status_int, resp.body


class _Remote:
    def __init__(self):
        from keystoneauth1 import loading as ks_loading
        from keystoneauth1 import session as ks_session
        group = 'placement'
        auth = ks_loading.load_auth_from_conf_options(CONF, group) \
            if CONF.placement.auth_type else None
        self.session = ks_session.Session(auth=auth)
        self.endpoint = (CONF.placement.endpoint_override or '').rstrip('/')
        self.token = None if auth else CONF.placement.noauth_token

    def request(self, method, path, body, headers):
        kwargs = {'headers': dict(headers), 'raise_exc': False}
        if body is not None:
            kwargs['json'] = body
        if self.token:
            kwargs['headers']['X-Auth-Token'] = self.token
        if self.endpoint:
            url = self.endpoint + path
        else:
            url = path
            kwargs['endpoint_filter'] = {'service_type': 'placement',
                                         'interface': 'public'}
        resp = self.session.request(url, method, **kwargs)
        return resp.status_code, resp.content


class PlacementClient:
    """REST calls to placement, returning decoded JSON bodies."""

    def __init__(self, transport):
        self._transport = transport

    def call(self, method, path, body=None, version=VERSION, ok=(200,)):
        headers = {'OpenStack-API-Version': 'placement %s' % version,
                   'Accept': 'application/json'}
        status, raw = self._transport.request(method, path, body, headers)
        if status not in ok:
            raise PlacementError(status=status, method=method, path=path,
                                 body=raw[:500])
        return (status, jsonutils.loads(raw)) if raw else (status, None)

    def get(self, path, **kwargs):
        return self.call('GET', path, **kwargs)[1]

    # Resource providers and inventories.

    def ensure_resource_provider(self, uuid, name):
        """The provider ``uuid``, created with ``name`` if it is missing."""
        status, body = self.call('GET', '/resource_providers/%s' % uuid,
                                 ok=(200, 404))
        if status == 200:
            return body
        status, body = self.call(
            'POST', '/resource_providers', {'uuid': uuid, 'name': name},
            ok=(200, 409))
        if status == 409:
            # A provider of that name exists with another uuid: a host that
            # was re-created. Placement names are unique; take it over.
            return self.get('/resource_providers/%s' % uuid)
        return body

    def set_inventory(self, uuid, inventories):
        """Replace the provider's inventories, retrying generation races."""
        for _ in range(5):
            provider = self.get('/resource_providers/%s' % uuid)
            current = self.get('/resource_providers/%s/inventories' % uuid)
            if current['inventories'] == inventories:
                return
            status, _ = self.call(
                'PUT', '/resource_providers/%s/inventories' % uuid,
                {'resource_provider_generation': provider['generation'],
                 'inventories': inventories}, ok=(200, 409))
            if status == 200:
                return
        raise PlacementError(status=409, method='PUT',
                             path='/resource_providers/%s/inventories' % uuid,
                             body='generation conflict persisted')

    def delete_resource_provider(self, uuid):
        self.call('DELETE', '/resource_providers/%s' % uuid,
                  ok=(204, 404))


_lock = threading.Lock()
_client = None


def get_client():
    """The process's placement client, embedded or remote per config."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                if CONF.placement.embedded:
                    from compute.placement import embedded
                    transport = _InProcess(embedded.get_app())
                else:
                    transport = _Remote()
                _client = PlacementClient(transport)
    return _client


def reset():
    global _client
    _client = None
