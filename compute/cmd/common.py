"""Start-up shared by every console script: config files and logging."""

import sys

from oslo_log import log as logging

from compute import conf as compute_conf
from compute import version

CONF = compute_conf.CONF
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
