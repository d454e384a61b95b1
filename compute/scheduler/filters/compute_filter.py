"""ComputeFilter: the host's compute service is enabled and up."""

import logging

from compute import conf as compute_conf
from compute.scheduler.filters import base

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


class ComputeFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        service = host_state.service
        if service.disabled:
            LOG.debug('%s is disabled: %s', host_state,
                      service.disabled_reason)
            return False
        if not service.is_up(CONF.service_down_time):
            LOG.warning('%s has not been heard from in a while', host_state)
            return False
        return True
