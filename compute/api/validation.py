"""JSON-schema validation of request bodies and query strings per microversion.

A resource's schema module builds ``Schemas`` containers: each holds the
schema of every microversion window, checked at import time to be gap-free,
non-overlapping and to state ``additionalProperties`` at the top. Handlers
are wrapped with ``@body(...)`` / ``@query(...)``; the validated value is
passed to the handler as ``body=`` / ``query=``.
"""

import base64
import binascii
import functools

import jsonschema
from oslo_utils import timeutils
from jsonschema import exceptions as js_exc

from compute import exception
from compute.api import microversion

_FORMAT_CHECKER = jsonschema.FormatChecker()


@_FORMAT_CHECKER.checks('uuid')
def _is_uuid(value):
    import uuid
    if not isinstance(value, str):
        return True
    try:
        return str(uuid.UUID(value)) == value.lower() and len(value) == 36
    except ValueError:
        return False


@_FORMAT_CHECKER.checks('base64')
def _is_base64(value):
    if not isinstance(value, str):
        return True
    try:
        base64.decodebytes(value.encode('utf-8'))
    except (binascii.Error, UnicodeEncodeError):
        return False
    return True


@_FORMAT_CHECKER.checks('date-time')
def _is_datetime(value):
    """ISO 8601 as Nova reads it (``2024-05-03``, ``...T00:00Z`` too)."""
    if not isinstance(value, str):
        return True
    try:
        timeutils.parse_isotime(value)
    except ValueError:
        return False
    return True


class Schemas:
    """Schemas of one request part, each for a microversion window.

    ``Schemas((schema, '2.1', '2.54'), (schema2, '2.55', None))``; ``None``
    as the last window's end means "up to the newest".
    """

    def __init__(self, *windows, kind='body'):
        self.kind = kind
        self._windows = []
        for schema, low, high in windows:
            low_v = microversion.v(low)
            high_v = microversion.v(high) if high else microversion.MAX
            if 'additionalProperties' not in schema and \
                    schema.get('type') == 'object':
                raise ValueError('schema for %s-%s lacks additionalProperties'
                                 % (low, high))
            self._windows.append((low_v, high_v, schema))
        for (_, prev_high, _), (low, _, _) in zip(self._windows,
                                                  self._windows[1:]):
            if (prev_high.major, prev_high.minor + 1) != (low.major,
                                                          low.minor):
                raise ValueError('gap or overlap after %s' % prev_high)

    def for_version(self, version):
        for low, high, schema in self._windows:
            if low <= version <= high:
                return schema
        return None


def _message(err, kind):
    if not err.path:
        return err.message
    if kind == 'body':
        return ('Invalid input for field/attribute %s. Value: %s. %s'
                % (err.path[-1], err.instance, err.message))
    # Query values are lists: the first path element is the parameter.
    return ('Invalid input for query parameters %s. Value: %s. %s'
            % (err.path[0], err.instance, err.message))


def validate(schema, value, kind='body'):
    validator = jsonschema.Draft4Validator(schema,
                                           format_checker=_FORMAT_CHECKER)
    err = js_exc.best_match(validator.iter_errors(value))
    if err is not None:
        raise exception.ValidationError(detail=_message(err, kind))


_NO_QUERY = {'type': 'object', 'properties': {},
             'additionalProperties': False}


def no_query(req):
    """For handlers that take no query string: from 2.102 any parameter
    is a 400, before it every parameter is ignored."""
    if req.ver >= microversion.UNKNOWN_QUERY_REJECTED and req.GET:
        validate(_NO_QUERY, req.query_lists(), 'query')


def body(schemas):
    """Validate the JSON body; the handler receives it as ``body``."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(req, **kwargs):
            value = req.json_body()
            schema = schemas.for_version(req.ver)
            if schema is not None:
                validate(schema, value, 'body')
            return func(req, body=value, **kwargs)
        wrapper.body_schemas = schemas
        return wrapper
    return decorator


def query(schemas):
    """Validate the query string (as a dict of lists); the handler receives
    it as ``query``. Where a window's schema allows additional properties,
    names the schema does not know are dropped, as Nova does."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(req, **kwargs):
            value = req.query_lists()
            schema = schemas.for_version(req.ver)
            if schema is not None:
                validate(schema, value, 'query')
                if schema.get('additionalProperties', True) is not False:
                    known = schema.get('properties', {})
                    value = {k: v for k, v in value.items() if k in known}
            return func(req, query=value, **kwargs)
        wrapper.query_schemas = schemas
        return wrapper
    return decorator
