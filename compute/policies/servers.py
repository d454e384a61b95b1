"""Policy for servers: listing, showing (and the fields only some callers
see), creating, updating, deleting and the core server actions.

``EXTENDED_ATTRIBUTES`` decides who sees the ``OS-EXT-SRV-ATTR:*`` fields;
the create rules are checked by the create flow, one per sub-feature of the
request (forced host, requested destination, volumes, networks, ...).
"""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:servers:%s'
EXTENDED_ATTRIBUTES = 'os_compute_api:os-extended-server-attributes'
REQUESTED_DESTINATION = 'compute:servers:create:requested_destination'
CROSS_CELL_RESIZE = 'compute:servers:resize:cross_cell'
ATTACH_EXTERNAL_NETWORK = 'network:attach_external_network'

_SERVER = '/servers/{server_id}'
_ACTION = _SERVER + '/action (%s)'
# The routes whose server body the field rules shape.
_SHOWN_BY = [('GET', _SERVER), ('GET', '/servers/detail'), ('PUT', _SERVER),
             ('POST', _ACTION % 'rebuild')]


def _member(name, description, operations):
    return base.api_rule(POLICY_ROOT % name, base.PROJECT_MEMBER_OR_ADMIN,
                         description, operations)


def _admin(name, description, operations):
    return base.api_rule(POLICY_ROOT % name, base.ADMIN, description,
                         operations)


def _action(name, action, description):
    return _member(name, description, [('POST', _ACTION % action)])


rules = [
    base.api_rule(POLICY_ROOT % 'index', base.PROJECT_READER_OR_ADMIN,
                  'List the servers of the project.',
                  [('GET', '/servers')]),
    base.api_rule(POLICY_ROOT % 'detail', base.PROJECT_READER_OR_ADMIN,
                  'List the servers of the project with their details.',
                  [('GET', '/servers/detail')]),
    _admin('index:get_all_tenants', 'List the servers of every project.',
           [('GET', '/servers')]),
    _admin('detail:get_all_tenants',
           'List the servers of every project with their details.',
           [('GET', '/servers/detail')]),
    _admin('allow_all_filters',
           'Filter server lists by every filter, not only the ones every '
           'user may use.',
           [('GET', '/servers'), ('GET', '/servers/detail')]),
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show a server.', [('GET', _SERVER)]),
    base.api_rule(POLICY_ROOT % 'show:flavor-extra-specs',
                  base.PROJECT_READER_OR_ADMIN,
                  'See the extra specs of the flavor embedded in server '
                  'bodies (2.47 and later).', _SHOWN_BY,
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
    _admin('show:host_status',
           'See the status of the host of a server (2.16 and later).',
           _SHOWN_BY),
    _admin('show:host_status:unknown-only',
           'See the host status of a server only when it is UNKNOWN '
           '(2.16 and later); overridden by show:host_status.', _SHOWN_BY),
    _member('create', 'Create a server.', [('POST', '/servers')]),
    _admin('create:forced_host',
           'Create a server on a given host ("zone:host:node").',
           [('POST', '/servers')]),
    base.api_rule(REQUESTED_DESTINATION, base.ADMIN,
                  'Create a server on a requested host or node, still '
                  'checked by the scheduler (2.74 and later).',
                  [('POST', '/servers')]),
    _member('create:attach_volume',
            'Create a server with volumes attached.',
            [('POST', '/servers')]),
    _member('create:attach_network',
            'Create a server with requested networks or ports.',
            [('POST', '/servers')]),
    _member('create:trusted_certs',
            'Create a server with trusted image certificates.',
            [('POST', '/servers')]),
    _admin('create:zero_disk_flavor',
           'Create an image-backed server with a flavor of zero disk.',
           [('POST', '/servers')]),
    base.api_rule(ATTACH_EXTERNAL_NETWORK, base.ADMIN,
                  'Attach a server to an external network.',
                  [('POST', '/servers'),
                   ('POST', _SERVER + '/os-interface')]),
    _member('delete', 'Delete a server.', [('DELETE', _SERVER)]),
    _member('update', 'Update a server.', [('PUT', _SERVER)]),
    _action('confirm_resize', 'confirmResize', 'Confirm a server resize.'),
    _action('revert_resize', 'revertResize', 'Revert a server resize.'),
    _action('reboot', 'reboot', 'Reboot a server.'),
    _action('resize', 'resize', 'Resize a server.'),
    base.api_rule(CROSS_CELL_RESIZE, base.NOBODY,
                  'Resize a server to another cell.',
                  [('POST', _ACTION % 'resize')]),
    _action('rebuild', 'rebuild', 'Rebuild a server.'),
    _action('rebuild:trusted_certs', 'rebuild',
            'Rebuild a server with trusted image certificates.'),
    _action('create_image', 'createImage', 'Create an image of a server.'),
    _action('create_image:allow_volume_backed', 'createImage',
            'Create an image of a volume-backed server.'),
    _action('start', 'os-start', 'Start a server.'),
    _action('stop', 'os-stop', 'Stop a server.'),
    _action('trigger_crash_dump', 'trigger_crash_dump',
            'Trigger a crash dump in a server (2.17 and later).'),
    base.api_rule(EXTENDED_ATTRIBUTES, base.ADMIN,
                  'See the OS-EXT-SRV-ATTR:* attributes of servers (host, '
                  'node, instance name, ...).', _SHOWN_BY),
]


def list_rules():
    return rules
