"""Throw-away databases on every SQL back end the tests can reach.

``create_database(backend)`` returns the URL of a fresh, empty database for
'sqlite', 'mysql' (MariaDB/MySQL) or 'postgresql', or skips the calling test
with the reason when the server cannot be reached; ``drop_database(url)``
removes it again and ``database(backend)`` does both around a block.
The servers default to the local ones and can be moved with the environment
variables COMPUTE_TEST_MYSQL_URL and COMPUTE_TEST_POSTGRESQL_URL.
"""

import contextlib
import os
import shutil
import tempfile
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import pool

BACKENDS = ('sqlite', 'mysql', 'postgresql')

_SERVERS = {
    'mysql': ('MariaDB', 'COMPUTE_TEST_MYSQL_URL',
              'mysql+pymysql://root@127.0.0.1:3306'),
    'postgresql': ('PostgreSQL', 'COMPUTE_TEST_POSTGRESQL_URL',
                   'postgresql+psycopg2://postgres@127.0.0.1:5432/postgres'),
}


def server_url(backend):
    """The URL of the server of ``backend`` ('mysql' or 'postgresql')."""
    _label, variable, default = _SERVERS[backend]
    return sa.engine.make_url(os.environ.get(variable, default))


def _admin_engine(url):
    return sa.create_engine(url, poolclass=pool.NullPool,
                            isolation_level='AUTOCOMMIT',
                            connect_args={'connect_timeout': 5})


def _server_connection(backend):
    """An autocommit connection to the server, or a skip saying why not."""
    label = _SERVERS[backend][0]
    url = server_url(backend)
    where = f'{url.host}:{url.port}'
    try:
        engine = _admin_engine(url)
        return engine, engine.connect()
    except ImportError as exc:
        pytest.skip(f'{label} driver not installed ({where}): {exc}')
    except sa.exc.DBAPIError as exc:
        pytest.skip(f'{label} not reachable at {where}: {exc.orig}')


def create_database(backend):
    """The URL of a new empty database on ``backend``; skips if unreachable."""
    if backend == 'sqlite':
        directory = tempfile.mkdtemp(prefix='compute-test-')
        return f"sqlite:///{os.path.join(directory, 'test.sqlite')}"
    name = f'compute_test_{uuid.uuid4().hex[:12]}'
    engine, conn = _server_connection(backend)
    try:
        if backend == 'mysql':
            conn.exec_driver_sql(
                f'CREATE DATABASE {name} CHARACTER SET utf8mb4')
            url = server_url(backend).set(
                database=name, query={'charset': 'utf8mb4'})
        else:
            conn.exec_driver_sql(f'CREATE DATABASE {name}')
            url = server_url(backend).set(database=name)
    finally:
        conn.close()
        engine.dispose()
    return url.render_as_string(hide_password=False)


def drop_database(url):
    """Remove a database made by ``create_database`` (and nothing else)."""
    parsed = sa.engine.make_url(url)
    backend = parsed.get_backend_name()
    if backend == 'sqlite':
        shutil.rmtree(os.path.dirname(parsed.database), ignore_errors=True)
        return
    if not parsed.database.startswith('compute_test_'):
        raise ValueError(f'refusing to drop {parsed.database!r}')
    engine = _admin_engine(server_url(backend))
    try:
        with engine.connect() as conn:
            if backend == 'mysql':
                conn.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS {parsed.database}')
            else:
                conn.exec_driver_sql(
                    f'DROP DATABASE IF EXISTS {parsed.database} WITH (FORCE)')
    finally:
        engine.dispose()


@contextlib.contextmanager
def database(backend):
    """A fresh database on ``backend`` for the duration of the block."""
    url = create_database(backend)
    try:
        yield url
    finally:
        drop_database(url)
