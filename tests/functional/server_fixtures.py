"""Servers written straight into the databases, for tests that read them
without booting: the instance row with its extras, network info, request
spec, faults, volumes and server group membership.

The functional cloud runs in the test process, so these writes go to the
same databases the API reads. Use a fresh project per test (``project()``)
so that lists only show the test's own servers.
"""

import datetime
import uuid as uuid_mod

from oslo_utils import timeutils

from compute.db import flavors as flavors_db
from compute.db import instances as instances_db
from compute.db import models_api
from compute.db import models_cell
from compute.db import request_specs
from compute.db import session
from compute.objects import request_spec as spec_obj

IMAGE_ID = '70a599e0-31e7-49b7-b260-868f441e862b'


def project():
    """A fresh (project id, member token) pair."""
    project_id = uuid_mod.uuid4().hex
    return project_id, 'user-%s:%s' % (project_id[:6], project_id)


def user_of(token):
    return token.split(':', 1)[0]


def flavor(flavorid='1'):
    """The flavor dict instances carry, from a flavor of the cloud."""
    row = flavors_db.get_flavor_by_flavor_id(flavorid)
    return {'id': row.id, 'flavorid': row.flavorid, 'name': row.name,
            'memory_mb': row.memory_mb, 'vcpus': row.vcpus,
            'root_gb': row.root_gb, 'ephemeral_gb': row.ephemeral_gb,
            'swap': row.swap, 'rxtx_factor': row.rxtx_factor,
            'is_public': row.is_public, 'description': row.description,
            'extra_specs': dict(row.extra_specs)}


def vif(label='private', addresses=('192.168.1.30',), mac=None,
        floating=(), security_groups=('default',), version=4):
    """One entry of network_info (Nova's VIF) with fixed addresses on one
    subnet; ``floating`` attaches to the first address."""
    ips = [{'address': address, 'type': 'fixed', 'version': version,
            'floating_ips': []} for address in addresses]
    if ips:
        ips[0]['floating_ips'] = [{'address': address, 'type': 'floating',
                                   'version': 4} for address in floating]
    port = str(uuid_mod.uuid4())
    cidr = '192.168.1.0/24' if version == 4 else 'fd00::/64'
    return {'id': port, 'address': mac or '00:0c:29:0d:11:74',
            'type': 'bridge', 'devname': ('tap' + port)[:14],
            'vnic_type': 'normal', 'active': True,
            'preserve_on_delete': False,
            'network': {'id': str(uuid_mod.uuid4()), 'label': label,
                        'bridge': 'brq', 'subnets': [{
                            'cidr': cidr, 'version': version,
                            'gateway': {'address': None, 'type': 'gateway',
                                        'version': version},
                            'dns': [], 'ips': ips}]},
            'security_groups': list(security_groups)}


