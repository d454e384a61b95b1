"""Request bodies of the power and state server actions: os-start,
os-stop, reboot, trigger_crash_dump, pause, unpause, suspend, resume,
lock, unlock, rescue, unrescue, os-resetState, injectNetworkInfo and
changePassword.

Actions without arguments accept any value under their key (Nova's
schemas leave it unchecked), except trigger_crash_dump, which wants null.
"""

import copy

from compute.api import validation


def _bare(action, value=None):
    """The body ``{action: <value>}`` and nothing else."""
    return {
        'type': 'object',
        'properties': {action: {} if value is None else value},
        'required': [action],
        'additionalProperties': False,
    }


def _any_version(action, value=None):
    return validation.Schemas((_bare(action, value), '2.1', None))


START = _any_version('os-start')
STOP = _any_version('os-stop')
PAUSE = _any_version('pause')
UNPAUSE = _any_version('unpause')
SUSPEND = _any_version('suspend')
RESUME = _any_version('resume')
UNLOCK = _any_version('unlock')
UNRESCUE = _any_version('unrescue')
INJECT_NETWORK_INFO = _any_version('injectNetworkInfo')
TRIGGER_CRASH_DUMP = _any_version('trigger_crash_dump', {'type': 'null'})

REBOOT = _any_version('reboot', {
    'type': 'object',
    'properties': {
        'type': {'type': 'string',
                 'enum': ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']},
    },
    'required': ['type'],
    'additionalProperties': False,
})

lock_body = _bare('lock')
# 2.73: an optional reason, shown as the server's locked_reason.
lock_body_v273 = copy.deepcopy(lock_body)
lock_body_v273['properties']['lock'] = {
    'type': ['object', 'null'],
    'properties': {
        'locked_reason': {'type': 'string', 'minLength': 1,
                          'maxLength': 255},
    },
    'additionalProperties': False,
}
LOCK = validation.Schemas((lock_body, '2.1', '2.72'),
                          (lock_body_v273, '2.73', None))

RESCUE = _any_version('rescue', {
    'type': ['object', 'null'],
    'properties': {
        'adminPass': {'type': 'string'},
        'rescue_image_ref': {'type': 'string', 'format': 'uuid'},
    },
    'additionalProperties': False,
})

RESET_STATE = _any_version('os-resetState', {
    'type': 'object',
    'properties': {
        'state': {'type': 'string', 'enum': ['active', 'error']},
    },
    'required': ['state'],
    'additionalProperties': False,
})

CHANGE_PASSWORD = _any_version('changePassword', {
    'type': 'object',
    'properties': {'adminPass': {'type': 'string'}},
    'required': ['adminPass'],
    'additionalProperties': False,
})
