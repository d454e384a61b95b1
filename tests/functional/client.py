"""An HTTP client of the compute API as tests use it (requests underneath)."""

import requests

ADMIN_TOKEN = 'admin:admin'


class ApiClient:
    def __init__(self, base_url):
        self.base_url = base_url.rstrip('/')
        self.session = requests.Session()

    def request(self, method, path, body=None, token=ADMIN_TOKEN,
                version=None, headers=None, params=None, raw_body=None):
        all_headers = {'Accept': 'application/json'}
        if token is not None:
            all_headers['X-Auth-Token'] = token
        if version is not None:
            all_headers['OpenStack-API-Version'] = 'compute %s' % version
            all_headers['X-OpenStack-Nova-API-Version'] = version
        if headers:
            all_headers.update(headers)
        kwargs = {'headers': all_headers, 'params': params, 'timeout': 60}
        if body is not None:
            kwargs['json'] = body
        elif raw_body is not None:
            kwargs['data'] = raw_body
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path, **kwargs):
        return self.request('GET', path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request('POST', path, body=body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.request('PUT', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request('DELETE', path, **kwargs)


FAULT_NAMES = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
               404: 'itemNotFound', 405: 'badMethod',
               409: 'conflictingRequest', 413: 'overLimit',
               415: 'badMediaType'}


def fault_message(resp, code, name=None):
    """Assert ``resp`` is Nova's fault body for ``code``; its message."""
    name = name or FAULT_NAMES.get(code, 'computeFault')
    assert resp.status_code == code, resp.text
    body = resp.json()
    assert list(body) == [name], body
    assert body[name]['code'] == code
    return body[name]['message']
