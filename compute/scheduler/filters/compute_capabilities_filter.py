"""ComputeCapabilitiesFilter: flavor extra specs (unscoped or scoped
``capabilities:``) must match the host's attributes or stats; nested
values are reached with more ``:``-separated keys (``capabilities:cpu_info:
arch``). Also ``hw:maxphysaddr_bits`` in emulate mode needs a host CPU
with at least that many physical address bits."""

import json
import logging

from compute.scheduler.filters import base
from compute.scheduler.filters import extra_specs_ops

LOG = logging.getLogger(__name__)

_SCOPE = 'capabilities'


def _step(current, key):
    if isinstance(current, str):
        try:
            current = json.loads(current)
        except ValueError:
            return None
    if isinstance(current, dict):
        return current.get(key)
    value = getattr(current, key, None)
    if value is None or callable(value):
        return getattr(current, 'stats', {}).get(key)
    return value


def _capability(host_state, path):
    current = host_state
    for key in path:
        current = _step(current, key)
        if current is None:
            return None
    return current


def _has_capability(host_state, key):
    value = getattr(host_state, key, None)
    return (value is not None and not callable(value)) \
        or key in host_state.stats


def _path_of(host_state, key):
    """The attribute path a spec key checks, or None when the spec is not
    this filter's business."""
    parts = key.split(':')
    if len(parts) == 1:
        return parts if _has_capability(host_state, key) else None
    return parts[1:] if parts[0] == _SCOPE else None


def _maxphysaddr_ok(host_state, extra_specs):
    if extra_specs.get('hw:maxphysaddr_mode') != 'emulate':
        return True
    bits = extra_specs.get('hw:maxphysaddr_bits')
    if bits is None:
        return True
    host_bits = (host_state.cpu_info.get('maxphysaddr') or {}).get('bits')
    return host_bits is not None and int(host_bits) >= int(bits)


class ComputeCapabilitiesFilter(base.BaseHostFilter):
    run_filter_once_per_request = True

    def host_passes(self, host_state, spec):
        extra_specs = spec.flavor.get('extra_specs') or {}
        for key, requirement in extra_specs.items():
            path = _path_of(host_state, key)
            if path is None:
                continue
            value = _capability(host_state, path)
            if value is None or not extra_specs_ops.match(str(value),
                                                          requirement):
                LOG.debug('%s fails extra spec %s=%s', host_state, key,
                          requirement)
                return False
        return _maxphysaddr_ok(host_state, extra_specs)
