"""Client side of the compute agent's RPC API (one server per host).

History:
* 1.0 - get_host_uptime
"""

from compute import rpc

TOPIC = 'compute'
VERSION = '1.0'


class AgentAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def get_host_uptime(self, ctxt, host):
        return self.client.prepare(server=host).call(ctxt, 'get_host_uptime')
