"""A server as the services pass it around: the instance row plus what
hangs off it (flavor, metadata, tags, latest fault, network info)."""

import dataclasses
import datetime

from compute.objects import base

# Columns of the instances table carried by the object.
COLUMNS = (
    'id', 'uuid', 'user_id', 'project_id', 'image_ref', 'kernel_id',
    'ramdisk_id', 'hostname', 'launch_index', 'key_name', 'key_data',
    'power_state', 'vm_state', 'task_state', 'memory_mb', 'vcpus', 'root_gb',
    'ephemeral_gb', 'host', 'node', 'compute_id', 'instance_type_id',
    'user_data', 'reservation_id', 'launched_at', 'terminated_at',
    'availability_zone', 'display_name', 'display_description',
    'launched_on', 'locked', 'locked_by', 'os_type', 'architecture',
    'vm_mode', 'root_device_name', 'default_ephemeral_device',
    'default_swap_device', 'config_drive', 'access_ip_v4', 'access_ip_v6',
    'auto_disk_config', 'progress', 'shutdown_terminate',
    'disable_terminate', 'cleaned', 'hidden', 'created_at', 'updated_at',
    'deleted_at', 'deleted')


@base.register
@dataclasses.dataclass
class Instance(base.ComputeObject):
    uuid: str
    id: int | None = None
    user_id: str | None = None
    project_id: str | None = None
    image_ref: str | None = None
    kernel_id: str | None = None
    ramdisk_id: str | None = None
    hostname: str | None = None
    launch_index: int | None = None
    key_name: str | None = None
    key_data: str | None = None
    power_state: int | None = 0
    vm_state: str | None = None
    task_state: str | None = None
    memory_mb: int | None = None
    vcpus: int | None = None
    root_gb: int | None = None
    ephemeral_gb: int | None = None
    host: str | None = None
    node: str | None = None
    compute_id: int | None = None
    instance_type_id: int | None = None
    user_data: str | None = None
    reservation_id: str | None = None
    launched_at: datetime.datetime | None = None
    terminated_at: datetime.datetime | None = None
    availability_zone: str | None = None
    display_name: str | None = None
    display_description: str | None = None
    launched_on: str | None = None
    locked: bool | None = False
    locked_by: str | None = None
    os_type: str | None = None
    architecture: str | None = None
    vm_mode: str | None = None
    root_device_name: str | None = None
    default_ephemeral_device: str | None = None
    default_swap_device: str | None = None
    config_drive: str | None = None
    access_ip_v4: str | None = None
    access_ip_v6: str | None = None
    auto_disk_config: bool | None = None
    progress: int | None = None
    shutdown_terminate: bool | None = False
    disable_terminate: bool | None = False
    cleaned: int | None = 0
    hidden: bool | None = False
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    deleted_at: datetime.datetime | None = None
    deleted: int | None = 0
    # What hangs off the row.
    flavor: dict = dataclasses.field(default_factory=dict)
    metadata: dict = dataclasses.field(default_factory=dict)
    system_metadata: dict = dataclasses.field(default_factory=dict)
    tags: list = dataclasses.field(default_factory=list)
    fault: dict | None = None
    network_info: list = dataclasses.field(default_factory=list)
    keypairs: list = dataclasses.field(default_factory=list)
    trusted_certs: list | None = None
