"""SimpleCIDRAffinityFilter: with the ``build_near_host_ip`` hint, the
host's IP must be in that address's network (``cidr`` hint, default
``/24``)."""

import ipaddress

from compute.scheduler.filters import base


class SimpleCIDRAffinityFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        near = base.hint_value(spec, 'build_near_host_ip')
        if not near:
            return True
        cidr = base.hint_value(spec, 'cidr', '/24')
        try:
            network = ipaddress.ip_network(near + cidr, strict=False)
            return ipaddress.ip_address(host_state.host_ip) in network
        except (TypeError, ValueError):
            return False
