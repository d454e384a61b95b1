"""compute-manage: the operator's database commands.

``db sync [REVISION]`` / ``db version`` act on the cell database
(``[database] connection``), ``api_db sync [REVISION]`` / ``api_db version``
on the API database (``[api_database] connection``). ``sync`` upgrades to
the latest revision unless one is given; ``version`` prints the current
revision ("None" before the first sync). Exit code 0 on success, 1 with the
reason on standard error when the command fails (2 for a usage error).
"""

import sys

from oslo_config import cfg
import sqlalchemy as sa

from compute.cmd import common
from compute import conf as compute_conf
from compute.db import migration
from compute.db import session

CONF = compute_conf.CONF

# Command category -> database it acts on.
CATEGORIES = {'db': session.CELL, 'api_db': session.API}


def _sync(which):
    migration.sync(which, revision=CONF.category.revision)


def _version(which):
    print(migration.version(which))


def _add_parsers(subparsers):
    for category in CATEGORIES:
        parser = subparsers.add_parser(
            category, help='Commands on the %s database.' % (
                'API' if CATEGORIES[category] == session.API else 'cell'))
        actions = parser.add_subparsers(dest='action', required=True)
        sync = actions.add_parser(
            'sync', help='Upgrade the schema to REVISION (default: the '
                         'latest).')
        sync.add_argument('revision', nargs='?', default='head')
        sync.set_defaults(run=_sync)
        version = actions.add_parser(
            'version', help='Print the current schema revision.')
        version.set_defaults(run=_version)


CATEGORY_OPT = cfg.SubCommandOpt('category', title='Command categories',
                                 handler=_add_parsers)


def _reason(exc):
    # A driver error says what went wrong without SQLAlchemy's wrapping.
    if isinstance(exc, sa.exc.DBAPIError) and exc.orig is not None:
        return str(exc.orig)
    return str(exc) or type(exc).__name__


def main(argv=None):
    CONF.register_cli_opt(CATEGORY_OPT)
    try:
        common.parse_args(argv)
    except cfg.Error as exc:
        print('compute-manage: %s' % exc, file=sys.stderr)
        return 1
    category = CONF.category
    try:
        category.run(CATEGORIES[category.name])
    except Exception as exc:  # noqa: BLE001 - reported, with the exit code
        print('compute-manage %s %s failed: %s' % (
            category.name, category.action, _reason(exc)), file=sys.stderr)
        return 1
    finally:
        session.dispose()
    return 0
