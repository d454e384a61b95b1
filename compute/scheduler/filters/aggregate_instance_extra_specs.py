"""AggregateInstanceExtraSpecsFilter: flavor extra specs, unscoped or
scoped ``aggregate_instance_extra_specs:``, must match a metadata value of
the host's aggregates (extra spec operators apply)."""

from compute.scheduler.filters import base
from compute.scheduler.filters import extra_specs_ops

_SCOPE = 'aggregate_instance_extra_specs'


def _key(spec_key):
    """The metadata key an extra spec checks; None when the spec is in
    another scope."""
    scope, sep, rest = spec_key.partition(':')
    if not sep:
        return spec_key
    return rest if scope == _SCOPE else None


class AggregateInstanceExtraSpecsFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        extra_specs = spec.flavor.get('extra_specs') or {}
        if not extra_specs:
            return True
        metadata = base.aggregate_metadata(host_state)
        for spec_key, requirement in extra_specs.items():
            key = _key(spec_key)
            if key is None:
                continue
            if not any(extra_specs_ops.match(value, requirement)
                       for value in metadata.get(key, ())):
                return False
        return True
