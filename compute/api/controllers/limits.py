"""Handler of /limits: the absolute limits of a project and its usage.

The caller's own project, or (administrators) the one named by
``tenant_id``. There are no rate limits: ``rate`` is always empty.
"""

from compute import quota
from compute.api import http
from compute.api import validation
from compute.api.schemas import limits as schema
from compute.api.views import limits as view
from compute.policies import limits as policies


@validation.query(schema.INDEX_QUERY)
def index(req, query):
    """GET /limits"""
    ctx = req.context
    ctx.can(policies.BASE_POLICY_NAME, target={})
    project_id = ctx.project_id
    if 'tenant_id' in query:
        project_id = query['tenant_id'][-1]
        ctx.can(policies.OTHER_PROJECT_LIMIT_POLICY_NAME,
                target={'project_id': project_id})
    return http.json_response(view.index(req, quota.detail(project_id)))
