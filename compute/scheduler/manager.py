"""Server side of the scheduler's RPC API.

History:
* 1.0 - the service and its heartbeat; host selection follows with the
  boot pipeline.
"""

import oslo_messaging as messaging

TOPIC = 'scheduler'
VERSION = '1.0'


class SchedulerManager:
    target = messaging.Target(version=VERSION)

    def __init__(self):
        self.service = None

    def init_host(self):
        pass

    def periodic_tasks(self):
        return []