def server(project_id, user_id='fake-user', name='server', metadata=None,
           tags=(), system_metadata=None, network_info=None, flavorid='1',
           spec=None, trusted_certs=None, **values):
    """Write an ACTIVE server (unless ``values`` say otherwise) on host
    compute1; returns its Instance object. ``network_info`` defaults to one
    VIF on 'private'; ``spec`` is a dict of RequestSpec fields to store (a
    request spec is always written)."""
    server_uuid = values.pop('uuid', None) or str(uuid_mod.uuid4())
    flavor_dict = flavor(flavorid)
    now = timeutils.utcnow(with_timezone=False)
    row = {
        'uuid': server_uuid, 'project_id': project_id, 'user_id': user_id,
        'display_name': name, 'hostname': name, 'vm_state': 'active',
        'task_state': None, 'power_state': 1, 'host': 'compute1',
        'node': 'compute1', 'availability_zone': 'nova',
        'image_ref': IMAGE_ID, 'launched_at': now, 'created_at': now,
        'updated_at': now, 'reservation_id': 'r-' + server_uuid[:8],
        'launch_index': 0, 'kernel_id': '', 'ramdisk_id': '',
        'root_device_name': '/dev/vda', 'config_drive': '',
        'user_data': 'IyEvYmluL2Jhc2gK', 'auto_disk_config': True,
        'access_ip_v4': '1.2.3.4', 'access_ip_v6': '80fe::', 'progress': 0,
        'locked': False, 'memory_mb': flavor_dict['memory_mb'],
        'vcpus': flavor_dict['vcpus'], 'root_gb': flavor_dict['root_gb'],
        'ephemeral_gb': flavor_dict['ephemeral_gb'],
        'instance_type_id': flavor_dict['id'],
    }
    row.update(values)
    instances_db.create(row, flavor_dict,
                        metadata=metadata if metadata is not None
                        else {'My Server Name': 'Apache1'},
                        system_metadata=system_metadata or {
                            'image_architecture': 'x86_64',
                            'image_base_image_ref': IMAGE_ID},
                        tags=tags, trusted_certs=trusted_certs)
    instances_db.update(server_uuid, network_info=network_info
                        if network_info is not None else [vif()])
    set_updated_at(server_uuid, row['updated_at'])
    spec_values = dict({'availability_zone': None, 'scheduler_hints': {}},
                       **(spec or {}))
    request_specs.create(spec_obj.RequestSpec(
        instance_uuid=server_uuid, project_id=project_id, user_id=user_id,
        flavor=flavor_dict, **spec_values), [server_uuid])
    return instances_db.get(server_uuid)


def set_updated_at(server_uuid, when):
    """Force updated_at (changes-since / changes-before tests)."""
    with session.cell_session() as db:
        db.execute(models_cell.Instance.__table__.update().where(
            models_cell.Instance.uuid == server_uuid).values(
                updated_at=when))


def ago(**delta):
    return timeutils.utcnow(with_timezone=False) - datetime.timedelta(
        **delta)


def attach_volume(server_uuid, volume_id, delete_on_termination=False):
    with session.cell_session() as db:
        db.add(models_cell.BlockDeviceMapping(
            instance_uuid=server_uuid, uuid=str(uuid_mod.uuid4()),
            source_type='volume', destination_type='volume',
            volume_id=volume_id,
            delete_on_termination=delete_on_termination))


def add_to_group(server_uuid, project_id, user_id='fake-user'):
    """Put the server in a new server group; returns the group uuid."""
    group_uuid = str(uuid_mod.uuid4())
    with session.api_session() as db:
        group = models_api.InstanceGroup(uuid=group_uuid, name='group',
                                         project_id=project_id,
                                         user_id=user_id)
        db.add(group)
        db.flush()
        db.add(models_api.InstanceGroupMember(instance_uuid=server_uuid,
                                              group_id=group.id))
    return group_uuid


def update(server_uuid, **values):
    """Change columns of the server (states, names...)."""
    return instances_db.update(server_uuid, **values)


def add_fault(server_uuid, code, message, details=None):
    instances_db.add_fault(server_uuid, code, message, details=details)


def delete(server_uuid):
    """Soft-delete the server, as deleting it would."""
    instances_db.soft_delete(server_uuid)


def db_server(project_id, metadata=None, system_metadata=None, tags=(),
              network_info=None, **values):
    """A bare server row (ACTIVE on a host no agent runs, launched in 2024)
    for tests of what hangs off a server; returns its uuid."""
    server_uuid = str(uuid_mod.uuid4())
    row = dict(uuid=server_uuid, project_id=project_id, user_id='owner',
               vm_state='active', power_state=1, display_name='vm',
               launched_at=datetime.datetime(2024, 1, 1), host='h1')
    row.update(values)
    instances_db.create(row, flavor={'flavorid': '1', 'name': 'tiny'},
                        metadata=metadata,
                        system_metadata=system_metadata, tags=tags)
    if network_info is not None:
        instances_db.update(server_uuid, network_info=network_info)
    return server_uuid
