"""Response bodies of /os-server-groups, per microversion.

A group shows its uuid as ``id``, its name and its live members; until
2.63 its policy as a one-item ``policies`` list next to an always empty
``metadata``, from 2.64 ``policy`` and ``rules``; from 2.13 its project
and user.
"""

from compute.api import microversion



def _group(req, group):
    body = {'id': group.uuid, 'name': group.name}
    if req.ver >= microversion.SERVER_GROUP_POLICY_RULES:
        body['policy'] = group.policy
        body['rules'] = dict(group.rules)
    else:
        body['policies'] = [group.policy] if group.policy else []
        body['metadata'] = {}
    body['members'] = list(group.members)
    if req.ver >= microversion.SERVER_GROUP_OWNER:
        body['project_id'] = group.project_id
        body['user_id'] = group.user_id
    return body


def show(req, group):
    """``{"server_group": {...}}`` (show and create)."""
    return {'server_group': _group(req, group)}


def index(req, groups):
    return {'server_groups': [_group(req, group) for group in groups]}
