"""IsolatedHostsFilter: images in ``[filter_scheduler] isolated_images``
only run on ``isolated_hosts``; with
``restrict_isolated_hosts_to_isolated_images`` those hosts run nothing
else (not even volume-backed servers)."""

from compute import conf as compute_conf
from compute.scheduler.filters import base

CONF = compute_conf.CONF


class IsolatedHostsFilter(base.BaseHostFilter):
    run_filter_once_per_request = True
    RUN_ON_REBUILD = True

    def host_passes(self, host_state, spec):
        opts = CONF.filter_scheduler
        restrict = opts.restrict_isolated_hosts_to_isolated_images
        host_isolated = host_state.host in opts.isolated_hosts
        if not opts.isolated_images:
            return not (restrict and host_isolated)
        image_isolated = (spec.image or {}).get('id') in opts.isolated_images
        if restrict:
            return image_isolated == host_isolated
        return host_isolated or not image_isolated
