"""Server bodies per microversion: the list entry (GET /servers), the full
server (GET /servers/detail and /servers/{id}, PUT, rebuild) and the answer
to a create.

What every server of a page needs from elsewhere (volumes, availability
zones of hosts, compute services for ``host_status``, request specs for
``pinned_availability_zone`` and ``scheduler_hints``) is fetched once per
page. Policy decides who sees the ``OS-EXT-SRV-ATTR:*`` fields, the flavor's
extra specs and ``host_status``.
"""

import dataclasses

from oslo_utils import timeutils

from compute.api.views import timestamps
from compute import availability_zones
from compute.api import microversion
from compute.api.views import addresses as addresses_view
from compute.api.views import host_ids
from compute.api.views import links
from compute import conf as compute_conf
from compute.db import instance_list
from compute.db import request_specs
from compute.policies import servers as policies
from compute import states

CONF = compute_conf.CONF

# Where server bodies change.

# host_status values.
_UP, _DOWN, _MAINTENANCE, _UNKNOWN, _NONE = (
    'UP', 'DOWN', 'MAINTENANCE', 'UNKNOWN', '')
_IMAGE_PROPERTY_PREFIX = 'image_'
_COLLECTION = 'servers'


@dataclasses.dataclass
class _Page:
    """What the bodies of a page of servers need, fetched once."""

    extended_attributes: bool
    extra_specs: bool
    # None: no host_status; True: only when UNKNOWN; False: always.
    host_status_unknown_only: bool | None
    volumes: dict
    zones: dict
    services: dict
    specs: dict


def _isotime(value):
    return (value or timeutils.utcnow()).strftime('%Y-%m-%dT%H:%M:%SZ')


def _host_status_unknown_only(context, target):
    if context.can(policies.POLICY_ROOT % 'show:host_status', fatal=False,
                   target=target):
        return False
    if context.can(policies.POLICY_ROOT % 'show:host_status:unknown-only',
                   fatal=False, target=target):
        return True
    return None


def _page(req, instances, target):
    """The _Page of ``instances``; policies checked against ``target``."""
    context = req.context
    unknown_only = None
    if req.ver >= microversion.HOST_STATUS:
        unknown_only = _host_status_unknown_only(context, target)
    hosts = {inst.host for inst in instances if inst.host}
    uuids = [inst.uuid for inst in instances]
    return _Page(
        extended_attributes=context.can(policies.EXTENDED_ATTRIBUTES,
                                        fatal=False, target=target),
        extra_specs=req.ver >= microversion.FLAVOR_EMBEDDED and context.can(
            policies.POLICY_ROOT % 'show:flavor-extra-specs', fatal=False,
            target=target),
        host_status_unknown_only=unknown_only,
        volumes=instance_list.volumes_attached(uuids),
        zones=availability_zones.host_availability_zones(hosts),
        services=instance_list.compute_services(hosts)
        if unknown_only is not None else {},
        specs=request_specs.get_many(uuids) if req.ver >= microversion.PINNED_AZ else {})


def _status(instance):
    if instance.deleted:
        return 'DELETED'
    return states.status(instance.vm_state, instance.task_state)


def _bookmark(req, collection, ident):
    return [link for link in links.resource_links(req, collection, ident)
            if link['rel'] == 'bookmark']


def _image(req, instance):
    if not instance.image_ref:
        return ''
    image_id = instance.image_ref.rstrip('/').rsplit('/', 1)[-1]
    image = {'id': image_id, 'links': _bookmark(req, 'images', image_id)}
    if req.ver >= microversion.IMAGE_PROPERTIES:
        image['properties'] = {
            key[len(_IMAGE_PROPERTY_PREFIX):]: value
            for key, value in instance.system_metadata.items()
            if key.startswith(_IMAGE_PROPERTY_PREFIX)}
    return image


def _flavor(req, instance, extra_specs):
    flavor = instance.flavor
    if not flavor:
        return {}
    if req.ver < microversion.FLAVOR_EMBEDDED:
        flavor_id = str(flavor['flavorid'])
        return {'id': flavor_id,
                'links': _bookmark(req, 'flavors', flavor_id)}
    body = {'vcpus': flavor['vcpus'], 'ram': flavor['memory_mb'],
            'disk': flavor['root_gb'], 'ephemeral': flavor['ephemeral_gb'],
            'swap': flavor['swap'], 'original_name': flavor['name']}
    if extra_specs:
        body['extra_specs'] = flavor.get('extra_specs') or {}
    return body


