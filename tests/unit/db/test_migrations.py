"""The migrations build exactly the models' schema, on every back end."""

import pprint

from alembic import autogenerate
from alembic import command
from alembic import migration as alembic_migration
from alembic import script
import pytest
import sqlalchemy as sa
from sqlalchemy import pool

from compute import conf
from compute.db import migration
from compute.db import models_api
from compute.db import models_cell
from compute.db import session
from tests import db_backends

METADATA = {session.API: models_api.Base.metadata,
            session.CELL: models_cell.Base.metadata}


@pytest.fixture(params=db_backends.BACKENDS)
def url(request):
    with db_backends.database(request.param) as url:
        yield url


@pytest.fixture(params=sorted(METADATA))
def which(request):
    return request.param


def _head(which):
    config = migration.alembic_config(which, 'sqlite://')
    return script.ScriptDirectory.from_config(config).get_current_head()


def _inspect(url, func):
    engine = sa.create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            return func(conn)
    finally:
        engine.dispose()


def _schema_diff(conn, which):
    context = alembic_migration.MigrationContext.configure(
        conn, opts={'compare_type': True})
    return autogenerate.compare_metadata(context, METADATA[which])


def _tables(conn):
    return sorted(sa.inspect(conn).get_table_names())


def test_migrations_match_models(url, which):
    migration.sync(which, url=url)

    diff = _inspect(url, lambda conn: _schema_diff(conn, which))

    assert diff == [], pprint.pformat(diff)


def test_sync_twice_is_a_no_op(url, which):
    assert migration.version(which, url=url) is None

    migration.sync(which, url=url)
    tables = _inspect(url, _tables)
    migration.sync(which, url=url)

    assert migration.version(which, url=url) == _head(which)
    assert _inspect(url, _tables) == tables
    assert set(tables) == {'alembic_version', *METADATA[which].tables}


def test_downgrade_to_base_and_upgrade_again(url, which):
    migration.sync(which, url=url)

    command.downgrade(migration.alembic_config(which, url), 'base')
    assert _inspect(url, _tables) == ['alembic_version']
    migration.sync(which, url=url)

    assert migration.version(which, url=url) == _head(which)


@pytest.mark.parametrize('which,group', [(session.API, 'api_database'),
                                         (session.CELL, 'database')])
def test_configured_connection_is_the_default(tmp_path, which, group):
    url = f"sqlite:///{tmp_path / 'state' / 'configured.sqlite'}"
    conf.CONF.set_override('connection', url, group=group)
    try:
        assert migration.version(which) is None
        migration.sync(which)
        assert migration.version(which) == _head(which)
    finally:
        conf.CONF.clear_override('connection', group=group)
    assert migration.version(which, url=url) == _head(which)


def test_unknown_database_is_rejected():
    with pytest.raises(ValueError, match='unknown database'):
        migration.alembic_config('nova')
