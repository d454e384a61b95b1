"""Handlers of /os-quota-class-sets/{class_name}: show and update the
limits of a quota class (``default`` holds the default quotas)."""

from compute import exception
from compute import quota
from compute.api import http
from compute.api import validation
from compute.api.schemas import quota_class_sets as schema
from compute.api.views import quota_sets as view
from compute.policies import quota_class_sets as policies

_MAX_NAME_LENGTH = 255


def _authorize(req, action, class_name):
    req.context.can(policies.POLICY_ROOT % action,
                    target={'quota_class': class_name})


@validation.query(schema.QUERY)
def show(req, class_name, query):
    """GET /os-quota-class-sets/{class_name}"""
    _authorize(req, 'show', class_name)
    return http.json_response(view.quota_class_set(
        req, quota.class_limits(class_name), class_name))


@validation.query(schema.QUERY)
@validation.body(schema.UPDATE)
def update(req, class_name, body, query):
    """PUT /os-quota-class-sets/{class_name}"""
    _authorize(req, 'update', class_name)
    if len(class_name) > _MAX_NAME_LENGTH:
        raise exception.InvalidInput('quota_class_name has more than %d '
                                     'characters.' % _MAX_NAME_LENGTH)
    quota.set_class_limits(class_name, {
        name: int(value) for name, value in body['quota_class_set'].items()})
    return http.json_response(
        view.quota_class_set(req, quota.class_limits(class_name)))
