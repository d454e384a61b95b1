"""Handler of POST /os-aggregates/{aggregate_id}/images (microversion
2.81): administrators ask the compute hosts of an aggregate to pre-cache
images.

The request is checked here (no image twice, the aggregate exists, every
image exists in the image service); the conductor then asks the hosts'
agents in the background (compute.conductor.image_cache) and the answer is
202 with no body.
"""


from compute.api import http
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import aggregate_images as schema
from compute.conductor import rpcapi as conductor_rpcapi
from compute.db import aggregates as aggregates_db
from compute import exception
from compute.image import api as image_api
from compute.policies import aggregates as agg_policies


class _DuplicateImages(exception.Invalid):
    msg_fmt = 'Duplicate images in request'


class _ImageNotCacheable(exception.Invalid):
    """An image the image service cannot give (Nova answers 400 with the
    image service's message)."""

    msg_fmt = '%(reason)s'


def _check_images(context, image_ids):
    """Every image must exist (and be visible) in the image service."""
    images = image_api.get_image_api()
    for image_id in image_ids:
        try:
            images.get(context, image_id)
        except exception.ComputeException as err:
            raise _ImageNotCacheable(reason=err.format_message())


@validation.body(schema.CACHE)
def cache_images(req, aggregate_id, body):
    """POST /os-aggregates/{aggregate_id}/images"""
    req.context.can(agg_policies.IMAGES, target={})
    parameter_types.check_integer_id(aggregate_id)
    image_ids = [item['id'] for item in body['cache']]
    if len(set(image_ids)) != len(image_ids):
        raise _DuplicateImages()
    aggregate = aggregates_db.get(aggregate_id)
    _check_images(req.context, image_ids)
    conductor_rpcapi.ConductorAPI().cache_images(req.context, aggregate.id,
                                                 image_ids)
    return http.empty_response(202)
