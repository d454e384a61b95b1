"""Start-up shared by every console script: config files, logging, and
the run-until-signalled loop of the one-service scripts."""

import signal
import sys
import threading

from oslo_log import log as logging

from compute import conf as compute_conf
from compute import rpc
from compute import version

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)
_LOG_REGISTERED = False


def parse_args(argv=None, default_config_files=None):
    """Load configuration (``--config-file`` etc.) and set up logging."""
    global _LOG_REGISTERED
    if not _LOG_REGISTERED:
        logging.register_options(CONF)
        _LOG_REGISTERED = True
    logging.set_defaults(default_log_levels=logging.get_default_log_levels() + [
        'placement=WARNING', 'oslo_policy=WARNING', 'waitress=WARNING',
        'alembic=WARNING', 'stevedore=WARNING'])
    CONF(sys.argv[1:] if argv is None else argv, project='compute',
         version=version.VERSION,
         default_config_files=default_config_files)
    logging.setup(CONF, 'compute')


def serve(make_service, argv=None):
    """Run the service ``make_service(CONF.host)`` until SIGTERM or SIGINT,
    then stop it: its RPC server drains and its record stays for the next
    start. Returns the exit code."""
    parse_args(argv)
    # SIGTERM (systemd, kill) stops the service the way Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    service = make_service(CONF.host)
    try:
        service.start()
        threading.Event().wait()
    except KeyboardInterrupt:
        LOG.info('Stopping %s on %s', service.binary, service.host)
    finally:
        service.stop()
        rpc.cleanup()
    return 0
