"""Policy defaults in code, one module per resource, with Nova's rule names.

Each module exposes ``list_rules()``; a new resource adds its module to
``_MODULES``. ``list_rules`` feeds the enforcer and oslopolicy-sample-generator.
"""

import itertools

from compute.policies import aggregates
from compute.policies import availability_zone
from compute.policies import base
from compute.policies import console_output
from compute.policies import deferred_delete
from compute.policies import flavor_access
from compute.policies import flavor_extra_specs
from compute.policies import flavor_manage
from compute.policies import hypervisors
from compute.policies import instance_actions
from compute.policies import ips
from compute.policies import keypairs
from compute.policies import limits
from compute.policies import quota_class_sets
from compute.policies import quota_sets
from compute.policies import server_diagnostics
from compute.policies import server_metadata
from compute.policies import server_password
from compute.policies import server_tags
from compute.policies import servers
from compute.policies import services

_MODULES = (base, aggregates, availability_zone, console_output,
            deferred_delete, flavor_access, flavor_extra_specs, flavor_manage,
            hypervisors, instance_actions, ips, keypairs, limits,
            quota_class_sets, quota_sets, server_diagnostics, server_metadata,
            server_password, server_tags, servers, services)


def list_rules():
    return list(itertools.chain.from_iterable(
        module.list_rules() for module in _MODULES))
