"""Engines and sessions for the two databases (API and cell).

``api_session()`` / ``cell_session()`` are context managers yielding a
SQLAlchemy ``Session`` in a transaction that commits on normal exit and rolls
back on error. Engines are made once per process from configuration; SQLite
files live under ``state_path`` unless a connection URL is configured.
"""

import contextlib
import os
import threading

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import orm

from compute import conf as compute_conf

CONF = compute_conf.CONF

_lock = threading.Lock()
_engines = {}
_makers = {}

API = 'api'
CELL = 'cell'

_GROUPS = {API: ('api_database', 'compute_api.sqlite'),
           CELL: ('database', 'compute.sqlite')}


def database_url(which):
    """The configured URL of one database, or its SQLite default."""
    group, filename = _GROUPS[which]
    url = getattr(CONF, group).connection
    if url:
        return url
    return 'sqlite:///' + os.path.join(CONF.state_path, filename)


def _sqlite_pragmas(dbapi_conn, _record):
    cur = dbapi_conn.cursor()
    cur.execute('PRAGMA journal_mode=WAL')
    cur.execute('PRAGMA synchronous=NORMAL')
    cur.execute('PRAGMA foreign_keys=ON')
    cur.close()


def make_engine(url, pool_size=10):
    """An engine for ``url`` tuned for this service's concurrency model."""
    if url.startswith('sqlite'):
        engine = sa.create_engine(
            url, connect_args={'check_same_thread': False, 'timeout': 30},
            pool_size=pool_size, max_overflow=20)
        event.listen(engine, 'connect', _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_size=pool_size, max_overflow=20,
                            pool_pre_ping=True, pool_recycle=3600)


def get_engine(which):
    engine = _engines.get(which)
    if engine is None:
        with _lock:
            engine = _engines.get(which)
            if engine is None:
                group, _ = _GROUPS[which]
                url = database_url(which)
                if url.startswith('sqlite:///') and CONF.state_path:
                    os.makedirs(CONF.state_path, exist_ok=True)
                engine = make_engine(
                    url, getattr(CONF, group).max_pool_size)
                _engines[which] = engine
                _makers[which] = orm.sessionmaker(
                    bind=engine, expire_on_commit=False)
    return engine


@contextlib.contextmanager
def _session(which):
    get_engine(which)
    session = _makers[which]()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def api_session():
    """A transaction on the API database."""
    return _session(API)


def cell_session():
    """A transaction on the cell database."""
    return _session(CELL)


def dispose():
    """Forget every engine (tests and re-configuration)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _makers.clear()
