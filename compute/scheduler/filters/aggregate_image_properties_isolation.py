"""AggregateImagePropertiesIsolation: an image property named like a
metadata key of the host's aggregates must have one of that key's values
(only keys in ``[filter_scheduler]
aggregate_image_properties_isolation_namespace`` when it is set)."""

from compute import conf as compute_conf
from compute.scheduler.filters import base
from compute.scheduler import utils

CONF = compute_conf.CONF


class AggregateImagePropertiesIsolation(base.BaseHostFilter):
    run_filter_once_per_request = True
    RUN_ON_REBUILD = True

    def host_passes(self, host_state, spec):
        opts = CONF.filter_scheduler
        namespace = opts.aggregate_image_properties_isolation_namespace
        prefix = namespace + opts.aggregate_image_properties_isolation_separator \
            if namespace else ''
        props = utils.image_properties(spec)
        for key, allowed in base.aggregate_metadata(host_state).items():
            if not key.startswith(prefix):
                continue
            value = props.get(key)
            if value and str(value) not in allowed:
                return False
        return True
