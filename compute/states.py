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

# task_states (those the lifecycle uses; the rest join with their actions)
SCHEDULING = 'scheduling'
BLOCK_DEVICE_MAPPING = 'block_device_mapping'
NETWORKING = 'networking'
SPAWNING = 'spawning'
DELETING = 'deleting'
SOFT_DELETING = 'soft-deleting'
RESTORING = 'restoring'

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
