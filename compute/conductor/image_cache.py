"""The conductor's part of image pre-caching: every compute host of an
aggregate fetches the requested images into its image cache.

The conductor asks up to ``[image_cache] precache_concurrency`` agents at a
time and waits for each one's outcomes (see compute.agent.image_cache);
hosts whose service is down are skipped. It logs, as Nova does, the request,
each skipped host, the totals per outcome with the time taken, and a
warning for every image that failed somewhere.
"""

import collections
from concurrent import futures
import logging

from oslo_utils import timeutils

from compute.agent import image_cache as outcomes
from compute import conf as compute_conf
from compute.db import aggregates
from compute.db import services

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

# The binary of the agents' services (compute.services_builder, which
# imports this package, names it too).
_AGENT_BINARY = 'nova-compute'
_COUNTED = (outcomes.CACHED, outcomes.EXISTING, outcomes.ERROR,
            outcomes.UNSUPPORTED)


def _down_hosts(hosts):
    """The hosts among ``hosts`` whose compute service is not up."""
    up = {svc.host for svc in services.list_services(binary=_AGENT_BINARY)
          if svc.is_up(CONF.service_down_time)}
    return [host for host in hosts if host not in up]


class _Tally:
    """Outcomes per image over the hosts, and the hosts skipped."""

    def __init__(self):
        self.by_image = collections.defaultdict(collections.Counter)
        self.skipped = 0

    def add(self, results):
        for image_id, outcome in results.items():
            self.by_image[image_id][outcome] += 1

    def totals(self):
        return {outcome: sum(counts[outcome]
                             for counts in self.by_image.values())
                for outcome in _COUNTED}


class ImageCacheTasks:
    """Image pre-caching RPC method of the conductor."""

    def cache_images(self, context, aggregate_id, image_ids):
        """Have every compute host of the aggregate cache the images."""
        try:
            hosts = aggregates.get(aggregate_id).hosts
        except aggregates.AggregateNotFound:
            LOG.info('Aggregate %s is gone: no image to pre-cache.',
                     aggregate_id)
            return
        names = ','.join(image_ids)
        LOG.info('Preparing to request pre-caching of image(s) '
                 '%(image_ids)s on %(hosts)i hosts across %(cells)i cells.',
                 {'image_ids': names, 'hosts': len(hosts), 'cells': 1})
        clock = timeutils.StopWatch()
        clock.start()
        tally = self._ask_hosts(context, hosts, image_ids)
        clock.stop()
        LOG.info('Image pre-cache operation for image(s) %(image_ids)s '
                 'completed in %(time).2f seconds; %(cached)i cached, '
                 '%(existing)i existing, %(error)i errors, %(unsupported)i '
                 'unsupported, %(skipped)i skipped (down) hosts',
                 dict(tally.totals(), image_ids=names, time=clock.elapsed(),
                      skipped=tally.skipped))
        for image_id, counts in tally.by_image.items():
            if counts[outcomes.ERROR]:
                LOG.warning('Image pre-cache operation for image %(image)s '
                            'failed %(fails)i times',
                            {'image': image_id,
                             'fails': counts[outcomes.ERROR]})

    def _ask_hosts(self, context, hosts, image_ids):
        """Each up host's outcomes (all ``error`` when its agent cannot
        be reached), in a _Tally."""
        tally = _Tally()
        down = set(_down_hosts(hosts))
        for host in hosts:
            if host in down:
                LOG.info('Skipping image pre-cache request to compute '
                         '%(host)r because it is not up', {'host': host})
                tally.skipped += 1
                tally.add(dict.fromkeys(image_ids, outcomes.SKIPPED))
        asked = [host for host in hosts if host not in down]
        with futures.ThreadPoolExecutor(
                max_workers=CONF.image_cache.precache_concurrency,
                thread_name_prefix='image-precache') as pool:
            calls = {pool.submit(self.agents.cache_images, context, host,
                                 image_ids): host for host in asked}
            for call in futures.as_completed(calls):
                try:
                    tally.add(call.result())
                except Exception as err:
                    LOG.error('Image pre-cache request to compute %(host)r '
                              'failed: %(err)s',
                              {'host': calls[call], 'err': err})
                    tally.add(dict.fromkeys(image_ids, outcomes.ERROR))
        return tally
