"""Client side of the compute agent's RPC API (one server per host).

History:
* 1.0 - get_host_uptime
* 1.1 - build_and_run_instance, terminate_instance, soft_delete_instance,
        restore_instance, get_console_output, get_diagnostics
"""

from compute import rpc

TOPIC = 'compute'
VERSION = '1.1'


class AgentAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def _host(self, host):
        return self.client.prepare(server=host)

    def get_host_uptime(self, ctxt, host):
        return self._host(host).call(ctxt, 'get_host_uptime')

    def build_and_run_instance(self, ctxt, host, build, instance_uuid,
                               selection):
        self._host(host).cast(ctxt, 'build_and_run_instance', build=build,
                              instance_uuid=instance_uuid,
                              selection=selection)

    def terminate_instance(self, ctxt, host, instance_uuid):
        self._host(host).cast(ctxt, 'terminate_instance',
                              instance_uuid=instance_uuid)

    def soft_delete_instance(self, ctxt, host, instance_uuid):
        self._host(host).cast(ctxt, 'soft_delete_instance',
                              instance_uuid=instance_uuid)

    def restore_instance(self, ctxt, host, instance_uuid):
        self._host(host).cast(ctxt, 'restore_instance',
                              instance_uuid=instance_uuid)

    def get_console_output(self, ctxt, host, instance_uuid, tail_length):
        return self._host(host).call(ctxt, 'get_console_output',
                                     instance_uuid=instance_uuid,
                                     tail_length=tail_length)

    def get_diagnostics(self, ctxt, host, instance_uuid):
        return self._host(host).call(ctxt, 'get_diagnostics',
                                     instance_uuid=instance_uuid)
