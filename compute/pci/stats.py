"""PCI device pools: a host's free devices grouped by vendor, product,
type and NUMA node, with counts (the compute node's ``pci_stats`` JSON),
and whether they satisfy PCI requests."""

import json

from compute.pci import request as pci_request

POOL_KEYS = ('vendor_id', 'product_id', 'dev_type', 'numa_node')


def pools_from_devices(devices):
    """Pools of ``devices`` (dicts with POOL_KEYS and ``instance_uuid``,
    None when free): one per key combination, counting the free ones."""
    pools = {}
    for device in devices:
        key = tuple(device.get(name) for name in POOL_KEYS)
        pool = pools.setdefault(key, dict(zip(POOL_KEYS, key), count=0))
        if device.get('instance_uuid') is None:
            pool['count'] += 1
    return [pools[key] for key in sorted(pools, key=str)]


def pools_to_json(pools):
    return json.dumps(pools)


def pools_from_json(text):
    return json.loads(text) if text else []


def free_devices(pools):
    return sum(pool['count'] for pool in pools)


def consume(pools, requests):
    """Take the requested devices from the pools (in place); False, with
    the pools partly taken, when they do not suffice."""
    for req in requests:
        needed = req.count
        for pool in pools:
            if needed and pci_request.matches(pool, req.specs):
                taken = min(pool['count'], needed)
                pool['count'] -= taken
                needed -= taken
        if needed:
            return False
    return True


def supports(pools, requests):
    """Whether the pools hold the requested devices."""
    return consume([dict(pool) for pool in pools], requests)
