"""Aggregate membership of resource providers in placement.

Host aggregates are mirrored in placement: a compute node's resource
provider is a member of the placement aggregate with the uuid of each host
aggregate its host is in. Changes read the provider's aggregates and its
generation, then write the new set; a concurrent writer makes placement
answer 409 and the change is tried again from a fresh read
(``provider_sets``).
"""

from compute.placement import provider_sets

# Placement microversion of the aggregates calls that carry the generation.
VERSION = '1.19'


def get_aggregates(rp_uuid):
    """(set of aggregate uuids, provider generation), or None when the
    provider does not exist."""
    return provider_sets.read(rp_uuid, 'aggregates', VERSION)


def _change(rp_uuid, how):
    return provider_sets.change(rp_uuid, 'aggregates', VERSION, how)


def add_to_aggregate(rp_uuid, aggregate_uuid):
    """Make the provider a member of the aggregate; False when the provider
    does not exist."""
    return _change(rp_uuid, lambda aggregates: aggregates | {aggregate_uuid})


def remove_from_aggregate(rp_uuid, aggregate_uuid):
    """Take the provider out of the aggregate; False when the provider does
    not exist."""
    return _change(rp_uuid, lambda aggregates: aggregates - {aggregate_uuid})
