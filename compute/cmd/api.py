"""compute-api: the compute API (and the embedded placement) with waitress.

Serves on ``[DEFAULT] osapi_compute_listen``:``osapi_compute_listen_port``
with ``osapi_compute_workers`` threads. Unlike compute-all it runs no
service: conductor, scheduler and agents are processes of their own, and
the schemas are made by ``compute-manage``. At start-up it registers the
default image and network of the built-in image and network services when
they are configured (``[image] backend`` / ``[network] backend`` = local);
their databases (``[image] connection``, ``[network] connection``) must be
the conductor's too.
"""

import logging
import signal

from compute import all_in_one
from compute.cmd import common
from compute import conf as compute_conf
from compute import rpc

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


def main(argv=None):
    common.parse_args(argv)
    all_in_one.prepare_local_services()
    server = all_in_one.make_server(all_in_one.build_api())
    # SIGTERM stops the server the way Ctrl-C does: waitress catches the
    # interrupt and lets the requests in progress finish.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    LOG.info('compute-api serving on http://%s:%s/v2.1',
             CONF.osapi_compute_listen, server.effective_port)
    try:
        server.run()
    finally:
        server.close()
        rpc.cleanup()
    return 0
