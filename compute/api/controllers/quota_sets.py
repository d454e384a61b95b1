"""Handlers of /os-quota-sets/{project_id}: show, detail (with usage),
defaults, update and delete the quotas of a project or, with ``user_id``
in the query, of one of its users.

An update may not set a limit below what is in use (nor, for a user,
above what the project has left to give) unless ``force`` is set; -1 means
unlimited. Delete reverts to the defaults.
"""

from compute import exception
from compute import quota
from compute.api import http
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import quota_sets as schema
from compute.api.views import quota_sets as view
from compute.policies import quota_sets as policies


def _authorize(req, action, project_id):
    req.context.can(policies.POLICY_ROOT % action,
                    target={'project_id': project_id})


def _user_id(query):
    return query.get('user_id', [None])[0]


@validation.query(schema.USER_QUERY)
def show(req, project_id, query):
    """GET /os-quota-sets/{project_id}"""
    _authorize(req, 'show', project_id)
    limits = quota.limits_for(project_id, _user_id(query))
    return http.json_response(view.quota_set(req, limits, project_id))


@validation.query(schema.USER_QUERY)
def detail(req, project_id, query):
    """GET /os-quota-sets/{project_id}/detail"""
    _authorize(req, 'detail', project_id)
    details = quota.detail(project_id, _user_id(query))
    return http.json_response(view.quota_set(req, details, project_id))


@validation.query(schema.DEFAULTS_QUERY)
def defaults(req, project_id, query):
    """GET /os-quota-sets/{project_id}/defaults"""
    _authorize(req, 'defaults', project_id)
    return http.json_response(
        view.quota_set(req, quota.defaults(), project_id))


def _check_range(resource, limit, minimum, maximum):
    """400 unless ``minimum <= limit <= maximum`` (-1 is unlimited)."""
    def ceiling(value):
        return float('inf') if value == quota.UNLIMITED else value

    if ceiling(limit) < ceiling(minimum):
        raise exception.Invalid(
            'Quota limit %s for %s must be greater than or equal to already '
            'used and reserved %s.' % (limit, resource, minimum))
    if ceiling(limit) > ceiling(maximum):
        raise exception.Invalid(
            'Quota limit %s for %s must be less than or equal to %s.'
            % (limit, resource, maximum))


@validation.query(schema.USER_QUERY)
@validation.body(schema.UPDATE)
def update(req, project_id, body, query):
    """PUT /os-quota-sets/{project_id}"""
    _authorize(req, 'update', project_id)
    user_id = _user_id(query)
    values = dict(body['quota_set'])
    if 'networks' in values:
        raise exception.Invalid('The networks quota has been removed')
    force = parameter_types.to_bool(values.pop('force', False))
    limits = {name: int(value) for name, value in values.items()}
    if not force:
        ranges = quota.settable_ranges(project_id, user_id)
        for name, limit in limits.items():
            _check_range(name, limit, *ranges[name])
    quota.set_limits(project_id, limits, user_id)
    return http.json_response(
        view.quota_set(req, quota.limits_for(project_id, user_id)))


@validation.query(schema.USER_QUERY)
def delete(req, project_id, query):
    """DELETE /os-quota-sets/{project_id}"""
    _authorize(req, 'delete', project_id)
    quota.reset_limits(project_id, _user_id(query))
    return http.empty_response(202)
