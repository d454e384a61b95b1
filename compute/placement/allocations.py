"""Allocation candidates and the allocations of consumers in placement.

The scheduler asks for candidates (one GET for a whole request) and claims
the winner's allocation request for each instance; whoever frees a server
deletes its allocations. Claims carry ``consumer_generation: null``: they
create a consumer, so a consumer that already holds allocations makes the
claim fail rather than overwrite them.
"""

import logging
import urllib.parse

from compute.placement import client

LOG = logging.getLogger(__name__)

# 1.36 brings mappings and same_subtree, 1.38 consumer types, 1.39
# ``in:`` lists for traits.
VERSION = '1.39'
CONSUMER_TYPE = 'INSTANCE'
# Placement's error code of a 409 caused by a generation conflict.
CONCURRENT_UPDATE = 'placement.concurrent_update'
# Writes of one claim that lose generation races before it gives up
# (placement's own allocation_conflict_retry_count default).
CLAIM_ATTEMPTS = 10


def _candidates_query(resources, limit, required_traits, in_tree, member_of):
    params = [('resources', ','.join('%s:%d' % (rc, amount) for rc, amount
                                     in sorted(resources.items())))]
    if limit:
        params.append(('limit', str(limit)))
    if required_traits:
        params.append(('required', ','.join(sorted(required_traits))))
    if in_tree:
        params.append(('in_tree', in_tree))
    # Several member_of parameters must all be satisfied (each may be an
    # ``in:`` list of alternatives, or a ``!in:`` list to avoid).
    params.extend(('member_of', value) for value in member_of)
    return urllib.parse.urlencode(params, safe=':,!')


def allocation_candidates(resources, limit, required_traits=(), in_tree=None,
                          member_of=()):
    """Placement's answer: ``allocation_requests`` and
    ``provider_summaries``.

    ``resources`` maps resource classes to amounts; ``required_traits``
    holds trait names, a ``!`` prefix forbids one; ``member_of`` holds
    placement ``member_of`` values (``in:a,b`` or ``!in:a,b``); ``limit``
    None or 0 asks for every candidate.
    """
    query = _candidates_query(resources, limit, required_traits, in_tree,
                              member_of)
    status, body = client.get_client().call(
        'GET', '/allocation_candidates?' + query, version=VERSION,
        ok=(200, 400))
    if status == 400:
        # A request no provider can answer (a trait or resource class
        # placement does not know): no candidates, as Nova takes it.
        LOG.warning('Placement refused the allocation candidates query '
                    '%s: %s', query, body)
        return {'allocation_requests': [], 'provider_summaries': {}}
    return body


def _path(consumer_uuid):
    return '/allocations/%s' % consumer_uuid


def _concurrent_update(answer):
    """Whether a 409 of placement says a generation changed under the
    request (rather than that the resources are gone)."""
    return any(error.get('code') == CONCURRENT_UPDATE
               for error in (answer or {}).get('errors', ()))


def claim(consumer_uuid, allocation_request, project_id, user_id):
    """Write ``allocation_request`` for a new consumer; False when
    placement refuses it (the resources went to someone else meanwhile, or
    the consumer already holds allocations). A write that lost a provider
    generation race is sent again: placement checks the capacity afresh.
    """
    body = dict(allocation_request, project_id=project_id, user_id=user_id,
                consumer_generation=None, consumer_type=CONSUMER_TYPE)
    for _ in range(CLAIM_ATTEMPTS):
        status, answer = client.get_client().call(
            'PUT', _path(consumer_uuid), body, version=VERSION,
            ok=(204, 409))
        if status == 204:
            return True
        if not _concurrent_update(answer):
            return False
        LOG.debug('Claim of %s lost a placement generation race; '
                  'sending it again.', consumer_uuid)
    return False


def get_allocations(consumer_uuid):
    """{provider uuid: {'resources': {rc: amount}, 'generation': n}}, empty
    when the consumer holds nothing."""
    body = client.get_client().get(_path(consumer_uuid), version=VERSION)
    return body['allocations']


def delete_allocations(consumer_uuid):
    """Free everything the consumer holds; False if it held nothing."""
    status, _ = client.get_client().call(
        'DELETE', _path(consumer_uuid), version=VERSION, ok=(204, 404))
    return status == 204


def _consumer(consumer_uuid):
    return client.get_client().get(_path(consumer_uuid), version=VERSION)


def move_allocations(source_uuid, target_uuid, target_type):
    """Hand everything consumer ``source_uuid`` holds to ``target_uuid``
    (whose own allocations, if any, are replaced), in one placement
    transaction. ``target_type`` is 'INSTANCE' or 'MIGRATION'.

    A move starts with (instance -> migration): the migration holds the
    source host while the instance claims the destination; a revert or a
    failure ends with (migration -> instance). Returns False when the
    source holds nothing; retries when a concurrent writer changed either
    consumer meanwhile (placement's consumer generations).
    """
    for _ in range(CLAIM_ATTEMPTS):
        source = _consumer(source_uuid)
        if not source['allocations']:
            return False
        target = _consumer(target_uuid)
        body = {
            source_uuid: {
                'allocations': {},
                'consumer_generation': source['consumer_generation'],
                'project_id': source['project_id'],
                'user_id': source['user_id'],
                'consumer_type': source.get('consumer_type') or
                CONSUMER_TYPE},
            target_uuid: {
                'allocations': {
                    provider: {'resources': held['resources']}
                    for provider, held in source['allocations'].items()},
                'consumer_generation': target.get('consumer_generation'),
                'project_id': source['project_id'],
                'user_id': source['user_id'],
                'consumer_type': target_type},
        }
        status, _ = client.get_client().call(
            'POST', '/allocations', body, version=VERSION, ok=(204, 409))
        if status == 204:
            return True
    raise AllocationUpdateFailed(consumer_uuid=source_uuid)


class AllocationUpdateFailed(Exception):
    """Placement kept refusing a change of a consumer's allocations."""

    def __init__(self, consumer_uuid):
        super().__init__('Failed to update allocations for consumer %s'
                         % consumer_uuid)
