"""The request body of POST /servers: its JSON schema for every
microversion window (``create_body``), and ``normalise`` turning a valid
body into the flat dict the create logic consumes.

The schemas change at 2.19 (description), 2.32 (device tags), 2.33 (block
device tags lost by mistake), 2.37 (networks required, 'auto' / 'none'),
2.42 (device tags back), 2.52 (server tags), 2.57 (no personality), 2.63
(trusted certificates), 2.67 (volume type), 2.74 (host, hypervisor
hostname), 2.90 (hostname) and 2.94 (hostname may be an FQDN).
"""

import copy
import re
import uuid as uuid_lib
from urllib import parse

from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute import exception

_MAX_SERVER_TAGS = 50

# --- Pieces ---------------------------------------------------------------

_ip_address = {'type': 'string',
               'oneOf': [{'format': 'ipv4'}, {'format': 'ipv6'}]}

# A device or server tag: 1 to 60 characters, no '/' and no ','.
_tag = {'type': 'string', 'minLength': 1, 'maxLength': 60,
        'pattern': '^[^,/]*$'}

_description = dict(copy.deepcopy(parameter_types.description),
                    maxLength=255)

_metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

# Base64 as Python's lenient decoder reads it (blanks and new lines are
# skipped): the 'base64' format checker of compute.api.validation.
_base64 = {'type': 'string', 'format': 'base64'}

_personality = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {'path': {'type': 'string'}, 'contents': _base64},
        'additionalProperties': False,
    },
}

_volume_size = {'type': ['integer', 'string'], 'pattern': '^[0-9]+$',
                'minimum': 1, 'maximum': 2147483647}

# Items of the legacy (v1) block_device_mapping.
_legacy_bdm = {
    'type': 'object',
    'properties': {
        'virtual_name': {'type': 'string', 'maxLength': 255},
        'volume_id': parameter_types.uuid,
        'snapshot_id': parameter_types.uuid,
        'volume_size': _volume_size,
        # No empty device names and no blanks in them.
        'device_name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9._/-]*$'},
        'delete_on_termination': parameter_types.boolean,
        'no_device': {},
        'connection_info': {'type': 'string', 'maxLength': 16777215},
    },
    'additionalProperties': False,
}

# Items of block_device_mapping_v2: the legacy keys plus these.
_bdm_v2 = copy.deepcopy(_legacy_bdm)
_bdm_v2['properties'].update({
    'source_type': {'type': 'string',
                    'enum': ['volume', 'image', 'snapshot', 'blank']},
    'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
             'pattern': '^[a-zA-Z0-9._-]*$'},
    'image_id': parameter_types.uuid,
    'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
    'guest_format': {'type': 'string', 'maxLength': 255},
    'device_type': {'type': 'string', 'maxLength': 255},
    'disk_bus': {'type': 'string', 'maxLength': 255},
    # null is the same as -1.
    'boot_index': {'type': ['integer', 'string', 'null'],
                   'pattern': '^-?[0-9]+$'},
})


def _network_item(uuid_schema, tagged):
    """One entry of the ``networks`` list."""
    properties = {
        'fixed_ip': _ip_address,
        'port': {'type': ['string', 'null'], 'format': 'uuid'},
        'uuid': uuid_schema,
    }
    if tagged:
        properties['tag'] = _tag
    return {'type': 'object', 'properties': properties,
            'additionalProperties': False}


def _networks_or_keyword(tagged):
    """``networks`` from 2.37: a list, or 'auto' / 'none'."""
    return {'oneOf': [
        {'type': 'array',
         'items': _network_item(parameter_types.uuid, tagged)},
        {'type': 'string', 'enum': ['none', 'auto']},
    ]}


_uuid_or_uuids = {'oneOf': [
    parameter_types.uuid,
    {'type': 'array', 'items': parameter_types.uuid},
]}

# Known scheduler hints are checked; any other hint is let through.
_scheduler_hints = {
    'type': 'object',
    'properties': {
        'group': _uuid_or_uuids,
        'different_host': _uuid_or_uuids,
        # A single same_host value is not checked to be a uuid.
        'same_host': {'type': ['string', 'array'],
                      'items': parameter_types.uuid},
        # A JSON filter, as text or already parsed.
        'query': {'type': ['string', 'object']},
        'target_cell': parameter_types.name,
        'different_cell': {'type': ['string', 'array'],
                           'items': {'type': 'string'}},
        'build_near_host_ip': _ip_address,
        'cidr': {'type': 'string', 'pattern': '^/[0-9a-f.:]+$'},
    },
    'additionalProperties': True,
}

