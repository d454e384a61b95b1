"""Response bodies of the image proxy (/images, /images/detail,
/images/{id}) in Nova's format, built from the image service's dicts."""

from oslo_utils import strutils

from compute import conf as compute_conf
from compute.api.views import links

CONF = compute_conf.CONF
COLLECTION = 'images'

# Image API status -> (Nova's status, progress in percent).
_STATUS = {
    'active': ('ACTIVE', 100),
    'queued': ('SAVING', 25),
    'saving': ('SAVING', 50),
    'deleted': ('DELETED', 0),
    'pending_delete': ('DELETED', 0),
    'killed': ('ERROR', 0),
}
_UNKNOWN = ('UNKNOWN', 0)


def _links(req, image_id):
    """self and bookmark, plus the image's address in the Image API (the
    built-in one is served under /image on this port)."""
    result = links.resource_links(req, COLLECTION, image_id)
    result.append({
        'rel': 'alternate', 'type': 'application/vnd.openstack.image',
        'href': '%s/image/%s/%s' % (links.version_base(req), COLLECTION,
                                    image_id)})
    return result


def _basic(req, image):
    return {'id': image['id'], 'name': image['name'],
            'links': _links(req, image['id'])}


def _full(req, image):
    properties = image['properties']
    status, progress = _STATUS.get(image['status'], _UNKNOWN)
    body = _basic(req, image)
    body.update({
        'minRam': int(image['min_ram'] or 0),
        'minDisk': int(image['min_disk'] or 0),
        'metadata': dict(properties),
        'created': image['created_at'],
        'updated': image['updated_at'],
        'status': status,
        'progress': progress,
        'OS-EXT-IMG-SIZE:size': image['size'],
    })
    server = properties.get('instance_uuid')
    if server is not None:
        body['server'] = {'id': server,
                          'links': links.resource_links(req, 'servers',
                                                        server)}
    auto_disk_config = properties.get('auto_disk_config')
    if auto_disk_config is not None:
        body['OS-DCF:diskConfig'] = (
            'AUTO' if strutils.bool_from_string(auto_disk_config)
            else 'MANUAL')
    return body


def show(req, image):
    """``{"image": {...}}``: one image in full."""
    return {'image': _full(req, image)}


def _collection(req, items, images, collection):
    body = {'images': items}
    # A full page gets a link to the next one, marked by its last image.
    limit = min(int(req.GET.get('limit', CONF.api.max_limit)),
                CONF.api.max_limit)
    if limit and len(images) == limit:
        body['images_links'] = [links.collection_next_link(
            req, collection, images[-1]['id'])]
    return body


def index(req, images):
    """GET /images: id, name and links of each image."""
    return _collection(req, [_basic(req, i) for i in images], images,
                       COLLECTION)


def detail(req, images):
    """GET /images/detail: every image in full."""
    return _collection(req, [_full(req, i) for i in images], images,
                       COLLECTION + '/detail')