def _fault(req, fault):
    body = {'code': fault['code'], 'created': _isotime(fault['created_at']),
            'message': fault['message']}
    if fault.get('details') and (req.context.is_admin or
                                 fault['code'] != 500):
        body['details'] = fault['details']
    return body


def _security_groups(network_info):
    names = []
    for vif in network_info:
        for name in vif.get('security_groups') or []:
            if name not in names:
                names.append(name)
    return [{'name': name} for name in names]


def _host_status(service):
    if service is None:
        return _NONE
    if service.forced_down:
        return _DOWN
    if service.disabled:
        return _MAINTENANCE
    return _UP if service.is_up(CONF.service_down_time) else _UNKNOWN


def _extended_attributes(req, instance):
    attrs = {'host': instance.host, 'instance_name': _instance_name(instance),
             'hypervisor_hostname': instance.node}
    if req.ver >= microversion.MORE_EXTENDED_ATTRIBUTES:
        attrs.update(reservation_id=instance.reservation_id,
                     launch_index=instance.launch_index,
                     hostname=instance.hostname,
                     kernel_id=instance.kernel_id,
                     ramdisk_id=instance.ramdisk_id,
                     root_device_name=instance.root_device_name,
                     user_data=instance.user_data)
    return {'OS-EXT-SRV-ATTR:' + key: value for key, value in attrs.items()}


def _instance_name(instance):
    template = CONF.instance_name_template
    try:
        return template % instance.id
    except TypeError:
        try:
            return template % dataclasses.asdict(instance)
        except KeyError:
            return instance.uuid


def _volumes(req, instance, page):
    with_flag = req.ver >= microversion.MORE_EXTENDED_ATTRIBUTES
    result = []
    for volume_id, delete_on_termination in page.volumes.get(instance.uuid,
                                                             []):
        entry = {'id': volume_id}
        if with_flag:
            entry['delete_on_termination'] = delete_on_termination
        result.append(entry)
    return result


def _zone(instance, page):
    if instance.host:
        return page.zones.get(instance.host) or ''
    return instance.availability_zone or ''


def _full_fields(req, instance, page, user_data):
    """The fields a server body has except in pre-2.75 update and
    rebuild answers."""
    fields = {
        'OS-EXT-AZ:availability_zone': _zone(instance, page),
        'config_drive': instance.config_drive,
        'key_name': instance.key_name,
        'OS-SRV-USG:launched_at': timestamps.with_microseconds(instance.launched_at),
        'OS-SRV-USG:terminated_at': timestamps.with_microseconds(instance.terminated_at),
        'OS-EXT-STS:task_state': instance.task_state,
        'OS-EXT-STS:vm_state': instance.vm_state,
        'OS-EXT-STS:power_state': instance.power_state,
        'os-extended-volumes:volumes_attached': _volumes(req, instance, page),
    }
    groups = _security_groups(instance.network_info)
    if groups:
        fields['security_groups'] = groups
    if page.extended_attributes:
        fields.update(_extended_attributes(req, instance))
        if not user_data:
            fields.pop('OS-EXT-SRV-ATTR:user_data', None)
    if page.host_status_unknown_only is not None:
        status = _host_status(page.services.get(instance.host)
                              if instance.host else None)
        if not page.host_status_unknown_only or status == _UNKNOWN:
            fields['host_status'] = status
    return fields


def _versioned_fields(req, instance, page):
    """The fields added by microversions after 2.3."""
    ver = req.ver
    fields = {}
    if ver >= microversion.SERVER_LOCKED:
        fields['locked'] = bool(instance.locked_by)
    if ver >= microversion.LOCKED_REASON:
        fields['locked_reason'] = instance.system_metadata.get(
            'locked_reason')
    if ver >= microversion.SERVER_DESCRIPTION:
        fields['description'] = instance.display_description
    if ver >= microversion.SERVER_TAGS:
        fields['tags'] = list(instance.tags)
    if ver >= microversion.TRUSTED_CERTS:
        fields['trusted_image_certificates'] = instance.trusted_certs
    if ver >= microversion.HOSTNAME_FOR_ALL:
        fields['OS-EXT-SRV-ATTR:hostname'] = instance.hostname
    spec = page.specs.get(instance.uuid)
    if ver >= microversion.PINNED_AZ:
        fields['pinned_availability_zone'] = \
            spec.availability_zone if spec else None
    if ver >= microversion.SCHEDULER_HINTS:
        fields['scheduler_hints'] = _scheduler_hints(spec)
    return fields


