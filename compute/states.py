"""Server state vocabulary: vm_state, task_state, power_state, and the
public ``status`` derived from them (Nova's table, see server_states.md).
"""

# vm_states
ACTIVE = 'active'
BUILDING = 'building'
PAUSED = 'paused'
SUSPENDED = 'suspended'
STOPPED = 'stopped'
RESCUED = 'rescued'
RESIZED = 'resized'
SOFT_DELETED = 'soft-delete'
DELETED = 'deleted'
ERROR = 'error'
SHELVED = 'shelved'
SHELVED_OFFLOADED = 'shelved_offloaded'

VM_STATES = (ACTIVE, BUILDING, PAUSED, SUSPENDED, STOPPED, RESCUED, RESIZED,
             SOFT_DELETED, DELETED, ERROR, SHELVED, SHELVED_OFFLOADED)

# task_states
SCHEDULING = 'scheduling'
BLOCK_DEVICE_MAPPING = 'block_device_mapping'
NETWORKING = 'networking'
SPAWNING = 'spawning'
IMAGE_SNAPSHOT = 'image_snapshot'
IMAGE_SNAPSHOT_PENDING = 'image_snapshot_pending'
IMAGE_PENDING_UPLOAD = 'image_pending_upload'
IMAGE_UPLOADING = 'image_uploading'
IMAGE_BACKUP = 'image_backup'
UPDATING_PASSWORD = 'updating_password'
RESIZE_PREP = 'resize_prep'
RESIZE_MIGRATING = 'resize_migrating'
RESIZE_MIGRATED = 'resize_migrated'
RESIZE_FINISH = 'resize_finish'
RESIZE_REVERTING = 'resize_reverting'
RESIZE_CONFIRMING = 'resize_confirming'
REBOOTING = 'rebooting'
REBOOT_PENDING = 'reboot_pending'
REBOOT_STARTED = 'reboot_started'
REBOOTING_HARD = 'rebooting_hard'
REBOOT_PENDING_HARD = 'reboot_pending_hard'
REBOOT_STARTED_HARD = 'reboot_started_hard'
PAUSING = 'pausing'
UNPAUSING = 'unpausing'
SUSPENDING = 'suspending'
RESUMING = 'resuming'
POWERING_OFF = 'powering-off'
POWERING_ON = 'powering-on'
RESCUING = 'rescuing'
UNRESCUING = 'unrescuing'
REBUILDING = 'rebuilding'
REBUILD_BLOCK_DEVICE_MAPPING = 'rebuild_block_device_mapping'
REBUILD_SPAWNING = 'rebuild_spawning'
MIGRATING = 'migrating'
DELETING = 'deleting'
SOFT_DELETING = 'soft-deleting'
RESTORING = 'restoring'
SHELVING = 'shelving'
SHELVING_IMAGE_PENDING_UPLOAD = 'shelving_image_pending_upload'
SHELVING_IMAGE_UPLOADING = 'shelving_image_uploading'
SHELVING_OFFLOADING = 'shelving_offloading'
UNSHELVING = 'unshelving'

# Helper groups of task_states (server_states.md).
SOFT_REBOOT_STATES = (REBOOTING, REBOOT_PENDING, REBOOT_STARTED)
HARD_REBOOT_STATES = (REBOOTING_HARD, REBOOT_PENDING_HARD,
                      REBOOT_STARTED_HARD)
ALLOW_REBOOT_TASK_STATES = (None, REBOOTING, REBOOT_PENDING, REBOOT_STARTED,
                            RESUMING, REBOOTING_HARD, UNPAUSING, PAUSING,
                            SUSPENDING)
REBUILD_STATES = (REBUILDING, REBUILD_BLOCK_DEVICE_MAPPING, REBUILD_SPAWNING)
RESIZING_STATES = (RESIZE_PREP, RESIZE_MIGRATING, RESIZE_MIGRATED,
                   RESIZE_FINISH)

# power_states
NOSTATE = 0
RUNNING = 1
PAUSED_POWER = 3
SHUTDOWN = 4
CRASHED = 6
SUSPENDED_POWER = 7

_REBOOT = {'rebooting': 'REBOOT', 'reboot_pending': 'REBOOT',
           'reboot_started': 'REBOOT', 'rebooting_hard': 'HARD_REBOOT',
           'reboot_pending_hard': 'HARD_REBOOT',
           'reboot_started_hard': 'HARD_REBOOT'}
_REBUILD = {'rebuilding': 'REBUILD', 'rebuild_block_device_mapping':
            'REBUILD', 'rebuild_spawning': 'REBUILD'}
_RESIZE = {'resize_prep': 'RESIZE', 'resize_migrating': 'RESIZE',
           'resize_migrated': 'RESIZE', 'resize_finish': 'RESIZE'}

# vm_state -> (default status, {task_state: status})
STATUS_MAP = {
    ACTIVE: ('ACTIVE', dict(_REBOOT, updating_password='PASSWORD',
                            migrating='MIGRATING', **_REBUILD, **_RESIZE)),
    BUILDING: ('BUILD', {}),
    STOPPED: ('SHUTOFF', dict(_RESIZE, **_REBUILD)),
    RESIZED: ('VERIFY_RESIZE', {'resize_reverting': 'REVERT_RESIZE'}),
    PAUSED: ('PAUSED', {'migrating': 'MIGRATING'}),
    SUSPENDED: ('SUSPENDED', {}),
    RESCUED: ('RESCUE', {}),
    ERROR: ('ERROR', dict(_REBUILD)),
    DELETED: ('DELETED', {}),
    SOFT_DELETED: ('SOFT_DELETED', {}),
    SHELVED: ('SHELVED', {}),
    SHELVED_OFFLOADED: ('SHELVED_OFFLOADED', {}),
}

STATUSES = frozenset(['ACTIVE', 'REBOOT', 'HARD_REBOOT', 'PASSWORD',
                      'REBUILD', 'MIGRATING', 'RESIZE', 'BUILD', 'SHUTOFF',
                      'VERIFY_RESIZE', 'REVERT_RESIZE', 'PAUSED',
                      'SUSPENDED', 'RESCUE', 'ERROR', 'DELETED',
                      'SOFT_DELETED', 'SHELVED', 'SHELVED_OFFLOADED',
                      'UNKNOWN'])

# Statuses that show ``progress``; ``fault`` shows with ERROR and DELETED.
PROGRESS_STATUSES = frozenset(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                               'VERIFY_RESIZE', 'MIGRATING'])
FAULT_STATUSES = frozenset(['ERROR', 'DELETED'])


def status(vm_state, task_state):
    """The API status of a (vm_state, task_state) pair."""
    entry = STATUS_MAP.get(vm_state)
    if entry is None:
        return 'UNKNOWN'
    default, by_task = entry
    return by_task.get(task_state, default)


def states_for_status(wanted):
    """[(vm_state, task_states or None)] selecting servers whose status is
    ``wanted``: None means any task state that does not map elsewhere."""
    result = []
    for vm_state, (default, by_task) in STATUS_MAP.items():
        tasks = [t for t, s in by_task.items() if s == wanted]
        if tasks:
            result.append((vm_state, tasks))
        if default == wanted:
            result.append((vm_state, None))
    return result
