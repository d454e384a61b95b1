"""Client side of the conductor's RPC API.

History:
* 1.0 - service_register, service_heartbeat, compute_node_update
"""

from compute import rpc

TOPIC = 'conductor'
VERSION = '1.0'


class ConductorAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def service_register(self, ctxt, host, binary, topic):
        return self.client.prepare().call(
            ctxt, 'service_register', host=host, binary=binary, topic=topic)

    def service_heartbeat(self, ctxt, service_id):
        return self.client.prepare().call(
            ctxt, 'service_heartbeat', service_id=service_id)

    def compute_node_update(self, ctxt, node, service_id):
        return self.client.prepare().call(
            ctxt, 'compute_node_update', node=node, service_id=service_id)
