"""Links in responses: ``self`` (versioned) and ``bookmark`` (unversioned)."""

from compute import conf as compute_conf

CONF = compute_conf.CONF


def _base(req):
    """The host URL clients reached us at (or the configured prefix)."""
    prefix = CONF.api.compute_link_prefix
    if prefix:
        return prefix.rstrip('/')
    # SCRIPT_NAME carries any mount point plus /v2.1; strip the latter.
    script = req.script_name
    if script.endswith('/v2.1'):
        script = script[:-len('/v2.1')]
    return req.host_url + script


def _project_part(req):
    project = req.url_project_id
    return '/' + project if project else ''


def resource_links(req, collection, ident):
    """The self and bookmark links of one item of ``collection``."""
    base = _base(req)
    tail = '%s/%s/%s' % (_project_part(req), collection, ident)
    return [{'rel': 'self', 'href': base + '/v2.1' + tail},
            {'rel': 'bookmark', 'href': base + tail}]


def collection_next_link(req, collection, marker):
    """The ``next`` link of a paged list, keeping the other query params."""
    from urllib import parse
    params = [(k, v) for k, v in req.GET.items() if k != 'marker']
    params.append(('marker', marker))
    return {'rel': 'next',
            'href': '%s/v2.1%s/%s?%s' % (_base(req), _project_part(req),
                                         collection, parse.urlencode(params))}


def version_base(req):
    return _base(req)