# A host name (not an FQDN): letters, digits and inner hyphens.
_hostname = {'type': 'string', 'minLength': 2, 'maxLength': 63,
             'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'}

# --- Windows --------------------------------------------------------------

# 2.1 .. 2.18
create_v21 = {
    'type': 'object',
    'properties': {
        'server': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                # Empty only makes sense when booting from a volume;
                # the create logic refuses it otherwise.
                'imageRef': {'type': 'string',
                             'anyOf': [{'format': 'uuid'},
                                       {'maxLength': 0}]},
                'flavorRef': {'type': ['string', 'integer'], 'minLength': 1},
                'adminPass': {'type': 'string'},
                'metadata': _metadata,
                'networks': {'type': 'array',
                             'items': _network_item({'type': 'string'},
                                                    tagged=False)},
                'OS-DCF:diskConfig': {'type': 'string',
                                      'enum': ['AUTO', 'MANUAL']},
                'accessIPv4': {'type': 'string', 'format': 'ipv4'},
                'accessIPv6': {'type': 'string', 'format': 'ipv6'},
                'personality': _personality,
                'availability_zone': parameter_types.name,
                'block_device_mapping': {'type': 'array',
                                         'items': _legacy_bdm},
                'block_device_mapping_v2': {'type': 'array',
                                            'items': _bdm_v2},
                'config_drive': parameter_types.boolean,
                'key_name': parameter_types.name,
                'min_count': parameter_types.positive_integer,
                'max_count': parameter_types.positive_integer,
                'return_reservation_id': parameter_types.boolean,
                'security_groups': {
                    'type': 'array',
                    'items': {
                        'type': 'object',
                        'properties': {'name': parameter_types.name},
                        'additionalProperties': False,
                    },
                },
                'user_data': dict(_base64, maxLength=65535),
            },
            'required': ['name', 'flavorRef'],
            'additionalProperties': False,
        },
        # The hints sit next to "server", under either name.
        'os:scheduler_hints': _scheduler_hints,
        'OS-SCH-HNT:scheduler_hints': _scheduler_hints,
    },
    'required': ['server'],
    'additionalProperties': False,
}


def _derive(base):
    """A deep copy of ``base`` and the properties of its server, to edit."""
    schema = copy.deepcopy(base)
    return schema, schema['properties']['server']['properties']


# 2.19 .. 2.31: a description.
create_v219, _server = _derive(create_v21)
_server['description'] = _description

# 2.32 only: tags on network and block device entries.
create_v232, _server = _derive(create_v219)
_server['networks']['items']['properties']['tag'] = _tag
_server['block_device_mapping_v2']['items']['properties']['tag'] = _tag

# 2.33 .. 2.36: block device tags were lost by mistake (built on 2.19);
# network tags stay.
create_v233, _server = _derive(create_v219)
_server['networks']['items']['properties']['tag'] = _tag

# 2.37 .. 2.41: networks is required, may be 'auto' or 'none', network
# uuids must be uuids; network tags were lost by mistake.
create_v237, _server = _derive(create_v233)
create_v237['properties']['server']['required'].append('networks')
_server['networks'] = _networks_or_keyword(tagged=False)

# 2.42 .. 2.51: network and block device tags are back.
create_v242, _server = _derive(create_v237)
_server['networks'] = _networks_or_keyword(tagged=True)
_server['block_device_mapping_v2']['items']['properties']['tag'] = _tag

# 2.52 .. 2.56: server tags at create.
create_v252, _server = _derive(create_v242)
_server['tags'] = {'type': 'array', 'items': _tag,
                   'maxItems': _MAX_SERVER_TAGS}

# 2.57 .. 2.62: no more file injection.
create_v257, _server = _derive(create_v252)
del _server['personality']

# 2.63 .. 2.66: trusted image certificate ids.
create_v263, _server = _derive(create_v257)
_server['trusted_image_certificates'] = {
    'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50,
    'uniqueItems': True, 'items': {'type': 'string', 'minLength': 1},
}

# 2.67 .. 2.73: a volume type on block device entries.
create_v267, _server = _derive(create_v263)
_server['block_device_mapping_v2']['items']['properties']['volume_type'] = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
}

# 2.74 .. 2.89: a requested host and / or node (checked by the scheduler).
create_v274, _server = _derive(create_v267)
_server['host'] = parameter_types.fqdn
_server['hypervisor_hostname'] = parameter_types.fqdn

# 2.90 .. 2.93: the hostname the guest gets.
create_v290, _server = _derive(create_v274)
_server['hostname'] = _hostname

