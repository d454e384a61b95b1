"""The image service as compute sees it: the ``ImageAPI`` interface, its
errors, and ``get_image_api()`` choosing the back end by ``[image] backend``.

An image is a plain dict: ``id``, ``name``, ``status`` (queued, saving,
active, deleted), ``visibility`` (public, private, shared, community),
``owner`` (a project id or None), ``protected``, ``os_hidden``,
``min_ram``, ``min_disk``, ``size``, ``virtual_size``, ``disk_format``,
``container_format``, ``checksum`` (md5), ``os_hash_algo``,
``os_hash_value``, ``created_at`` and ``updated_at`` (UTC,
``YYYY-MM-DDThh:mm:ssZ`` as the Image API prints them), ``tags`` (sorted
list) and ``properties`` (the extra properties, name -> string).

Visibility: administrators see every image; anybody else public and
community images and the images their project owns. An image the caller may
not see is reported as not found.
"""

import abc
import importlib

from compute import conf as compute_conf
from compute import exception

CONF = compute_conf.CONF

# [image] backend -> "module:class"
_BACKENDS = {'local': 'compute.image.local:LocalImageAPI'}


class ImageNotFound(exception.NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class ImageNotAuthorized(exception.Forbidden):
    msg_fmt = 'Not authorized for image %(image_id)s.'


class ImageProtected(ImageNotAuthorized):
    msg_fmt = 'Image %(image_id)s is protected and cannot be deleted.'


class ImageTooLarge(exception.ComputeException):
    code = 413
    msg_fmt = 'Image exceeds the size limit of %(limit)d bytes.'


class ImageAPI(abc.ABC):
    """What compute (and the Image API under /image) needs of an image
    service. ``ctx`` is the caller's RequestContext."""

    @abc.abstractmethod
    def get(self, ctx, image_id):
        """One image; raises ImageNotFound."""

    @abc.abstractmethod
    def list(self, ctx, filters=None, limit=None, marker=None, sort=None):
        """One page of the images the caller may see.

        ``filters`` speaks the Image API v2 query language: ``visibility``
        (public, private, shared, community or all), ``name``, ``status``,
        ``owner``, ``id``, ``disk_format``, ``container_format`` (each
        also as ``in:a,b``), ``checksum``, ``min_ram``, ``min_disk``
        (equal), ``size_min``, ``size_max``, ``protected``, ``os_hidden``
        (hidden images are left out unless asked for), ``tag`` (a list: all
        of them), ``created_at`` / ``updated_at`` (``[op:]time``, op one of
        gt, gte, lt, lte, eq, neq), ``member_status``; any other name
        filters on that extra property. ``sort`` is a list of (key,
        'asc'|'desc'), newest first by default; ``marker`` is the id of the
        last image of the previous page. Bad values raise Invalid (400).
        """

    @abc.abstractmethod
    def create(self, ctx, **fields):
        """Register a new image (status queued, no data) and return it.

        ``fields``: ``id`` (default a new uuid), ``name``, ``visibility``
        (default shared; public only for administrators), ``owner`` (default
        the caller's project; another only for administrators),
        ``protected``, ``os_hidden``, ``disk_format``, ``container_format``,
        ``min_ram``, ``min_disk``, ``tags``, ``properties``.
        """

    @abc.abstractmethod
    def update(self, ctx, image_id, **fields):
        """Change an image the caller owns (or any, for an administrator)
        and return it. ``fields`` as for create without ``id``;
        ``properties`` and ``tags`` replace the whole set."""

    def update_properties(self, ctx, image_id, properties):
        """Replace the extra properties of an image with ``properties``."""
        return self.update(ctx, image_id, properties=properties)

    @abc.abstractmethod
    def delete(self, ctx, image_id):
        """Delete an image and its data; ImageProtected if protected."""

    @abc.abstractmethod
    def upload(self, ctx, image_id, stream):
        """Store the data of a queued image, read from ``stream`` (an
        object with ``read(n)``), and make it active; returns the image
        with its size, checksum and hash."""

    @abc.abstractmethod
    def download(self, ctx, image_id):
        """The path of the file holding the image's data, or None while
        the image has none."""


def get_image_api():
    """The configured back end."""
    module, _, cls = _BACKENDS[CONF.image.backend].partition(':')
    return getattr(importlib.import_module(module), cls)()
