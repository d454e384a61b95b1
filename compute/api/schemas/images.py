"""Query schema of the image proxy's lists (/images, /images/detail).

Nova never validated the filters (name, status, changes-since, server,
type, minRam, minDisk, and ``property-<name>``): only paging is checked.
Unknown parameters are ignored: the routes end at 2.35, long before
2.75's strict query strings.
"""

from compute.api import parameter_types
from compute.api import validation

_string_param = parameter_types.multi_params({'type': 'string'})

FILTERS = ('name', 'status', 'changes-since', 'server', 'type', 'minRam',
           'minDisk')

index_query = {
    'type': 'object',
    'properties': dict(
        {name: _string_param for name in FILTERS},
        limit=parameter_types.multi_params(
            parameter_types.non_negative_integer),
        marker=_string_param),
    'additionalProperties': True,
}

INDEX = validation.Schemas((index_query, '2.1', None), kind='query')
