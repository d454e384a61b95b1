"""The real openstack-placement package, run inside this process.

Placement keeps its own oslo.config object and its own database (SQLite
under ``state_path`` by default). The WSGI app is served by the compute API
under ``/placement`` and called directly, without sockets, by in-process
clients.
"""

import os
import threading

from oslo_config import cfg

from compute import conf as compute_conf

CONF = compute_conf.CONF

_lock = threading.Lock()
_app = None


def database_url():
    return CONF.placement.connection or 'sqlite:///' + os.path.join(
        CONF.state_path, 'placement.sqlite')


def _placement_conf():
    from placement import conf as placement_conf
    pconf = cfg.ConfigOpts()
    placement_conf.register_opts(pconf)
    pconf.set_default('connection', database_url(),
                      group='placement_database')
    pconf([], project='placement', default_config_files=[],
          default_config_dirs=[])
    pconf.set_override('sync_on_startup', True, group='placement_database')
    # Embedded placement on SQLite: no fsync per transaction (each claim
    # would otherwise wait for the disk); a crash may lose the last
    # allocations, which the agents' next report and builds re-establish.
    pconf.set_override('sqlite_synchronous', False,
                       group='placement_database')
    # The embedded placement trusts the same kind of tokens as the API.
    pconf.set_override('auth_strategy', CONF.api.auth_strategy, group='api')
    return pconf


def get_app():
    """The placement WSGI app, created (and its schema synced) once."""
    global _app
    if _app is None:
        with _lock:
            if _app is None:
                from placement import db_api
                from placement import deploy
                if CONF.state_path:
                    os.makedirs(CONF.state_path, exist_ok=True)
                pconf = _placement_conf()
                db_api.configure(pconf)
                _app = deploy.loadapp(pconf)
    return _app
