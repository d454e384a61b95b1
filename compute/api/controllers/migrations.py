"""Handler of GET /os-migrations: the moves of servers (resizes, cold
and live migrations, evacuations), filtered and, from 2.59, paged newest
first.

A project manager sees the migrations of its own project; an
administrator those of every project, or of the one asked for
(``project_id``, 2.80), and the hosts involved.
"""


from compute.api.views import timestamps
from compute.api import http
from compute.api import microversion
from compute.api import parameter_types
from compute.api import validation
from compute.api.schemas import migrations as schema
from compute.api.views import migrations as view
from compute import conf as compute_conf
from compute.db import migration_records
from compute import exception
from compute.policies import migrations as policies

CONF = compute_conf.CONF

# Query parameters compared as they are (the last one given wins).
_EQUAL = ('host', 'instance_uuid', 'source_compute', 'migration_type',
          'user_id', 'project_id')


def _filters(req, query):
    filters = {name: query[name][-1] for name in _EQUAL if name in query}
    if 'status' in query:
        filters['status'] = [query['status'][-1]]
    if 'hidden' in query:
        filters['hidden'] = parameter_types.to_bool(query['hidden'][-1])
    if req.ver >= microversion.MIGRATION_PAGING:
        filters['changes_since'] = timestamps.query_time(query, 'changes-since')
    if req.ver >= microversion.CHANGES_BEFORE:
        filters['changes_before'] = timestamps.query_time(query, 'changes-before')
        since = filters['changes_since']
        before = filters['changes_before']
        if since is not None and before is not None and before < since:
            raise exception.Invalid('The value of changes-since must be '
                                    'less than or equal to changes-before.')
    return filters


def _authorize(req, filters):
    """Check the caller may list; limit a caller who may not see every
    project to its own. Whether it may see hosts."""
    context = req.context
    project_id = filters.get('project_id') or context.project_id
    context.can(policies.POLICY_ROOT % 'index',
                target={'project_id': project_id})
    if not context.can(policies.POLICY_ROOT % 'index:all_projects',
                       target={'project_id': project_id}, fatal=False):
        filters['project_id'] = context.project_id
    return context.can(policies.POLICY_ROOT % 'index:host',
                       target={'project_id': project_id}, fatal=False)


@validation.query(schema.INDEX)
def index(req, query):
    """GET /os-migrations"""
    filters = _filters(req, query)
    show_hosts = _authorize(req, filters)
    if req.ver < microversion.MIGRATION_PAGING:
        migrations = migration_records.list_migrations(filters)
        return http.json_response(view.index(req, migrations, None,
                                             show_hosts))
    limit = CONF.api.max_limit
    if 'limit' in query:
        limit = min(int(query['limit'][0]), limit)
    marker = query['marker'][0] if 'marker' in query else None
    migrations = migration_records.list_migrations(
        filters, limit=limit, marker=marker, newest_first=True)
    return http.json_response(view.index(req, migrations, limit,
                                         show_hosts))
