"""Creating servers: everything POST /servers does before the conductor.

Check the request against the flavor, image, keypair, zone, networks and
quotas; write the servers (BUILD / scheduling), their request specs and
mappings; re-check quota; record the create action; hand the build to the
conductor. Errors are Nova's 400/403/409 with its messages.
"""

import base64
import uuid as uuid_mod

from oslo_utils import timeutils

from compute import availability_zones
from compute.conductor import rpcapi as conductor_rpcapi
from compute import conf as compute_conf
from compute import crypto
from compute.db import block_devices
from compute.db import flavors as flavors_db
from compute.db import instance_actions
from compute.db import instances as instances_db
from compute.db import keypairs as keypairs_db
from compute.db import request_specs
from compute.db import server_groups as groups_db
from compute.db import services as services_db
from compute import exception
from compute.image import api as image_api
from compute.lifecycle import hostnames
from compute.network import api as network_api
from compute.objects import build as build_obj
from compute.objects import request_spec as spec_obj
from compute import quota
from compute import states

CONF = compute_conf.CONF

_GiB = 1024 ** 3


def find_flavor(context, flavor_ref):
    try:
        flavor = flavors_db.get_flavor_by_flavor_id(str(flavor_ref),
                                                    context=context)
    except exception.FlavorNotFound as err:
        raise exception.Invalid(err.format_message())
    return {'id': flavor.id, 'flavorid': flavor.flavorid,
            'name': flavor.name, 'memory_mb': flavor.memory_mb,
            'vcpus': flavor.vcpus, 'root_gb': flavor.root_gb,
            'ephemeral_gb': flavor.ephemeral_gb, 'swap': flavor.swap,
            'rxtx_factor': flavor.rxtx_factor,
            'is_public': flavor.is_public,
            'description': flavor.description,
            'extra_specs': dict(flavor.extra_specs)}


def find_image(context, image_ref, flavor, volume_backed):
    if volume_backed:
        return {}
    try:
        image = image_api.get_image_api().get(context, image_ref)
    except exception.NotFound:
        raise exception.Invalid('Image %s could not be found.' % image_ref)
    if image.get('status') != 'active':
        raise exception.Invalid('Image %s is not active.' % image_ref)
    if (image.get('min_ram') or 0) > flavor['memory_mb']:
        raise exception.Invalid(
            "Flavor's memory is too small for requested image.")
    root_bytes = flavor['root_gb'] * _GiB
    if flavor['root_gb'] and ((image.get('min_disk') or 0) >
                              flavor['root_gb'] or
                              (image.get('size') or 0) > root_bytes):
        raise exception.Invalid(
            "Flavor's disk is too small for requested image.")
    return image


def _volume_backed(params):
    """True when the root disk is a volume; 400 for any volume request,
    as this cloud has no volume service yet."""
    for bdm in params['block_device_mapping']:
        if bdm.get('destination_type') == 'volume' or \
                bdm.get('source_type') in ('volume', 'snapshot'):
            raise exception.Invalid(
                'Block Device Mapping is Invalid: no volume service is '
                'available to provide %s %s.' % (
                    bdm.get('source_type'), bdm.get('uuid') or ''))
    return False


def find_keypair(context, key_name):
    if not key_name:
        return None
    try:
        return keypairs_db.get(context.user_id, key_name)
    except exception.NotFound:
        raise exception.Invalid('Invalid key_name provided.')


def _zone_and_host(context, params):
    """(availability zone, forced host, forced node, requested host,
    requested node) of the request, each checked."""
    zone, forced_host, forced_node = params['availability_zone'], None, None
    if zone and ':' in zone:
        zone, _, rest = zone.partition(':')
        forced_host, _, forced_node = rest.partition(':')
        context.can('os_compute_api:servers:create:forced_host',
                    target={'project_id': context.project_id})
    zone = zone or CONF.default_schedule_zone
    requested_host = params.get('host')
    requested_node = params.get('hypervisor_hostname')
    if requested_host or requested_node:
        context.can('compute:servers:create:requested_destination',
                    target={'project_id': context.project_id})
    for host in (forced_host, requested_host):
        if host and not services_db.list_services(host=host,
                                                  binary='nova-compute'):
            raise exception.Invalid(
                'Compute host %s could not be found.' % host)
    if zone:
        services = services_db.list_services(binary='nova-compute')
        zones = set(availability_zones.host_availability_zones(
            s.host for s in services if not s.disabled).values())
        if zone not in zones:
            raise exception.Invalid(
                'The requested availability zone is not available')
    return zone, forced_host or None, forced_node or None, \
        requested_host, requested_node


