"""Traits of resource providers in placement.

Several writers share a provider's traits: its agent (the driver's
capability traits), the services API (``COMPUTE_STATUS_DISABLED`` while
the host's service is disabled) and operators (their own traits). Each
change reads the provider's traits and generation, then writes the new
set, tried again on a concurrent writer's 409 (``provider_sets``), so no
writer loses another's traits.
"""

import logging

import os_traits

from compute.placement import client
from compute.placement import provider_sets

LOG = logging.getLogger(__name__)

# Placement microversion of the provider traits calls.
VERSION = '1.6'


def get_traits(rp_uuid):
    """(set of trait names, provider generation), or None when the
    provider does not exist."""
    return provider_sets.read(rp_uuid, 'traits', VERSION)


def update_traits(rp_uuid, change):
    """Apply ``change`` (a function of the current set giving the new
    one); False when the provider does not exist."""
    return provider_sets.change(rp_uuid, 'traits', VERSION, change)


def set_disabled(rp_uuids, disabled):
    """Add (or remove) ``COMPUTE_STATUS_DISABLED`` on the providers, so
    the scheduler's placement query leaves them out (or in again).

    Best effort: when placement cannot be changed the service's status
    still stands, and the scheduler's host manager also leaves out the
    nodes of disabled services.
    """
    trait = {os_traits.COMPUTE_STATUS_DISABLED}
    for rp_uuid in rp_uuids:
        try:
            update_traits(rp_uuid, (lambda traits: traits | trait)
                          if disabled else (lambda traits: traits - trait))
        except client.PlacementError as err:
            LOG.warning('Could not %s COMPUTE_STATUS_DISABLED on resource '
                        'provider %s: %s', 'set' if disabled else 'clear',
                        rp_uuid, err)
