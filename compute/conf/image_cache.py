"""Options of the [image_cache] group: pre-caching images on the hosts of
an aggregate (POST /os-aggregates/{aggregate_id}/images)."""

from oslo_config import cfg

GROUP = 'image_cache'

opts = [
    cfg.IntOpt('precache_concurrency', default=1, min=1,
               help='How many compute hosts the conductor asks at the same '
                    'time to pre-cache the images of one request. Each '
                    'host fetches the images one after the other; more '
                    'hosts at once finish sooner but load the image '
                    'service and the network more.'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
