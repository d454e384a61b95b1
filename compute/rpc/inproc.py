"""oslo.messaging's in-process transport, woken on delivery.

The library's ``fake`` driver (the in-process transport) has every listener
sleep 50 ms between looks at its queues, so each RPC hop waits 25 ms on
average. This driver is the same transport with one change: a delivery
wakes the listeners at once. compute-all uses it as ``inproc:/``.
"""

import threading
import time

import oslo_messaging
from oslo_messaging._drivers import base
from oslo_messaging._drivers import impl_fake

_delivered = threading.Condition()
# Listeners also look again this often, whatever happens.
_MAX_WAIT = 1.0


class _Exchange(impl_fake.FakeExchange):
    def deliver_message(self, *args, **kwargs):
        super().deliver_message(*args, **kwargs)
        with _delivered:
            _delivered.notify_all()


class _ExchangeManager(impl_fake.FakeExchangeManager):
    _exchanges_lock = threading.Lock()
    _exchanges = {}

    def get_exchange(self, name):
        if name is None:
            name = self._default_exchange
        with self._exchanges_lock:
            return self._exchanges.setdefault(name, _Exchange(name))


class _Listener(impl_fake.FakeListener):
    @base.batch_poll_helper
    def poll(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        with _delivered:
            # Looking and waiting under the condition's lock: a delivery
            # between the look and the wait still wakes us.
            while not self._stopped.is_set():
                for target in self._targets:
                    exchange = self._exchange_manager.get_exchange(
                        target.exchange)
                    ctxt, message, reply_q, requeue = exchange.poll(
                        target, self._pool)
                    if message is not None:
                        return impl_fake.FakeIncomingMessage(
                            ctxt, message, reply_q, requeue)
                wait = _MAX_WAIT if deadline is None else \
                    deadline - time.monotonic()
                if wait <= 0:
                    break
                _delivered.wait(min(wait, _MAX_WAIT))
        return None

    def stop(self):
        super().stop()
        with _delivered:
            _delivered.notify_all()


class InProcessDriver(impl_fake.FakeDriver):
    """The fake driver with listeners woken on delivery."""

    def __init__(self, conf, url, default_exchange=None,
                 allowed_remote_exmods=None):
        super().__init__(conf, url, default_exchange, allowed_remote_exmods)
        self._exchange_manager = _ExchangeManager(default_exchange)

    def listen(self, target, batch_size, batch_timeout):
        exchange = target.exchange or self._default_exchange
        listener = _Listener(self._exchange_manager, [
            oslo_messaging.Target(topic=target.topic, server=target.server,
                                  exchange=exchange),
            oslo_messaging.Target(topic=target.topic, exchange=exchange)])
        return base.PollStyleListenerAdapter(listener, batch_size,
                                             batch_timeout)
