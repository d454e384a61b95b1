"""The RPC bus: oslo.messaging transport, clients, servers and serializer.

Everything that crosses RPC is a primitive: contexts go as dicts, domain
objects (compute.objects) as tagged dicts. Servers use oslo.messaging's
threading executor (its only non-deprecated one); no eventlet anywhere.
"""

import threading

import oslo_messaging as messaging

from compute import conf as compute_conf
from compute import context as compute_context
from compute.objects import base as objects_base
# Every object that may cross RPC, so that from_wire knows its class in any
# process, whatever else that process imports.
import compute.objects.build  # noqa: F401,E402,I001
import compute.objects.compute_node  # noqa: F401,E402
import compute.objects.instance  # noqa: F401,E402
import compute.objects.migration  # noqa: F401,E402
import compute.objects.request_spec  # noqa: F401,E402
import compute.objects.service  # noqa: F401,E402

CONF = compute_conf.CONF

_lock = threading.Lock()
_transport = None


def get_transport():
    global _transport
    if _transport is None:
        with _lock:
            if _transport is None:
                _transport = messaging.get_rpc_transport(
                    CONF, url=CONF.transport_url)
    return _transport


def cleanup():
    global _transport
    with _lock:
        if _transport is not None:
            _transport.cleanup()
            _transport = None


class Serializer(messaging.Serializer):
    def serialize_entity(self, ctxt, entity):
        return objects_base.to_wire(entity)

    def deserialize_entity(self, ctxt, entity):
        return objects_base.from_wire(entity)

    def serialize_context(self, ctxt):
        return ctxt.to_rpc()

    def deserialize_context(self, ctxt):
        return compute_context.RequestContext.from_rpc(ctxt)


def get_client(topic, version, server=None, version_cap=None):
    target = messaging.Target(topic=topic, version=version, server=server)
    return messaging.get_rpc_client(
        get_transport(), target, version_cap=version_cap,
        serializer=Serializer(), timeout=CONF.rpc_response_timeout)


def get_server(topic, server, endpoints):
    target = messaging.Target(topic=topic, server=server)
    return messaging.get_rpc_server(
        get_transport(), target, endpoints, serializer=Serializer())
