"""What a request asks of placement: resources and traits from the flavor
(and the image), plus the constraints the request filters add; and small
helpers of filters and weighers (the image's properties, ``name=ratio``
option settings)."""

import dataclasses
import logging
import math

from compute import conf as compute_conf

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)

_RESOURCES_PREFIX = 'resources:'
_TRAIT_PREFIX = 'trait:'
REQUIRED = 'required'
FORBIDDEN = 'forbidden'


@dataclasses.dataclass
class ResourceRequest:
    """One unnumbered request group for GET /allocation_candidates."""

    resources: dict
    required_traits: set = dataclasses.field(default_factory=set)
    forbidden_traits: set = dataclasses.field(default_factory=set)
    # placement member_of values, all to be satisfied: 'in:a,b' / '!in:a,b'
    member_of: list = dataclasses.field(default_factory=list)
    in_tree: str | None = None
    limit: int | None = None

    def traits(self):
        """The ``required`` query list: forbidden traits prefixed with !."""
        return sorted(self.required_traits) + sorted(
            '!' + trait for trait in self.forbidden_traits)


def disk_gb(flavor, is_bfv):
    """Local disk of a flavor: root (none when the root disk is a volume),
    ephemeral, and swap rounded up to whole GiB."""
    root = 0 if is_bfv else flavor.get('root_gb') or 0
    swap = math.ceil((flavor.get('swap') or 0) / 1024)
    return root + (flavor.get('ephemeral_gb') or 0) + swap


def _apply_traits(request, items, accepted):
    for key, value in items:
        if key.startswith(_TRAIT_PREFIX) and value in accepted:
            trait = key[len(_TRAIT_PREFIX):]
            target = request.required_traits if value == REQUIRED \
                else request.forbidden_traits
            target.add(trait)


def resources_from_spec(spec):
    """The resource request of a spec: the flavor's VCPU, MEMORY_MB and
    DISK_GB, replaced or completed by its ``resources:<CLASS>`` extra specs
    (0 drops a class); traits from ``trait:<NAME>`` extra specs (required
    or forbidden) and image properties (required)."""
    flavor = spec.flavor
    resources = {'VCPU': flavor['vcpus'], 'MEMORY_MB': flavor['memory_mb'],
                 'DISK_GB': disk_gb(flavor, spec.is_bfv)}
    extra_specs = flavor.get('extra_specs') or {}
    for key, value in extra_specs.items():
        if key.startswith(_RESOURCES_PREFIX):
            resources[key[len(_RESOURCES_PREFIX):]] = int(value)
    request = ResourceRequest(
        resources={rc: amount for rc, amount in resources.items() if amount})
    _apply_traits(request, extra_specs.items(), (REQUIRED, FORBIDDEN))
    _apply_traits(request, image_properties(spec).items(), (REQUIRED,))
    return request


def image_properties(spec):
    """The properties of the spec's image ({} for a volume-backed one)."""
    return (spec.image or {}).get('properties') or {}


def ratios(entries, option):
    """[(name, ratio)] of ``name=ratio`` option entries; malformed ones
    are left out with a warning."""
    found = []
    for entry in entries:
        name, sep, ratio = entry.partition('=')
        try:
            if not (sep and name.strip()):
                raise ValueError(entry)
            found.append((name.strip(), float(ratio)))
        except ValueError:
            LOG.warning('Ignoring %r in %s: not name=ratio.', entry, option)
    return found


def metric_ratios():
    """[(metric name, ratio)] of ``[metrics] weight_setting``."""
    return ratios(CONF.metrics.weight_setting, 'metrics.weight_setting')
