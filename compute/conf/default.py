"""Options of the [DEFAULT] group: paths, host identity, listening, liveness."""

import socket

from oslo_config import cfg

opts = [
    cfg.StrOpt('state_path', default='/var/lib/compute',
               help='Directory holding the embedded databases, images and '
                    'the generated clouds.yaml.'),
    cfg.StrOpt('host', default=socket.gethostname(), sample_default='<hostname>',
               help='Name of this host as services and agents report it.'),
    cfg.HostAddressOpt('osapi_compute_listen', default='127.0.0.1',
                       help='Address the compute API listens on.'),
    cfg.PortOpt('osapi_compute_listen_port', default=8774,
                help='Port the compute API listens on.'),
    cfg.IntOpt('osapi_compute_workers', default=8, min=1,
               help='Threads serving API requests in compute-all / '
                    'compute-api (a WSGI server under uwsgi ignores this).'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between service heartbeats.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='A service whose last heartbeat is older than this many '
                    'seconds is reported down.'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Availability zone of compute hosts not in an aggregate '
                    'with an availability zone.'),
    cfg.StrOpt('default_schedule_zone',
               help='Availability zone of new servers that do not ask for '
                    'one; unset, such servers may land in any zone.'),
    cfg.StrOpt('internal_service_availability_zone', default='internal',
               help='Availability zone shown for non-compute services.'),
    cfg.StrOpt('instance_name_template', default='instance-%08x',
               help='Template of instance names, from the instance '
                    'database id.'),
    cfg.IntOpt('sync_power_state_interval', default=600,
               help='Seconds between power state syncs with the '
                    'hypervisor; 0 or less disables them.'),
    cfg.IntOpt('reclaim_instance_interval', default=0,
               help='When positive, deleting a server only soft-deletes '
                    'it; it is deleted for good after this many seconds '
                    'unless restored.'),
    cfg.StrOpt('multi_instance_display_name_template',
               default='%(name)s-%(count)d',
               help='Display name of each server of a multi-create; '
                    '%(name)s, %(count)d and %(uuid)s are replaced.'),
    cfg.BoolOpt('enable_instance_password', default=True,
                help='Return the admin password of new servers.'),
    cfg.StrOpt('compute_driver', default='fake',
               help='Hypervisor driver of compute agents: fake or libvirt.'),
    cfg.IntOpt('update_resources_interval', default=60, min=1,
               help='Seconds between an agent\'s resource reports.'),
    cfg.FloatOpt('initial_cpu_allocation_ratio', default=4.0, min=0.0,
                 help='VCPU allocation ratio of a new compute node.'),
    cfg.FloatOpt('initial_ram_allocation_ratio', default=1.0, min=0.0,
                 help='MEMORY_MB allocation ratio of a new compute node.'),
    cfg.FloatOpt('initial_disk_allocation_ratio', default=1.0, min=0.0,
                 help='DISK_GB allocation ratio of a new compute node.'),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help='vCPUs kept for the host.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='Memory kept for the host, in MiB.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help='Disk kept for the host, in MiB.'),
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help='Allow the scheduler to pick the host a server is on '
                     'for its resize (cold migrations always leave it).'),
    cfg.IntOpt('resize_confirm_window', default=0, min=0,
               help='Seconds after which a resized server waiting for '
                    'its confirmation is confirmed automatically; 0 '
                    'never.'),
    cfg.IntOpt('max_concurrent_live_migrations', default=1, min=0,
               help='Live migrations an agent runs at once as their '
                    'source; more wait queued. 0 means no limit.'),
    cfg.IntOpt('shelved_offload_time', default=0, min=-1,
               help='Seconds a shelved server keeps its guest and '
                    'resources on its host before it is offloaded; 0 '
                    'offloads at once, -1 never.'),
    cfg.IntOpt('shelved_poll_interval', default=3600,
               help='Seconds between the checks for shelved servers to '
                    'offload; -1 disables them.'),
    cfg.ListOpt('non_inheritable_image_properties',
                default=['cache_in_nova', 'bittorrent'],
                help='Image properties a snapshot does not inherit from '
                     'the image its server was built from.'),
]


def _messaging_opts():
    """oslo.messaging's own [DEFAULT] options (transport_url,
    rpc_response_timeout, ...): registered here so that the default
    transport is the in-process one."""
    from oslo_messaging import opts as msg_opts
    for group, group_opts in msg_opts.list_opts():
        if group is None:
            return list(group_opts)
    return []


def register_opts(conf):
    conf.register_opts(opts)
    conf.register_opts(_messaging_opts())
    # compute-all's default: the in-process transport (compute.rpc.inproc).
    conf.set_default('transport_url', 'inproc:/')


def list_opts():
    return [(None, opts + _messaging_opts())]
