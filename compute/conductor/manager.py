"""Server side of the conductor's RPC API (see conductor.rpcapi)."""

import oslo_messaging as messaging

from compute.conductor import rpcapi
from compute.db import compute_nodes
from compute.db import services


class ConductorManager:
    target = messaging.Target(version=rpcapi.VERSION)

    def __init__(self):
        self.service = None

    def init_host(self):
        pass

    def periodic_tasks(self):
        return []

    def service_register(self, context, host, binary, topic):
        return services.register(host, binary, topic)

    def service_heartbeat(self, context, service_id):
        return services.heartbeat(service_id)

    def compute_node_update(self, context, node, service_id):
        return compute_nodes.upsert(node, service_id)
