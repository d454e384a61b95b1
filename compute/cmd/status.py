"""compute-status: ``upgrade check``, is this deployment ready to run?

Checks (oslo.upgradecheck): both database schemas at the latest revision,
at least one compute agent registered, placement reachable at a
microversion this code speaks. Exit code 0 success, 1 warning, 2 failure,
255 when a check itself broke.
"""

import sys

from alembic import script
from oslo_upgradecheck import upgradecheck
import sqlalchemy as sa

from compute import conf as compute_conf
from compute.db import migration
from compute.db import services
from compute.db import session
from compute.placement import client as placement_client
from compute import services_builder

CONF = compute_conf.CONF
Code = upgradecheck.Code
Result = upgradecheck.Result

_SCHEMAS = {session.API: ('API', 'api_db'), session.CELL: ('cell', 'db')}


def _head(which):
    config = migration.alembic_config(which)
    return script.ScriptDirectory.from_config(config).get_current_head()


def _version_tuple(text):
    return tuple(int(part) for part in text.split('.'))


class Checks(upgradecheck.UpgradeCommands):
    def _check_schema(self, which):
        label, category = _SCHEMAS[which]
        try:
            current = migration.version(which)
        except sa.exc.SQLAlchemyError as exc:
            return Result(Code.FAILURE, 'Cannot read the %s database: %s'
                          % (label, exc))
        head = _head(which)
        if current != head:
            state = 'at revision %s' % current if current else 'missing'
            return Result(Code.FAILURE,
                          'The %s database schema is %s, the latest '
                          'revision is %s: run "compute-manage %s sync".'
                          % (label, state, head, category))
        return Result(Code.SUCCESS)

    def _check_compute_services(self):
        try:
            agents = services.list_services(
                binary=services_builder.AGENT_BINARY)
        except sa.exc.SQLAlchemyError as exc:
            return Result(Code.FAILURE, 'Cannot read the services of the '
                          'cell database: %s' % exc)
        if not agents:
            return Result(Code.WARNING,
                          'No compute agent (%s) has registered yet: start '
                          'compute-agent on the hypervisor hosts.'
                          % services_builder.AGENT_BINARY)
        return Result(Code.SUCCESS)

    def _check_placement(self):
        try:
            root = placement_client.get_client().get('/')
        except Exception as exc:  # noqa: BLE001 - any failure is the answer
            return Result(Code.FAILURE, 'Placement cannot be reached: %s'
                          % exc)
        max_version = root['versions'][0]['max_version']
        if _version_tuple(max_version) < _version_tuple(
                placement_client.VERSION):
            return Result(Code.FAILURE,
                          'Placement supports microversions up to %s; %s '
                          'is needed.' % (max_version,
                                          placement_client.VERSION))
        return Result(Code.SUCCESS)

    _upgrade_checks = (
        ('API database schema', (_check_schema, {'which': session.API})),
        ('Cell database schema', (_check_schema, {'which': session.CELL})),
        ('Compute agents', _check_compute_services),
        ('Placement API', _check_placement),
    )


def main(argv=None):
    return upgradecheck.main(CONF, project='compute',
                             upgrade_command=Checks(),
                             argv=sys.argv[1:] if argv is None else argv)
