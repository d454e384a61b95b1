"""Running a service: its record, RPC server, heartbeat and periodic tasks.

A ``Service`` wraps one manager (conductor, scheduler or agent). On start it
registers its record, starts an oslo.messaging server on its topic with the
threading executor, and a thread that sends heartbeats and runs the
manager's periodic tasks. Agents report through the conductor (they have no
database access in a scaled-out deployment); the others write directly.
"""

import logging
import threading
import time

from compute import conf as compute_conf
from compute import rpc

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


class DirectReporter:
    """Service record kept straight in the database."""

    def register(self, host, binary, topic):
        from compute.db import services
        return services.register(host, binary, topic)

    def heartbeat(self, service_id):
        from compute.db import services
        return services.heartbeat(service_id)


class ConductorReporter:
    """Service record kept through the conductor over RPC."""

    def __init__(self):
        from compute.conductor import rpcapi
        self.conductor = rpcapi.ConductorAPI()

    def register(self, host, binary, topic):
        from compute import context
        return self.conductor.service_register(
            context.get_admin_context(), host, binary, topic)

    def heartbeat(self, service_id):
        from compute import context
        return self.conductor.service_heartbeat(
            context.get_admin_context(), service_id)


class Service:
    def __init__(self, host, binary, topic, manager, reporter):
        self.host = host
        self.binary = binary
        self.topic = topic
        self.manager = manager
        self.reporter = reporter
        self.record = None
        self._server = None
        self._stop = threading.Event()
        self._thread = None

    def start(self):
        self.record = self.reporter.register(self.host, self.binary,
                                             self.topic)
        self.manager.service = self.record
        self._server = rpc.get_server(self.topic, self.host, [self.manager])
        self._server.start()
        self.manager.init_host()
        self._thread = threading.Thread(
            target=self._loop, name='%s-%s' % (self.binary, self.host),
            daemon=True)
        self._thread.start()
        LOG.info('%s started on %s', self.binary, self.host)

    def _loop(self):
        tasks = [(CONF.report_interval, self._heartbeat)]
        tasks.extend(self.manager.periodic_tasks())
        next_run = [time.monotonic() + interval for interval, _ in tasks]
        while not self._stop.is_set():
            now = time.monotonic()
            for i, (interval, task) in enumerate(tasks):
                if now >= next_run[i]:
                    next_run[i] = now + interval
                    try:
                        task()
                    except Exception:  # noqa: BLE001 - keep the loop alive
                        LOG.exception('Periodic task %s failed', task)
            self._stop.wait(max(0.05, min(next_run) - time.monotonic()))

    def _heartbeat(self):
        if not self.reporter.heartbeat(self.record.id):
            # An operator deleted the record while we run; as in Nova, the
            # service registers again only when it is restarted.
            LOG.warning('Service record of %s on %s is gone; restart the '
                        'service to register it again.', self.binary,
                        self.host)

    def stop(self):
        self._stop.set()
        if self._server is not None:
            self._server.stop()
            self._server.wait()
        if self._thread is not None:
            self._thread.join(timeout=5)
        LOG.info('%s stopped on %s', self.binary, self.host)