def _scheduler_hints(spec):
    """The hints given at create; each value a list, as Nova keeps them."""
    if spec is None:
        return {}
    return {name: value if isinstance(value, list) else [value]
            for name, value in (spec.scheduler_hints or {}).items()}


def _server(req, instance, page, full=True, user_data=True):
    status = _status(instance)
    body = {
        'id': instance.uuid,
        'name': instance.display_name,
        'status': status,
        'tenant_id': instance.project_id or '',
        'user_id': instance.user_id or '',
        'metadata': dict(instance.metadata),
        'hostId': host_ids.host_id(instance.host, instance.project_id),
        'image': _image(req, instance),
        'flavor': _flavor(req, instance, page.extra_specs),
        'created': _isotime(instance.created_at),
        'updated': _isotime(instance.updated_at),
        # Addresses stay hidden while the server builds.
        'addresses': {} if instance.vm_state == states.BUILDING else
        addresses_view.addresses(instance.network_info, extended=full),
        'accessIPv4': instance.access_ip_v4 or '',
        'accessIPv6': instance.access_ip_v6 or '',
        'links': links.resource_links(req, _COLLECTION, instance.uuid),
        'OS-DCF:diskConfig': 'AUTO' if instance.auto_disk_config
        else 'MANUAL',
    }
    if status in states.FAULT_STATUSES and instance.fault:
        body['fault'] = _fault(req, instance.fault)
    if status in states.PROGRESS_STATUSES:
        body['progress'] = instance.progress or 0
    if full:
        body.update(_full_fields(req, instance, page, user_data))
    body.update(_versioned_fields(req, instance, page))
    return body


def show(req, instance, full=True, user_data=True):
    """{"server": ...}: the full server at req.ver (GET /servers/{id}).

    ``full=False`` is the smaller body PUT and rebuild answered before
    2.75; ``user_data=False`` leaves out OS-EXT-SRV-ATTR:user_data (rebuild
    shows ``user_data`` its own way).
    """
    page = _page(req, [instance], {'project_id': instance.project_id})
    body = _server(req, instance, page, full=full, user_data=user_data)
    if req.ver >= microversion.SERVER_GROUPS:
        body['server_groups'] = instance_list.server_group_uuids(
            instance.uuid)
    return {'server': body}


def _next_links(req, instances, collection):
    """Nova's ``servers_links``: a next link when the page is full."""
    limit = req.GET.get('limit')
    page_size = min(int(limit), CONF.api.max_limit) if limit is not None \
        else CONF.api.max_limit
    if page_size and len(instances) == page_size:
        return [links.collection_next_link(req, collection,
                                           instances[-1].uuid)]
    return []


def _collection(req, instances, servers, collection):
    body = {'servers': servers}
    next_links = _next_links(req, instances, collection)
    if next_links:
        body['servers_links'] = next_links
    return body


def index(req, instances):
    """GET /servers: id, name and links of each server."""
    servers = [{'id': inst.uuid, 'name': inst.display_name,
                'links': links.resource_links(req, _COLLECTION, inst.uuid)}
               for inst in instances]
    return _collection(req, instances, servers, _COLLECTION)


def detail(req, instances):
    """GET /servers/detail: the full body of each server."""
    page = _page(req, instances, None)
    servers = [_server(req, inst, page) for inst in instances]
    return _collection(req, instances, servers, _COLLECTION + '/detail')


def create_response(req, instance, admin_password):
    """{"server": ...} answering POST /servers: id, links, disk config, the
    requested security groups and, when enabled, the admin password."""
    requested = req.json_body().get('server', {})
    body = {
        'id': instance.uuid,
        'links': links.resource_links(req, _COLLECTION, instance.uuid),
        'OS-DCF:diskConfig': 'AUTO' if instance.auto_disk_config
        else 'MANUAL',
        'security_groups': requested.get('security_groups',
                                         [{'name': 'default'}]),
    }
    if CONF.enable_instance_password:
        body['adminPass'] = admin_password
    return {'server': body}


def server_url(req, server_id):
    """The self link of a server (the Location of a create)."""
    return links.resource_links(req, _COLLECTION, server_id)[0]['href']
