"""Aggregate membership of resource providers in placement.

Host aggregates are mirrored in placement: a compute node's resource
provider is a member of the placement aggregate with the uuid of each host
aggregate its host is in. Changes read the provider's aggregates and its
generation, then write the new set; a concurrent writer makes placement
answer 409 and the change is tried again from a fresh read.
"""

from compute.placement import client

# Placement microversion of the aggregates calls that carry the generation.
VERSION = '1.19'
_ATTEMPTS = 4


class ProviderAggregatesConflict(client.PlacementError):
    msg_fmt = ('The aggregates of resource provider %(uuid)s kept changing '
               'while they were being updated.')
    code = 409


def _path(rp_uuid):
    return '/resource_providers/%s/aggregates' % rp_uuid


def get_aggregates(rp_uuid):
    """(set of aggregate uuids, provider generation), or None when the
    provider does not exist."""
    status, body = client.get_client().call(
        'GET', _path(rp_uuid), version=VERSION, ok=(200, 404))
    if status == 404:
        return None
    return set(body['aggregates']), body['resource_provider_generation']


def _change(rp_uuid, change):
    """Apply ``change`` (a function of the current set giving the new one);
    False when the provider does not exist."""
    for _ in range(_ATTEMPTS):
        current = get_aggregates(rp_uuid)
        if current is None:
            return False
        aggregates, generation = current
        wanted = change(aggregates)
        if wanted == aggregates:
            return True
        status, _ = client.get_client().call(
            'PUT', _path(rp_uuid),
            {'aggregates': sorted(wanted),
             'resource_provider_generation': generation},
            version=VERSION, ok=(200, 404, 409))
        if status == 200:
            return True
        if status == 404:
            return False
    raise ProviderAggregatesConflict(uuid=rp_uuid)


def add_to_aggregate(rp_uuid, aggregate_uuid):
    """Make the provider a member of the aggregate; False when the provider
    does not exist."""
    return _change(rp_uuid, lambda aggregates: aggregates | {aggregate_uuid})


def remove_from_aggregate(rp_uuid, aggregate_uuid):
    """Take the provider out of the aggregate; False when the provider does
    not exist."""
    return _change(rp_uuid, lambda aggregates: aggregates - {aggregate_uuid})
