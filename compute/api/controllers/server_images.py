"""Handler of the createImage server action, and what createBackup shares
with it: the image metadata quota (up to 2.38) and the answer (the new
image's address in a ``Location`` header, its id in the body from 2.45)."""

from compute import quota
from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.controllers import image_metadata
from compute.api.schemas import server_images as schema
from compute.api.views import links
from compute.lifecycle import snapshots
from compute import servers_access


def check_metadata_quota(req, metadata):
    """Before 2.39, more metadata than the ``metadata_items`` quota allows
    is a 403."""
    if not metadata or req.ver >= microversion.IMAGE_META_LIMIT_REMOVED:
        return
    try:
        quota.check_deltas(req.context, None, None,
                           {'metadata_items': len(metadata)})
    except quota.OverQuota:
        raise image_metadata.ImageMetadataLimitExceeded()


def image_response(req, image, with_location=True):
    """202 with ``{"image_id"}`` from 2.45; before, an empty 202 with the
    image's address in the image service (unless ``with_location`` is
    false)."""
    if req.ver >= microversion.IMAGE_ID_IN_BODY:
        return http.json_response({'image_id': image['id']}, status=202)
    response = http.empty_response(202)
    if with_location:
        response.headers['Location'] = '%s/image/images/%s' % (
            links.version_base(req), image['id'])
    return response


@validation.body(schema.CREATE_IMAGE)
def create_image(req, server_id, body):
    """POST /servers/{server_id}/action {"createImage": {...}}"""
    instance = servers_access.get_authorized(
        req, server_id, 'os_compute_api:servers:create_image')
    entity = body['createImage']
    metadata = entity.get('metadata', {})
    check_metadata_quota(req, metadata)
    image = snapshots.snapshot(req.context, instance, entity['name'],
                               metadata)
    return image_response(req, image)
