"""Version documents: ``GET /`` (all versions) and ``GET /v2.1`` (this one).

These answer without authentication, as clients discover the API with them.
"""

from compute.api import http
from compute.api import microversion
from compute.api.views import links

_V21_UPDATED = '2013-07-23T11:33:21Z'
_V20_UPDATED = '2025-07-04T12:00:00Z'
_DESCRIBEDBY = {'rel': 'describedby', 'type': 'text/html',
                'href': 'http://docs.openstack.org/'}


def _versions(req):
    base = links.version_base(req)
    return {
        'v2.0': {'id': 'v2.0', 'status': 'DEPRECATED', 'version': '',
                 'min_version': '', 'updated': _V20_UPDATED,
                 'links': [{'rel': 'self', 'href': base + '/v2/'}]},
        'v2.1': {'id': 'v2.1', 'status': 'CURRENT',
                 'version': str(microversion.MAX),
                 'min_version': str(microversion.MIN),
                 'updated': _V21_UPDATED,
                 'links': [{'rel': 'self', 'href': base + '/v2.1/'}]},
    }


def _with_media(version, media_version):
    doc = dict(version)
    doc['links'] = version['links'] + [_DESCRIBEDBY]
    doc['media-types'] = [{
        'base': 'application/json',
        'type': 'application/vnd.openstack.compute+json;version=%s'
                % media_version}]
    return doc


def root(req):
    """GET / : every API version."""
    versions = _versions(req)
    return http.json_response({'versions': [versions['v2.0'],
                                            versions['v2.1']]})


def multiple_choices(req):
    """Any other unversioned path: 300 with the choices."""
    versions = _versions(req)
    return http.json_response({'choices': [
        dict(v, **{'media-types': [{
            'base': 'application/json',
            'type': 'application/vnd.openstack.compute+json;version=%s'
                    % v['id'][1:]}]})
        for v in versions.values()]}, status=300)


def document(req, prefix):
    """GET /v2.1 (or /v2): the document of one version."""
    if prefix == '/v2':
        return http.json_response(
            {'version': _with_media(_versions(req)['v2.0'], '2')})
    return http.json_response(
        {'version': _with_media(_versions(req)['v2.1'], '2.1')})


def show(req):
    """GET /v2.1/ inside the API (e.g. with a project id prefix)."""
    return document(req, '/v2.1')


def show_by_id(req, version_id):
    """GET /v2.1/versions/{id}."""
    versions = _versions(req)
    if version_id not in versions:
        from compute import exception
        raise exception.VersionNotFound(version=version_id)
    media = '2' if version_id == 'v2.0' else '2.1'
    return http.json_response(
        {'version': _with_media(versions[version_id], media)})
