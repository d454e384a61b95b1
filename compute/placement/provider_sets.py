"""A set a resource provider carries in placement (its traits, its
aggregates), read with the provider's generation and changed with it.

Several writers share these sets (an agent, the services API, operators).
A change reads the set and generation, then writes the new set; a
concurrent writer makes placement answer 409 and the change is tried
again from a fresh read, so no writer loses another's change.
"""

from compute.placement import client

_ATTEMPTS = 4


class ProviderSetConflict(client.PlacementError):
    msg_fmt = ('The %(kind)s of resource provider %(uuid)s kept changing '
               'while they were being updated.')
    code = 409


def _path(rp_uuid, kind):
    return '/resource_providers/%s/%s' % (rp_uuid, kind)


def read(rp_uuid, kind, version):
    """(set, provider generation) of ``kind`` ('traits' or 'aggregates'),
    or None when the provider does not exist."""
    status, body = client.get_client().call(
        'GET', _path(rp_uuid, kind), version=version, ok=(200, 404))
    if status == 404:
        return None
    return set(body[kind]), body['resource_provider_generation']


def change(rp_uuid, kind, version, how):
    """Apply ``how`` (a function of the current set giving the new one);
    False when the provider does not exist."""
    for _ in range(_ATTEMPTS):
        current = read(rp_uuid, kind, version)
        if current is None:
            return False
        members, generation = current
        wanted = how(members)
        if wanted == members:
            return True
        status, _ = client.get_client().call(
            'PUT', _path(rp_uuid, kind),
            {kind: sorted(wanted),
             'resource_provider_generation': generation},
            version=version, ok=(200, 404, 409))
        if status == 200:
            return True
        if status == 404:
            return False
    raise ProviderSetConflict(kind=kind, uuid=rp_uuid)
