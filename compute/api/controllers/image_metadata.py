"""Handlers of /images/{image_id}/metadata[/{key}] (up to 2.38): the extra
properties of an image, read and written through the image service.

No policy, as in Nova: the image service allows changes to the image's
owner (or an administrator) and answers 403 otherwise. A change is a
read-modify-write of the whole set of properties, whose size must fit the
caller's ``metadata_items`` quota (403 "Image metadata limit exceeded").
"""

from compute import exception
from compute import quota
from compute.api import http
from compute.api import validation
from compute.api.controllers import images
from compute.api.schemas import image_metadata as schema
from compute.image import api as image_api


class ImageMetadataLimitExceeded(exception.Forbidden):
    msg_fmt = 'Image metadata limit exceeded'


def _save(req, image_id, properties):
    """Check the quota and store ``properties`` as the image's whole set;
    the properties after."""
    if properties:
        try:
            quota.check_deltas(req.context, None, None,
                               {'metadata_items': len(properties)})
        except quota.OverQuota:
            raise ImageMetadataLimitExceeded()
    image = image_api.get_image_api().update_properties(
        req.context, image_id, properties)
    return image['properties']


def index(req, image_id):
    """GET /images/{image_id}/metadata"""
    image = images.get_image(req, image_id)
    return http.json_response({'metadata': image['properties']})


def show(req, image_id, key):
    """GET /images/{image_id}/metadata/{key}"""
    properties = images.get_image(req, image_id)['properties']
    if key not in properties:
        raise exception.NotFound('The resource could not be found.')
    return http.json_response({'meta': {key: properties[key]}})


@validation.body(schema.CREATE)
def create(req, image_id, body):
    """POST /images/{image_id}/metadata: merge into the properties."""
    properties = images.get_image(req, image_id)['properties']
    properties.update(body['metadata'])
    return http.json_response(
        {'metadata': _save(req, image_id, properties)})


@validation.body(schema.UPDATE_ALL)
def update_all(req, image_id, body):
    """PUT /images/{image_id}/metadata: replace every property."""
    images.get_image(req, image_id)
    metadata = body['metadata']
    _save(req, image_id, metadata)
    return http.json_response({'metadata': metadata})


@validation.body(schema.UPDATE)
def update(req, image_id, key, body):
    """PUT /images/{image_id}/metadata/{key}: body ``{"meta": {key: v}}``."""
    meta = body['meta']
    if key not in meta:
        raise exception.Invalid('Request body and URI mismatch')
    properties = images.get_image(req, image_id)['properties']
    properties[key] = meta[key]
    _save(req, image_id, properties)
    return http.json_response({'meta': meta})


def delete(req, image_id, key):
    """DELETE /images/{image_id}/metadata/{key} (204)"""
    properties = images.get_image(req, image_id)['properties']
    if key not in properties:
        raise exception.NotFound('Invalid metadata key')
    del properties[key]
    _save(req, image_id, properties)
    return http.empty_response(204)
