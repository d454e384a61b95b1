"""Request and response types the API handlers work with.

Handlers take a ``Request`` (with ``context``, ``ver`` and helpers for the
body and query) and return a ``webob.Response`` made with ``json_response``
or ``empty_response``.
"""

import webob
from oslo_serialization import jsonutils

from compute import exception

JSON = 'application/json'


class Request(webob.Request):
    """A webob request carrying what the middleware resolved."""

    @property
    def context(self):
        return self.environ['compute.context']

    @property
    def ver(self):
        """The negotiated microversion (compute.api.microversion.Version)."""
        return self.environ['compute.api_version']

    @property
    def url_project_id(self):
        """The project id given in the URL path, or None."""
        return self.environ.get('compute.url_project_id')

    def json_body(self):
        """The decoded JSON body; 400 with Nova's message when malformed."""
        if not self.body:
            raise exception.MalformedRequestBody(reason='empty body')
        try:
            return jsonutils.loads(self.body)
        except ValueError as err:
            raise exception.MalformedRequestBody(reason=str(err))

    def query_lists(self):
        """The query string as a dict of lists of values."""
        result = {}
        for key, value in self.GET.items():
            result.setdefault(key, []).append(value)
        return result


def json_response(body, status=200, headers=None):
    resp = webob.Response(status=status, content_type=JSON, charset=None)
    resp.body = jsonutils.dump_as_bytes(body)
    if headers:
        resp.headers.update(headers)
    return resp


def empty_response(status=204, headers=None):
    resp = webob.Response(status=status)
    resp.content_type = None
    resp.body = b''
    if headers:
        resp.headers.update(headers)
    return resp
