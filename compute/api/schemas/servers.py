"""Request schemas of the server reads and update: the query string of
GET /servers and /servers/detail, the (empty) query of GET /servers/{id}
and the body of PUT /servers/{id}, per microversion window.

The list query changes at 2.26 (tag filters), 2.66 (changes-before), 2.73
(locked filter and sort key) and 2.75 (unknown parameters and ignored sort
keys refused). The update body changes at 2.19 (description), 2.90
(hostname), 2.94 (hostname may be an FQDN) and 2.104 (pinned zone).
"""

import copy

from compute.api import parameter_types
from compute.api import validation

# --- List query -----------------------------------------------------------

# Sort keys accepted by the schema before 2.75; those in IGNORED_SORT_KEYS
# are then silently dropped.
_SORT_KEYS = (
    'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'availability_zone',
    'config_drive', 'created_at', 'display_description', 'display_name',
    'host', 'hostname', 'image_ref', 'instance_type_id', 'kernel_id',
    'key_name', 'launch_index', 'launched_at', 'locked_by', 'node',
    'power_state', 'progress', 'project_id', 'ramdisk_id',
    'root_device_name', 'task_state', 'terminated_at', 'updated_at',
    'user_id', 'uuid', 'vm_state',
    'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device',
    'default_swap_device', 'deleted', 'deleted_at', 'disable_terminate',
    'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on',
    'locked', 'memory_mb', 'os_type', 'reservation_id', 'root_gb',
    'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode',
)
IGNORED_SORT_KEYS = frozenset((
    'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device',
    'default_swap_device', 'deleted', 'deleted_at', 'disable_terminate',
    'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on',
    'locked', 'memory_mb', 'os_type', 'reservation_id', 'root_gb',
    'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode',
))
# From 2.73 servers sort by ``locked``.
IGNORED_SORT_KEYS_V273 = IGNORED_SORT_KEYS - {'locked'}
# Sort keys only administrators may use.
ADMIN_SORT_KEYS = frozenset(('host', 'node'))

# Parameters naming tables joined to instances: refused (400) when they
# reach the filters, i.e. for callers allowed every filter.
JOINED_TABLE_PARAMS = ('block_device_mapping', 'services', 'metadata',
                       'system_metadata', 'info_cache', 'security_groups',
                       'pci_devices')
TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')

_string = parameter_types.multi_params({'type': 'string'})
_regex = parameter_types.multi_params({'type': 'string', 'format': 'regex'})

_EXACT = ('user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref',
          'image', 'vm_state', 'task_state', 'host', 'uuid', 'sort_dir',
          'all_tenants', 'soft_deleted', 'deleted', 'status',
          # Timestamps: parsed by the handler (ISO 8601, as Nova accepts).
          'changes-since')
_REGEX = ('kernel_id', 'ramdisk_id', 'hostname', 'key_name', 'power_state',
          'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at',
          'availability_zone', 'name', 'display_name', 'description',
          'display_description', 'locked_by', 'root_device_name',
          'config_drive', 'access_ip_v4', 'access_ip_v6',
          'auto_disk_config', 'progress', 'ip', 'ip6', 'created_at')

index_query = {
    'type': 'object',
    'properties': dict(
        {name: _string for name in _EXACT + JOINED_TABLE_PARAMS},
        **{name: _regex for name in _REGEX},
        limit=parameter_types.multi_params(
            parameter_types.non_negative_integer),
        marker=_string,
        sort_key=parameter_types.multi_params(
            {'type': 'string', 'enum': list(_SORT_KEYS)})),
    # Unknown parameters are dropped before 2.75.
    'additionalProperties': True,
}

index_query_v226 = copy.deepcopy(index_query)
index_query_v226['properties'].update(
    {name: _regex for name in TAG_FILTERS})

index_query_v266 = copy.deepcopy(index_query_v226)
index_query_v266['properties']['changes-before'] = _string

index_query_v273 = copy.deepcopy(index_query_v266)
index_query_v273['properties']['locked'] = _string

index_query_v275 = copy.deepcopy(index_query_v273)
index_query_v275['properties']['sort_key'] = parameter_types.multi_params(
    {'type': 'string',
     'enum': [k for k in _SORT_KEYS if k not in IGNORED_SORT_KEYS_V273]})
# Internal attributes (a leading '_') pass the schema and are refused by
# the handler, as the joined-table names are.
index_query_v275['patternProperties'] = {'^_': _string}
index_query_v275['additionalProperties'] = False

# --- Show query -----------------------------------------------------------

show_query = {'type': 'object', 'properties': {},
              'additionalProperties': True}
show_query_v2102 = dict(show_query, additionalProperties=False)

# --- Update body ----------------------------------------------------------

# A host name (not an FQDN): letters, digits and inner hyphens.
_hostname = {'type': 'string', 'minLength': 2, 'maxLength': 63,
             'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'}

update_body = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
            },
            'additionalProperties': False,
        },
    },
    'required': ['server'],
    'additionalProperties': False,
}


def _with_field(schema, name, field):
    result = copy.deepcopy(schema)
    result['properties']['server']['properties'][name] = field
    return result


update_body_v219 = _with_field(
    update_body, 'description',
    dict(copy.deepcopy(parameter_types.description), maxLength=255))
update_body_v290 = _with_field(update_body_v219, 'hostname', _hostname)
update_body_v294 = _with_field(update_body_v290, 'hostname',
                               parameter_types.fqdn)
update_body_v2104 = _with_field(
    update_body_v294, 'pinned_availability_zone',
    dict(copy.deepcopy(parameter_types.name), type=['string', 'null']))

INDEX = validation.Schemas((index_query, '2.1', '2.25'),
                           (index_query_v226, '2.26', '2.65'),
                           (index_query_v266, '2.66', '2.72'),
                           (index_query_v273, '2.73', '2.74'),
                           (index_query_v275, '2.75', None), kind='query')
SHOW = validation.Schemas((show_query, '2.1', '2.101'),
                          (show_query_v2102, '2.102', None), kind='query')
UPDATE = validation.Schemas((update_body, '2.1', '2.18'),
                            (update_body_v219, '2.19', '2.89'),
                            (update_body_v290, '2.90', '2.93'),
                            (update_body_v294, '2.94', '2.103'),
                            (update_body_v2104, '2.104', None))
