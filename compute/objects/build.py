"""One create request on its way through conductor, scheduler and agents."""

import dataclasses

from compute.objects import base
from compute.objects import request_spec


@base.register
@dataclasses.dataclass
class Build(base.ComputeObject):
    request_spec: request_spec.RequestSpec
    instance_uuids: list
    # The image the servers boot from ({} for volume-backed servers).
    image: dict
    # 'auto', 'none', or [{network_id, port_id, fixed_ip, tag}, ...]
    requested_networks: object
    admin_password: str | None = None
    block_device_mapping: list = dataclasses.field(default_factory=list)
    security_groups: list = dataclasses.field(default_factory=list)
    # Per instance uuid: the hosts still to try.
    alternates: dict = dataclasses.field(default_factory=dict)
