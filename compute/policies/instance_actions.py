"""Policy for a server's action log: readers list and show actions; the
events' tracebacks and hosts (and, before 2.51, the events themselves) and
the events' details (2.84) are for administrators."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-instance-actions:%s'

_LIST = '/servers/{server_id}/os-instance-actions'
_SHOW = '/servers/{server_id}/os-instance-actions/{request_id}'

rules = [
    base.api_rule(POLICY_ROOT % 'events:details', base.ADMIN,
                  "Show the 'details' of the events of a server action "
                  '(from 2.84).', [('GET', _SHOW)]),
    base.api_rule(POLICY_ROOT % 'events', base.ADMIN,
                  'Show the events of a server action with their traceback '
                  "and host (every caller sees events, without those, from "
                  '2.51).', [('GET', _SHOW)]),
    base.api_rule(POLICY_ROOT % 'list', base.PROJECT_READER_OR_ADMIN,
                  'List the actions of a server.', [('GET', _LIST)],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
    base.api_rule(POLICY_ROOT % 'show', base.PROJECT_READER_OR_ADMIN,
                  'Show one action of a server.', [('GET', _SHOW)],
                  deprecated_rule=base.DEPRECATED_ADMIN_OR_OWNER),
]


def list_rules():
    return rules
