"""Configuration: every oslo.config option of the service, one module per group.

``CONF`` is the process-wide ConfigOpts; ``register_opts`` attaches every
group to it. ``list_opts`` feeds oslo-config-generator.
"""

from oslo_config import cfg

from compute.conf import all_in_one
from compute.conf import api
from compute.conf import database
from compute.conf import default
from compute.conf import fake_driver
from compute.conf import filter_scheduler
from compute.conf import image
from compute.conf import image_cache
from compute.conf import metrics
from compute.conf import network
from compute.conf import pci
from compute.conf import placement
from compute.conf import quota
from compute.conf import scheduler

CONF = cfg.CONF

_MODULES = (default, api, database, all_in_one, fake_driver,
            filter_scheduler, image, image_cache, metrics, network, pci,
            placement, quota, scheduler)


def register_opts(conf):
    for module in _MODULES:
        module.register_opts(conf)


def list_opts():
    """Pairs of (group, options) for oslo-config-generator."""
    result = []
    for module in _MODULES:
        result.extend(module.list_opts())
    return result


register_opts(CONF)
