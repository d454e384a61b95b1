"""Policy defaults in code, one module per resource, with Nova's rule names.

Each module exposes ``list_rules()``; a new resource adds its module to
``_MODULES``. ``list_rules`` feeds the enforcer and oslopolicy-sample-generator.
"""

import itertools

from compute.policies import aggregates
from compute.policies import availability_zone
from compute.policies import base
from compute.policies import flavor_access
from compute.policies import flavor_extra_specs
from compute.policies import flavor_manage
from compute.policies import hypervisors
from compute.policies import keypairs
from compute.policies import limits
from compute.policies import quota_class_sets
from compute.policies import quota_sets
from compute.policies import services

_MODULES = (base, aggregates, availability_zone, flavor_access,
            flavor_extra_specs, flavor_manage, hypervisors, keypairs, limits,
            quota_class_sets, quota_sets, services)


def list_rules():
    return list(itertools.chain.from_iterable(
        module.list_rules() for module in _MODULES))
