"""Handlers of /os-server-groups: list, create, show and delete server
groups.

A group belongs to the project of its creator; project members see and
manage their project's groups, administrators every group (and list
them all with ``all_projects``). Groups count against the
``server_groups`` quota of the project and of the user.
"""

from compute import conf as compute_conf
from compute import exception
from compute import quota
from compute.api import http
from compute.api import validation
from compute.api.schemas import server_groups as schema
from compute.api.views import server_groups as view
from compute.db import server_groups as groups_db
from compute.policies import server_groups as policies

CONF = compute_conf.CONF


class ServerGroupLimitExceeded(exception.OverQuota):
    msg_fmt = 'Quota exceeded, too many server groups.'


class RulesNotSupported(exception.Invalid):
    msg_fmt = 'Only anti-affinity policy supports rules.'


def _visible_project(context):
    """The project whose groups the caller may name: None (any) for an
    administrator."""
    return None if context.is_admin else context.project_id


def _get(req, group_id, action):
    """The group, 404 when the caller cannot see it, 403 when the policy
    refuses ``action`` on it."""
    group = groups_db.get(group_id, _visible_project(req.context))
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': group.project_id})
    return group


def _check_quota(context, delta):
    try:
        quota.check_deltas(context, None, None, {'server_groups': delta})
    except quota.OverQuota:
        raise ServerGroupLimitExceeded()


def _page(query):
    """(limit, offset) of a list request; a missing or zero limit, or one
    above it, is [api] max_limit."""
    limit = int(query['limit'][-1]) if 'limit' in query else 0
    offset = int(query['offset'][-1]) if 'offset' in query else 0
    return min(limit or CONF.api.max_limit, CONF.api.max_limit), offset


@validation.query(schema.INDEX_QUERY)
def index(req, query):
    """GET /os-server-groups"""
    context = req.context
    target = {'project_id': context.project_id}
    context.can(policies.POLICY_ROOT % 'index', target=target)
    project_id = context.project_id
    if 'all_projects' in query:
        context.can(policies.POLICY_ROOT % 'index:all_projects',
                    target=target)
        project_id = None
    limit, offset = _page(query)
    groups = groups_db.get_all(project_id, limit=limit, offset=offset)
    return http.json_response(view.index(req, groups))


@validation.body(schema.CREATE)
def create(req, body):
    """POST /os-server-groups"""
    validation.no_query(req)
    context = req.context
    context.can(policies.POLICY_ROOT % 'create',
                target={'project_id': context.project_id})
    _check_quota(context, 1)
    params = body['server_group']
    # The 2.64 form names one ``policy``; earlier ones a list of one.
    policy = params['policy'] if 'policy' in params else \
        params['policies'][0]
    rules = params.get('rules') or {}
    if rules and policy != 'anti-affinity':
        raise RulesNotSupported()
    group = groups_db.create(name=params['name'],
                             project_id=context.project_id,
                             user_id=context.user_id, policy=policy,
                             rules=rules)
    if CONF.quota.recheck_quota:
        # A concurrent create may have taken the last slot meanwhile.
        try:
            _check_quota(context, 0)
        except ServerGroupLimitExceeded:
            groups_db.destroy(group.uuid)
            raise
    return http.json_response(view.show(req, group))


def show(req, group_id):
    """GET /os-server-groups/{group_id}"""
    validation.no_query(req)
    return http.json_response(view.show(req, _get(req, group_id, 'show')))


def delete(req, group_id):
    """DELETE /os-server-groups/{group_id}"""
    validation.no_query(req)
    group = _get(req, group_id, 'delete')
    groups_db.destroy(group.uuid)
    return http.empty_response(204)