def image_system_metadata(image):
    """The ``image_*`` system metadata a server keeps of its image: the
    image's properties, its id and its minimums."""
    values = {'image_%s' % key: str(value)
              for key, value in (image.get('properties') or {}).items()}
    values.update(image_base_image_ref=image['id'],
                  image_min_ram=str(image.get('min_ram') or 0),
                  image_min_disk=str(image.get('min_disk') or 0))
    return values


def quota_message(err):
    name = err.overs[0]
    return ('Quota exceeded for %s: Requested %s, but already used %s of '
            '%s %s' % (name, err.deltas.get(name), err.usages.get(name),
                       err.quotas.get(name), name))


def _check_count_quota(context, flavor, min_count, max_count):
    """The number of servers to create: max_count if it fits, else the
    most that fits down to min_count; 403 below that."""
    count = max_count
    while True:
        try:
            quota.check_deltas(context, None, None, {
                'instances': count, 'cores': count * flavor['vcpus'],
                'ram': count * flavor['memory_mb']})
            return count
        except quota.OverQuota as err:
            if count <= min_count:
                raise exception.OverQuota(quota_message(err))
            count -= 1


def check_request_quotas(context, params):
    checks = {'metadata_items': len(params['metadata'])}
    for name, value in checks.items():
        try:
            quota.check_deltas(context, None, None, {name: value})
        except quota.OverQuota:
            raise exception.OverQuota(
                'Quota exceeded, too many %s.' % name.replace('_', ' '))
    files = params.get('personality') or []
    if files:
        try:
            quota.check_deltas(context, None, None, {
                'injected_files': len(files),
                'injected_file_path_bytes': max(
                    len(f['path']) for f in files),
                'injected_file_content_bytes': max(
                    len(base64.b64decode(f['contents'])) for f in files)})
        except quota.OverQuota as err:
            messages = {
                'injected_files': 'Personality file limit exceeded',
                'injected_file_path_bytes':
                    'Personality file path exceeds maximum 255',
                'injected_file_content_bytes':
                    'Personality file content exceeds maximum 10240'}
            raise exception.OverQuota(messages[err.overs[0]])


def _requested_group(context, hints):
    """The server group the ``group`` hint names, or None; 400 when the
    caller cannot see it (another project's, for a non-administrator) or
    more than one is named."""
    value = (hints or {}).get('group')
    if not value:
        return None
    uuids = sorted(set(value)) if isinstance(value, list) else [value]
    if len(uuids) > 1:
        raise exception.Invalid('A server can be in only one server group.')
    try:
        return groups_db.get(uuids[0], None if context.is_admin
                             else context.project_id)
    except groups_db.ServerGroupNotFound as err:
        raise exception.Invalid(err.format_message())


def _check_member_quota(context, group, delta):
    groups_db.forget_deleted_members(group.uuid)
    try:
        quota.check_deltas(context, None, None,
                           {'server_group_members': delta},
                           group_uuid=group.uuid)
    except quota.OverQuota:
        raise exception.OverQuota('Quota exceeded, too many servers in group')


def _withdraw(group, uuids):
    """Take back the servers written for a request that went over quota."""
    if group:
        groups_db.remove_members(group.uuid, uuids)
    for uuid in uuids:
        instances_db.soft_delete(uuid)
    request_specs.delete(uuids)


def _recheck_quotas(context, group, uuids):
    """After the servers were written, the quotas a concurrent request may
    have taken meanwhile; the servers go again when over."""
    try:
        quota.check_deltas(context, None, None, {
            'instances': 0, 'cores': 0, 'ram': 0})
    except quota.OverQuota as err:
        _withdraw(group, uuids)
        raise exception.OverQuota(quota_message(err))
    if group:
        try:
            _check_member_quota(context, group, 0)
        except exception.OverQuota:
            _withdraw(group, uuids)
            raise


def _hostname(params, display_name, index, count):
    if params.get('hostname'):
        return params['hostname'] if count == 1 else '%s-%d' % (
            params['hostname'], index + 1)
    return hostnames.sanitize_hostname(display_name) or 'server'


def _block_device_mappings(params, image):
    """The server's disks: the requested local ones (blank ephemeral and
    swap, or the image) plus, unless requested, the root disk from the
    image."""
    mappings = list(params['block_device_mapping'])
    if image and not any(m.get('boot_index') == 0 for m in mappings):
        mappings.insert(0, block_devices.root_image_mapping(image['id']))
    return mappings


