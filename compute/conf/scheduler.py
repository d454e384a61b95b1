"""Options of the [scheduler] group: attempts, the placement query size,
and the request filters (placement pre-filters) an operator turns on."""

from oslo_config import cfg

GROUP = 'scheduler'

opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts tried for one build, the first included.'),
    cfg.IntOpt('max_placement_results', default=1000, min=1,
               help='Allocation candidates asked of placement.'),
]

_request_filter_opts = [
    cfg.BoolOpt('limit_tenants_to_placement_aggregate', default=False,
                help='A project named in the filter_tenant_id* metadata '
                     'of host aggregates is placed only on their hosts.'),
    cfg.BoolOpt('placement_aggregate_required_for_tenants', default=False,
                help='With limit_tenants_to_placement_aggregate: a project '
                     'no aggregate names gets no host at all.'),
    cfg.BoolOpt('query_placement_for_image_type_support', default=False,
                help='Only hosts reporting the COMPUTE_IMAGE_TYPE_* trait '
                     'of the image disk format run an image-backed '
                     'server.'),
    cfg.BoolOpt('enable_isolated_aggregate_filtering', default=False,
                help='Hosts of aggregates with trait:<NAME>=required '
                     'metadata only take requests requiring every such '
                     'trait (from flavor extra specs or image '
                     'properties).'),
    cfg.BoolOpt('image_metadata_prefilter', default=False,
                help='Image properties (hw_architecture, '
                     'hw_emulation_architecture, hw_disk_bus, '
                     'hw_cdrom_bus, hw_video_model, hw_vif_model, '
                     'hw_viommu_model) become required placement traits.'),
]


def register_opts(conf):
    conf.register_opts(opts + _request_filter_opts, group=GROUP)


def list_opts():
    return [(GROUP, opts + _request_filter_opts)]
