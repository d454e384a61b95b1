"""Engines and transactions for every SQL store of the service.

``api_session()`` / ``cell_session()`` are the API and cell databases;
``transaction(url, metadata)`` serves the embedded stores (images,
networks) that keep their own database. Each yields a SQLAlchemy
``Session`` in a transaction that commits on normal exit and rolls back on
error. Engines are made once per URL and process; SQLite files live under
``state_path`` unless a connection URL is configured.
"""

import contextlib
import dataclasses
import os
import threading

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import orm

from compute import conf as compute_conf

CONF = compute_conf.CONF

API = 'api'
CELL = 'cell'

_GROUPS = {API: ('api_database', 'compute_api.sqlite'),
           CELL: ('database', 'compute.sqlite')}

_lock = threading.Lock()
_stores = {}


@dataclasses.dataclass
class _Store:
    engine: sa.Engine
    maker: orm.sessionmaker
    # SQLite: one transaction at a time per database in this process.
    # SQLite refuses a reader that wants to become a writer while another
    # writer waits ("database is locked", without waiting), and its busy
    # handler sleeps up to 100 ms between tries; a lock does neither.
    lock: object


def database_url(which):
    """The configured URL of the API or cell database, or its SQLite
    default."""
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


def _create_tables(engine, metadata, attempts=3):
    """Embedded stores create their tables on first use; processes starting
    together may race on it (the loser sees "already exists"), and a
    second pass finds the tables there."""
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            return
        except sa.exc.DBAPIError:
            if attempt == attempts - 1:
                raise


def _store(url, pool_size=10, metadata=None):
    store = _stores.get(url)
    if store is None:
        with _lock:
            store = _stores.get(url)
            if store is None:
                if url.startswith('sqlite:///'):
                    directory = os.path.dirname(url[len('sqlite:///'):])
                    if directory:
                        os.makedirs(directory, exist_ok=True)
                engine = make_engine(url, pool_size)
                if metadata is not None:
                    _create_tables(engine, metadata)
                store = _Store(
                    engine=engine,
                    maker=orm.sessionmaker(bind=engine,
                                           expire_on_commit=False),
                    lock=threading.RLock() if url.startswith('sqlite')
                    else contextlib.nullcontext())
                _stores[url] = store
    return store


@contextlib.contextmanager
def transaction(url, metadata=None):
    """A transaction on the database at ``url`` (tables of ``metadata``
    created on first use)."""
    store = _store(url, metadata=metadata)
    with store.lock:
        session = store.maker()
        try:
            with session.begin():
                yield session
        finally:
            session.close()


def _which_store(which):
    group, _ = _GROUPS[which]
    return _store(database_url(which), getattr(CONF, group).max_pool_size)


def get_engine(which):
    return _which_store(which).engine


def api_session():
    """A transaction on the API database."""
    _which_store(API)
    return transaction(database_url(API))


def cell_session():
    """A transaction on the cell database."""
    _which_store(CELL)
    return transaction(database_url(CELL))


def dispose():
    """Forget every engine (tests and re-configuration)."""
    with _lock:
        for store in _stores.values():
            store.engine.dispose()
        _stores.clear()
