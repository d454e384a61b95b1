"""Response bodies of quota sets and quota class sets, per microversion.

Quota sets hide the nova-network quotas from 2.36 and the personality ones
from 2.57. Quota class sets show the server group quotas only from 2.50,
where they hide the nova-network ones, and hide personality from 2.57.
"""

from compute import quota
from compute.api import microversion

_NETWORK = ('fixed_ips', 'floating_ips', 'security_groups',
            'security_group_rules')
_PERSONALITY = ('injected_files', 'injected_file_content_bytes',
                'injected_file_path_bytes')
_SERVER_GROUPS = ('server_groups', 'server_group_members')


def _hidden_in_quota_sets(ver):
    hidden = ()
    if ver >= microversion.PROXY_APIS_REMOVED:
        hidden += _NETWORK
    if ver >= microversion.PERSONALITY_REMOVED:
        hidden += _PERSONALITY
    return hidden


def _hidden_in_class_sets(ver):
    if ver < microversion.QUOTA_CLASS_SERVER_GROUPS:
        return _SERVER_GROUPS
    hidden = _NETWORK
    if ver >= microversion.PERSONALITY_REMOVED:
        hidden += _PERSONALITY
    return hidden


def _shown(values, hidden, ident):
    body = {'id': ident} if ident is not None else {}
    body.update((name, values[name]) for name in quota.resource_names()
                if name not in hidden)
    return body


def quota_set(req, values, project_id=None):
    """``{"quota_set": {...}}`` of ``values`` ({resource: limit}, or
    {resource: {limit, in_use, reserved}} for the detail); with ``id``
    when ``project_id`` is given (not in update responses)."""
    return {'quota_set': _shown(values, _hidden_in_quota_sets(req.ver),
                                project_id)}


def quota_class_set(req, values, class_name=None):
    """``{"quota_class_set": {...}}``; with ``id`` when ``class_name`` is
    given (not in update responses)."""
    return {'quota_class_set': _shown(values, _hidden_in_class_sets(req.ver),
                                      class_name)}