# 2.94 on: the hostname may be an FQDN.
create_v294, _server = _derive(create_v290)
_server['hostname'] = parameter_types.fqdn

del _server

create_body = validation.Schemas(
    (create_v21, '2.1', '2.18'),
    (create_v219, '2.19', '2.31'),
    (create_v232, '2.32', '2.32'),
    (create_v233, '2.33', '2.36'),
    (create_v237, '2.37', '2.41'),
    (create_v242, '2.42', '2.51'),
    (create_v252, '2.52', '2.56'),
    (create_v257, '2.57', '2.62'),
    (create_v263, '2.63', '2.66'),
    (create_v267, '2.67', '2.73'),
    (create_v274, '2.74', '2.89'),
    (create_v290, '2.90', '2.93'),
    (create_v294, '2.94', None),
)

# --- normalise ------------------------------------------------------------


def normalise(body, version):
    """The create request of ``body`` (valid for ``version``) as a flat
    dict of plain values, the same keys at every microversion.

    Raises a 400 ``ValidationError`` for what the schema cannot see but
    the body alone decides: both block device mapping syntaxes, a legacy
    mapping of unknown kind, an inconsistent block device entry, a network
    entry naming neither port nor network, a fixed IP with a port, a
    network id that is not a uuid.
    """
    server = body['server']
    min_count = int(server.get('min_count', 1))
    networks, networks_given = _requested_networks(server.get('networks'))
    description = server['name']
    # Before 2.19 a server's description is its name.
    if version >= microversion.SERVER_DESCRIPTION:
        description = server.get('description')
    return {
        'name': server['name'],
        'image_ref': server.get('imageRef') or None,
        'flavor_ref': _id_from_href(server['flavorRef']),
        'min_count': min_count,
        'max_count': int(server.get('max_count', min_count)),
        'return_reservation_id': parameter_types.to_bool(
            server.get('return_reservation_id', False)),
        'metadata': server.get('metadata', {}),
        'user_data': server.get('user_data'),
        'key_name': server.get('key_name'),
        'availability_zone': server.get('availability_zone'),
        'networks': networks,
        'requested_networks_given': networks_given,
        'block_device_mapping': _block_device_mapping(server),
        'scheduler_hints': _scheduler_hints_of(body),
        'config_drive': parameter_types.to_bool(
            server.get('config_drive', False)),
        'admin_pass': server.get('adminPass'),
        'access_ip_v4': server.get('accessIPv4'),
        'access_ip_v6': server.get('accessIPv6'),
        'disk_config': server.get('OS-DCF:diskConfig'),
        'personality': server.get('personality', []),
        'description': description,
        'tags': server.get('tags', []),
        'trusted_image_certificates': server.get(
            'trusted_image_certificates'),
        'host': server.get('host'),
        'hypervisor_hostname': server.get('hypervisor_hostname'),
        'hostname': server.get('hostname'),
        'security_groups': _security_group_names(server),
    }


def _id_from_href(ref):
    """The flavor id of a flavorRef, which may be a URL ending with it."""
    return parse.urlsplit(str(ref)).path.split('/')[-1]


def _scheduler_hints_of(body):
    if 'os:scheduler_hints' in body:
        return body['os:scheduler_hints']
    return body.get('OS-SCH-HNT:scheduler_hints', {})


def _security_group_names(server):
    """Names (or ids) of the requested groups, once each, in order;
    ['default'] when none is named."""
    names = [group['name'] for group in server.get('security_groups', [])
             if group.get('name')]
    return list(dict.fromkeys(names)) or ['default']


def _requested_networks(requested):
    """(networks, given): 'auto', 'none' or a list of requested ports,
    and whether the body asked for anything. No list, or an empty one,
    leaves the choice to the network service: 'auto', not given."""
    if not requested:
        return 'auto', False
    if isinstance(requested, str):
        return requested, True
    return [_requested_network(item) for item in requested], True


def _requested_network(item):
    port_id = item.get('port')
    fixed_ip = item.get('fixed_ip')
    network_id = None
    if port_id:
        if fixed_ip is not None:
            raise exception.ValidationError(detail=(
                "Specified Fixed IP '%s' cannot be used with port '%s': the "
                "two cannot be specified together." % (fixed_ip, port_id)))
    elif 'uuid' not in item:
        raise exception.ValidationError(
            detail="Bad network format: missing 'uuid'")
    else:
        network_id = item['uuid']
        # From 2.37 the schema checks it; before, only this does.
        if not _is_uuid_like(network_id):
            raise exception.ValidationError(detail=(
                'Bad networks format: network uuid is not in proper format '
                '(%s)' % network_id))
    return {'network_id': network_id, 'port_id': port_id or None,
            'fixed_ip': fixed_ip, 'tag': item.get('tag')}


