"""Policy for os-aggregates: creating, showing, changing and deleting host
aggregates, their hosts and their metadata, and pre-caching images on their
hosts (administrators only)."""

from compute.policies import base

POLICY_ROOT = 'os_compute_api:os-aggregates:%s'
# Nova names the image pre-caching rule outside that root.
IMAGES = 'compute:aggregates:images'

_COLLECTION = '/os-aggregates'
_ITEM = '/os-aggregates/{aggregate_id}'
_ACTION = '/os-aggregates/{aggregate_id}/action'


def _rule(action, description, method, path):
    return base.api_rule(POLICY_ROOT % action, base.ADMIN, description,
                         [(method, path)])


rules = [
    _rule('set_metadata', 'Create, replace or delete metadata items of '
                          'an aggregate.', 'POST', _ACTION + ' (set_metadata)'),
    _rule('add_host', 'Add a compute host to an aggregate.',
          'POST', _ACTION + ' (add_host)'),
    _rule('create', 'Create an aggregate.', 'POST', _COLLECTION),
    _rule('remove_host', 'Remove a compute host from an aggregate.',
          'POST', _ACTION + ' (remove_host)'),
    _rule('update', 'Rename an aggregate or change its availability zone.',
          'PUT', _ITEM),
    _rule('index', 'List the aggregates.', 'GET', _COLLECTION),
    _rule('delete', 'Delete an empty aggregate.', 'DELETE', _ITEM),
    _rule('show', 'Show one aggregate.', 'GET', _ITEM),
    base.api_rule(IMAGES, base.ADMIN, 'Request that the compute hosts of '
                  'an aggregate pre-cache images.',
                  [('POST', _ITEM + '/images')]),
]


def list_rules():
    return rules
