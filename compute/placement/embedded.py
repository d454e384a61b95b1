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
    # No retry of an allocation write that lost a provider generation race
    # inside the request's transaction: the retry's capacity check counts
    # the rows the failed attempt wrote and, on MySQL, reads the snapshot
    # taken before the race, so it lets the write over-commit the provider.
    # The conflict goes back to the client instead, which sends the request
    # again in a fresh transaction (allocations.claim).
    pconf.set_override('allocation_conflict_retry_count', 1,
                       group='placement')
    # The embedded placement trusts the same kind of tokens as the API.
    pconf.set_override('auth_strategy', CONF.api.auth_strategy, group='api')
    return pconf


class _SerialisedWrites:
    """Runs one writing request at a time.

    Placement on SQLite: concurrent writers make SQLite refuse with
    "database is locked" instead of waiting (a reader upgrading to a
    writer is not queued), so in-process writes take turns. Reads run
    side by side (the database is in WAL mode).
    """

    _READS = ('GET', 'HEAD', 'OPTIONS')

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get('REQUEST_METHOD') in self._READS:
            return self.app(environ, start_response)
        with self.lock:
            # Consume the body inside the lock: the response is built here.
            return list(self.app(environ, start_response))


def _use_wal():
    from placement import db_api
    raw = db_api.get_placement_engine().raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.close()
        raw.commit()
    finally:
        raw.close()


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
                app = deploy.loadapp(pconf)
                if database_url().startswith('sqlite'):
                    _use_wal()
                    app = _SerialisedWrites(app)
                _app = app
    return _app
