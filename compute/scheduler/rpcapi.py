"""Client side of the scheduler's RPC API.

History:
* 1.0 - the service and its heartbeat
* 1.1 - select_destinations
"""

import oslo_messaging as messaging

from compute import rpc
from compute.scheduler import errors

TOPIC = 'scheduler'
VERSION = '1.1'


class SchedulerAPI:
    def __init__(self):
        self.client = rpc.get_client(TOPIC, VERSION)

    def select_destinations(self, ctxt, spec, instance_uuids,
                            return_alternates=True):
        """For each instance, in order: [claimed Selection, alternates...].

        Raises NoValidHost when the instances do not all fit.
        """
        try:
            return self.client.prepare(version='1.1').call(
                ctxt, 'select_destinations', spec=spec,
                instance_uuids=list(instance_uuids),
                return_alternates=return_alternates)
        except messaging.RemoteError as err:
            # A transport between processes only rebuilds exceptions of
            # allowed modules; every other one arrives as a RemoteError.
            if err.exc_type == errors.NoValidHost.__name__:
                raise errors.NoValidHost.from_message(err.value) from None
            raise
