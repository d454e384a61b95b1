"""Options of the [image] group: which image service compute uses, and the
settings of the built-in (local) one served under /image."""

from oslo_config import cfg

GROUP = 'image'

opts = [
    cfg.StrOpt('backend', default='local',
               choices=[('local', 'the built-in image store under '
                                  '$state_path, served as Image API v2 '
                                  'under /image on the API port')],
               help='Image service back end. A Glance adapter will add '
                    '"glance" here.'),
    cfg.StrOpt('connection', secret=True,
               help='Database URL of the local image store. Empty means '
                    'SQLite at $state_path/images.sqlite. Its tables are '
                    'created on first use; they are not migrated by '
                    'alembic.'),
    cfg.StrOpt('images_path', default='$state_path/images',
               help='Directory holding the data of the local images, one '
                    'file per image named by its id.'),
    cfg.IntOpt('limit_param_default', default=25, min=1,
               help='Images per page of GET /image/v2/images when the '
                    'request gives no limit.'),
    cfg.IntOpt('api_limit_max', default=1000, min=1,
               help='Largest page of GET /image/v2/images.'),
    cfg.IntOpt('image_size_cap', default=1024 ** 4, min=1,
               help='Largest image upload accepted, in bytes (413 above).'),
]


def register_opts(conf):
    conf.register_opts(opts, group=GROUP)


def list_opts():
    return [(GROUP, opts)]
