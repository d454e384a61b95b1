"""The agent's side of image pre-caching: the hypervisor fetches the
images an aggregate request names into this host's image cache.

Each image gets an outcome, Nova's words, reported back to the conductor:
``cached`` (fetched now), ``existing`` (in the cache already), ``error``
(the fetch failed; logged) or ``unsupported`` (the driver keeps no image
cache). The conductor adds ``skipped`` for hosts it did not ask.
"""

import logging

LOG = logging.getLogger(__name__)

CACHED = 'cached'
EXISTING = 'existing'
ERROR = 'error'
UNSUPPORTED = 'unsupported'
SKIPPED = 'skipped'


class ImageCacheOps:
    """Image pre-caching RPC method of the agent."""

    def cache_images(self, context, image_ids):
        """Ask the driver to cache each image; {image_id: outcome}."""
        return {image_id: self._cache_one_image(context, image_id)
                for image_id in image_ids}

    def _cache_one_image(self, context, image_id):
        """The outcome of caching one image (failures are logged)."""
        try:
            fetched = self.driver.cache_image(context, image_id)
        except NotImplementedError:
            LOG.warning('Virt driver does not support image pre-caching; '
                        'ignoring request')
            return UNSUPPORTED
        except Exception as err:
            LOG.error('Failed to cache image %(image_id)s: %(err)s',
                      {'image_id': image_id, 'err': err})
            return ERROR
        return CACHED if fetched else EXISTING
