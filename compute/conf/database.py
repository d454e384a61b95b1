"""Options of the [database] (cell) and [api_database] groups.

[database] is oslo.db's own option set (the embedded placement's oslo.db
engine facade registers the same options on the global config, so ours
must be the very same objects); [api_database] takes the same names.
"""

import copy

from oslo_config import cfg
from oslo_db import options as oslo_db_options

_HELP = {
    'database': 'SQLAlchemy URL of the cell database. Empty means SQLite at '
                '$state_path/compute.sqlite.',
    'api_database': 'SQLAlchemy URL of the API database. Empty means SQLite '
                    'at $state_path/compute_api.sqlite.',
}

api_database_opts = [
    cfg.StrOpt('connection', secret=True, help=_HELP['api_database']),
    cfg.IntOpt('max_pool_size', default=10, min=1,
               help='Connections kept in the pool (not for SQLite).'),
]


def register_opts(conf):
    conf.register_opts(oslo_db_options.database_opts, group='database')
    conf.register_opts(api_database_opts, group='api_database')


def list_opts():
    cell_opts = [copy.deepcopy(o) for o in oslo_db_options.database_opts
                 if o.name in ('connection', 'max_pool_size')]
    for opt in cell_opts:
        if opt.name == 'connection':
            opt.help = _HELP['database']
    return [('database', cell_opts), ('api_database', api_database_opts)]
