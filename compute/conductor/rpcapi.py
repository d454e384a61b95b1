"""Client side of the conductor's RPC API.

History:
* 1.0 - service_register, service_heartbeat, compute_node_update
* 1.1 - build_instances, reschedule_instance, instance_update,
        instance_fault, instance_destroy, action_event,
        instances_on_host
"""

from compute import rpc

TOPIC = 'conductor'
VERSION = '1.1'


class ConductorAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def _call(self, ctxt, method, **kwargs):
        return self.client.prepare().call(ctxt, method, **kwargs)

    def service_register(self, ctxt, host, binary, topic):
        return self._call(ctxt, 'service_register', host=host,
                          binary=binary, topic=topic)

    def service_heartbeat(self, ctxt, service_id):
        return self._call(ctxt, 'service_heartbeat', service_id=service_id)

    def compute_node_update(self, ctxt, node, service_id):
        return self._call(ctxt, 'compute_node_update', node=node,
                          service_id=service_id)

    # Building servers.

    def build_instances(self, ctxt, build):
        """Schedule and build the servers of one create request."""
        self.client.prepare(version='1.1').cast(ctxt, 'build_instances',
                                                build=build)

    def reschedule_instance(self, ctxt, build, instance_uuid, failed_host,
                            reason):
        """A build failed on ``failed_host``: try an alternate."""
        self.client.prepare(version='1.1').cast(
            ctxt, 'reschedule_instance', build=build,
            instance_uuid=instance_uuid, failed_host=failed_host,
            reason=reason)

    # The agents' database access.

    def instance_update(self, ctxt, instance_uuid, values,
                        expected_task_state=None, check_task_state=False):
        return self._call(ctxt, 'instance_update',
                          instance_uuid=instance_uuid, values=values,
                          expected_task_state=expected_task_state,
                          check_task_state=check_task_state)

    def instance_fault(self, ctxt, instance_uuid, code, message, details,
                       host):
        return self._call(ctxt, 'instance_fault',
                          instance_uuid=instance_uuid, code=code,
                          message=message, details=details, host=host)

    def instance_destroy(self, ctxt, instance_uuid):
        """Release what a deleted server held and mark it deleted."""
        return self._call(ctxt, 'instance_destroy',
                          instance_uuid=instance_uuid)

    def action_event(self, ctxt, instance_uuid, event, phase, host=None,
                     result=None, details=None):
        return self._call(ctxt, 'action_event', instance_uuid=instance_uuid,
                          event=event, phase=phase, host=host, result=result,
                          details=details)

    def instances_on_host(self, ctxt, host):
        return self._call(ctxt, 'instances_on_host', host=host)