def _is_uuid_like(value):
    try:
        uuid_lib.UUID(value)
    except ValueError:
        return False
    return True


# --- Block device mappings ------------------------------------------------

_BDM_KEYS = ('source_type', 'destination_type', 'boot_index', 'uuid',
             'volume_size', 'device_name', 'delete_on_termination',
             'guest_format', 'disk_bus', 'device_type', 'tag', 'volume_type',
             'no_device')

# The root device name assumed for legacy mappings.
_LEGACY_ROOT_DEVICE = 'vda'
_EPHEMERAL_NAME = re.compile(r'^ephemeral(\d|[1-9]\d+)$')


class InvalidBDMFormat(exception.Invalid):
    msg_fmt = 'Block Device Mapping is Invalid: %(details)s'


def _block_device_mapping(server):
    """The requested block devices in the v2 format, whichever syntax the
    body used."""
    legacy = server.get('block_device_mapping', [])
    current = server.get('block_device_mapping_v2', [])
    if legacy and current:
        raise exception.ValidationError(
            detail='Using different block_device_mapping syntaxes is not '
                   'allowed in the same request.')
    if legacy:
        return [_from_legacy(item) for item in legacy]
    # An empty imageRef counts as given here, as in Nova.
    image_given = server.get('imageRef') is not None
    return [_from_v2(item, image_given) for item in current]


def _bdm(item, **values):
    """A v2 entry: the common keys of ``item``, then ``values``."""
    bdm = dict.fromkeys(_BDM_KEYS)
    bdm.update({key: item[key] for key in _BDM_KEYS if key in item})
    bdm.update(values)
    if bdm['volume_size'] is not None:
        bdm['volume_size'] = int(bdm['volume_size'])
    bdm['delete_on_termination'] = parameter_types.to_bool(
        bdm['delete_on_termination'] or False)
    bdm['no_device'] = bool(bdm['no_device'])
    return bdm


def _from_v2(item, image_given):
    bdm = _bdm(item)
    if bdm['boot_index'] is not None:
        bdm['boot_index'] = int(bdm['boot_index'])
    if not bdm['no_device']:
        _check_v2(bdm, image_given)
    return bdm


def _check_v2(bdm, image_given):
    source, destination = bdm['source_type'], bdm['destination_type']
    if source == 'blank' and bdm['uuid']:
        raise InvalidBDMFormat(details='Invalid device UUID.')
    if source != 'blank' and not bdm['uuid']:
        raise InvalidBDMFormat(details='Missing device UUID.')
    if source is None:
        raise InvalidBDMFormat(details='Some required fields are missing')
    if source == 'image' and destination == 'local' and not (
            image_given and bdm['boot_index'] == 0):
        raise InvalidBDMFormat(
            details='Mapping image to local is not supported.')
    if bdm['volume_type'] and destination == 'local':
        raise InvalidBDMFormat(
            details='Specifying a volume_type with destination_type=local '
                    'is not supported.')
    if bdm['volume_type'] and source == 'volume':
        raise InvalidBDMFormat(
            details='Specifying volume type to existing volume is not '
                    'supported.')


def _from_legacy(item):
    """A legacy entry in the v2 format. A volume or snapshot on the root
    device (vda) boots the server; other entries do not."""
    virtual_name = item.get('virtual_name') or ''
    if virtual_name == 'swap' or _EPHEMERAL_NAME.match(virtual_name):
        bdm = _bdm(item, source_type='blank', destination_type='local',
                   delete_on_termination=True,
                   guest_format='swap' if virtual_name == 'swap' else None)
    elif item.get('snapshot_id'):
        bdm = _bdm(item, source_type='snapshot', destination_type='volume',
                   uuid=item['snapshot_id'])
    elif item.get('volume_id'):
        bdm = _bdm(item, source_type='volume', destination_type='volume',
                   uuid=item['volume_id'])
    elif item.get('no_device'):
        return _bdm(item)
    else:
        raise InvalidBDMFormat(details='Unrecognized legacy format.')
    root = bdm['source_type'] in ('volume', 'snapshot') and \
        _strip_dev(bdm['device_name']) == _LEGACY_ROOT_DEVICE
    bdm['boot_index'] = 0 if root else -1
    return bdm


def _strip_dev(device_name):
    return re.sub('^/dev/', '', device_name or '')
