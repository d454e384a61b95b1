"""Request bodies of the os-migrateLive server action, per microversion."""

import copy

from compute.api import parameter_types
from compute.api import validation

_host = dict(parameter_types.fqdn, type=['string', 'null'])

_block_migration_or_auto = copy.deepcopy(parameter_types.boolean)
_block_migration_or_auto['enum'].append('auto')

migrate_live = {
    'type': 'object',
    'properties': {
        'os-migrateLive': {
            'type': 'object',
            'properties': {
                'block_migration': parameter_types.boolean,
                'disk_over_commit': parameter_types.boolean,
                'host': _host,
            },
            'required': ['block_migration', 'disk_over_commit', 'host'],
            'additionalProperties': False,
        },
    },
    'required': ['os-migrateLive'],
    'additionalProperties': False,
}

# 2.25: block_migration may be 'auto'; disk_over_commit is gone.
migrate_live_v2_25 = copy.deepcopy(migrate_live)
_action = migrate_live_v2_25['properties']['os-migrateLive']
del _action['properties']['disk_over_commit']
_action['properties']['block_migration'] = _block_migration_or_auto
_action['required'] = ['block_migration', 'host']

# 2.30: force (skip the scheduler for the given host).
migrate_live_v2_30 = copy.deepcopy(migrate_live_v2_25)
migrate_live_v2_30['properties']['os-migrateLive']['properties']['force'] = \
    parameter_types.boolean

# 2.68: force is gone again.
migrate_live_v2_68 = copy.deepcopy(migrate_live_v2_25)

migrate_live_body = validation.Schemas(
    (migrate_live, '2.1', '2.24'),
    (migrate_live_v2_25, '2.25', '2.29'),
    (migrate_live_v2_30, '2.30', '2.67'),
    (migrate_live_v2_68, '2.68', None))
