"""What the scheduler needs to place servers, and what it answers.

``RequestSpec`` is built by the API from a create request (and later by
move operations), stored in the API database's ``request_specs`` table as
JSON, and sent to the scheduler. ``Selection`` is one chosen host with the
placement allocation the scheduler claimed (or would claim) for it.
"""

import dataclasses

from compute.objects import base


@base.register
@dataclasses.dataclass
class RequestSpec(base.ComputeObject):
    instance_uuid: str
    project_id: str
    user_id: str
    # The flavor as stored with the instance: flavorid, name, memory_mb,
    # vcpus, root_gb, ephemeral_gb, swap, extra_specs, ...
    flavor: dict
    # The image: id, name, min_ram, min_disk, size, properties (dict);
    # {} for a volume-backed server.
    image: dict = dataclasses.field(default_factory=dict)
    num_instances: int = 1
    availability_zone: str | None = None
    scheduler_hints: dict = dataclasses.field(default_factory=dict)
    # Admin's create-time host / node (2.74), or a move's target.
    requested_host: str | None = None
    requested_node: str | None = None
    # Forced host/node ("az:host:node" before 2.74): skips the filters.
    force_hosts: list = dataclasses.field(default_factory=list)
    force_nodes: list = dataclasses.field(default_factory=list)
    ignore_hosts: list = dataclasses.field(default_factory=list)
    # Server group: {'uuid', 'policy', 'rules', 'hosts', 'members'} or None.
    instance_group: dict | None = None
    is_bfv: bool = False
    pinned_availability_zone: str | None = None


@base.register
@dataclasses.dataclass
class Selection(base.ComputeObject):
    service_host: str
    nodename: str
    compute_node_uuid: str
    # The placement allocation request body for this host ({} if none).
    allocation_request: dict = dataclasses.field(default_factory=dict)
    allocation_request_version: str = '1.36'
    # True once the scheduler claimed it in placement (the first host of
    # each instance); alternates are claimed by the conductor on retry.
    claimed: bool = False
