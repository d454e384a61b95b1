"""Nova's fault bodies: ``{"<name>": {"code": N, "message": "..."}}``."""

from compute.api import http

_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}

UNEXPECTED = ('Unexpected API Error. Please report this at your cloud '
              'operator and attach the compute API log if possible.\n%s')


def fault_response(code, message, headers=None):
    name = _NAMES.get(code, 'computeFault')
    return http.json_response({name: {'code': code, 'message': message}},
                              status=code, headers=headers)