def create_servers(context, params, version):
    """Validate, write and start building; returns (instances,
    reservation_id, admin_password)."""
    context.can('os_compute_api:servers:create',
                target={'project_id': context.project_id,
                        'user_id': context.user_id})
    if params['min_count'] > params['max_count']:
        raise exception.Invalid('min_count must be <= max_count')
    # '0' passes the schema (its minimum binds integers only): as Nova.
    min_count = params['min_count'] or 1
    max_count = params['max_count'] or min_count
    flavor = find_flavor(context, params['flavor_ref'])
    volume_backed = _volume_backed(params)
    if not params['image_ref'] and not volume_backed:
        raise exception.Invalid('Missing imageRef attribute')
    image = find_image(context, params['image_ref'], flavor, volume_backed)
    if not flavor['root_gb'] and not volume_backed:
        context.can('os_compute_api:servers:create:zero_disk_flavor',
                    target={'project_id': context.project_id})
    keypair = find_keypair(context, params['key_name'])
    zone, forced_host, forced_node, req_host, req_node = _zone_and_host(
        context, params)
    networks = params['networks']
    if params['requested_networks_given'] and networks != 'none':
        context.can('os_compute_api:servers:create:attach_network',
                    target={'project_id': context.project_id})
    if params.get('trusted_image_certificates'):
        context.can('os_compute_api:servers:create:trusted_certs',
                    target={'project_id': context.project_id})
    network_api.get_network_api().validate_networks(context, networks,
                                                    max_count)
    group = _requested_group(context, params.get('scheduler_hints'))
    check_request_quotas(context, params)
    count = _check_count_quota(context, flavor, min_count, max_count)
    if group:
        _check_member_quota(context, group, count)

    reservation_id = 'r-' + uuid_mod.uuid4().hex[:8]
    admin_password = params.get('admin_pass') or (
        crypto.generate_password() if CONF.enable_instance_password
        else None)
    now = timeutils.utcnow(with_timezone=False)
    system_metadata = image_system_metadata(image) if image else {}
    created = []
    for index in range(count):
        server_uuid = str(uuid_mod.uuid4())
        name = params['name']
        if count > 1:
            name = CONF.multi_instance_display_name_template % {
                'name': name, 'count': index + 1, 'uuid': server_uuid}
        values = {
            'uuid': server_uuid, 'user_id': context.user_id,
            'project_id': context.project_id,
            'image_ref': params['image_ref'] or '',
            'hostname': _hostname(params, name, index, count),
            'launch_index': index, 'reservation_id': reservation_id,
            'key_name': keypair.name if keypair else None,
            'key_data': keypair.public_key if keypair else None,
            'power_state': states.NOSTATE, 'vm_state': states.BUILDING,
            'task_state': states.SCHEDULING,
            'memory_mb': flavor['memory_mb'], 'vcpus': flavor['vcpus'],
            'root_gb': flavor['root_gb'],
            'ephemeral_gb': flavor['ephemeral_gb'],
            'instance_type_id': flavor['id'],
            'user_data': params.get('user_data'),
            'availability_zone': zone, 'display_name': name,
            'display_description': params.get('description'),
            'locked': False, 'config_drive':
                'True' if params.get('config_drive') else '',
            'access_ip_v4': params.get('access_ip_v4'),
            'access_ip_v6': params.get('access_ip_v6'),
            'auto_disk_config': params.get('disk_config') == 'AUTO',
            'progress': 0, 'created_at': now,
        }
        created.append(instances_db.create(
            values, flavor, metadata=params['metadata'],
            system_metadata=system_metadata, tags=params.get('tags') or (),
            keypairs=[{'name': keypair.name, 'type': keypair.type,
                       'public_key': keypair.public_key}] if keypair else (),
            trusted_certs=params.get('trusted_image_certificates')))
    mappings = _block_device_mappings(params, image)
    for inst in created:
        block_devices.create_for_instance(inst.uuid, mappings)
    uuids = [inst.uuid for inst in created]
    if group:
        groups_db.add_members(group.uuid, uuids)
    spec = spec_obj.RequestSpec(
        instance_uuid=uuids[0], project_id=context.project_id,
        user_id=context.user_id, flavor=flavor, image=image,
        num_instances=count, availability_zone=zone,
        # Hints starting with _nova are the services' own.
        scheduler_hints={
            name: value for name, value in
            (params.get('scheduler_hints') or {}).items()
            if not name.startswith('_nova')},
        requested_host=req_host, requested_node=req_node,
        force_hosts=[forced_host] if forced_host else [],
        force_nodes=[forced_node] if forced_node else [],
        is_bfv=volume_backed, pinned_availability_zone=zone,
        instance_group=groups_db.scheduling_view(group.uuid) if group
        else None)
    request_specs.create(spec, uuids)
    if CONF.quota.recheck_quota:
        _recheck_quotas(context, group, uuids)
    for inst in created:
        instance_actions.action_start(context, inst.uuid, 'create')
    build = build_obj.Build(
        request_spec=spec, instance_uuids=uuids, image=image,
        requested_networks=networks, admin_password=admin_password,
        block_device_mapping=params['block_device_mapping'],
        security_groups=params.get('security_groups') or ['default'])
    conductor_rpcapi.ConductorAPI().build_instances(context, build)
    return created, reservation_id, admin_password

