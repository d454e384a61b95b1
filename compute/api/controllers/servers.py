"""Handlers of the server reads and update: GET /servers, GET
/servers/detail, GET /servers/{id} and PUT /servers/{id}.

Lists are the caller's project unless an administrator asks for
``all_tenants``. Which filters count depends on the caller: administrators
(``allow_all_filters``) use them all, everybody else those Nova opens to
users at the request's microversion; the others are ignored. The query
semantics are Nova's: status maps to vm/task states, deleted servers only
for administrators or with changes-since/-before, regular expressions for
most string filters, sort keys with ignored and admin-only ones, and
marker paging.
"""


from oslo_utils import strutils
from oslo_utils import timeutils

from compute import availability_zones
from compute import conf as compute_conf
from compute import exception
from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import servers as schema
from compute.api.views import servers as view
from compute.db import flavors as flavors_db
from compute.db import instance_list
from compute.db import instances as instances_db
from compute.db import request_specs
from compute.policies import servers as policies
from compute import servers_access
from compute import states

CONF = compute_conf.CONF


# The filters every caller may use, and the microversion opening each.
_USER_FILTERS = (
    (microversion.MIN, ('reservation_id', 'name', 'status', 'image',
                        'flavor', 'ip', 'changes-since', 'all_tenants')),
    (microversion.IP6_FILTER_FOR_ALL, ('ip6',)),
    (microversion.SERVER_TAGS, schema.TAG_FILTERS),
    (microversion.CHANGES_BEFORE, ('changes-before',)),
    (microversion.LOCKED_FILTER, ('locked',)),
    (microversion.MORE_FILTERS_FOR_ALL, ('availability_zone', 'config_drive', 'key_name',
                            'created_at', 'launched_at', 'terminated_at',
                            'power_state', 'task_state', 'vm_state',
                            'progress', 'user_id')),
    (microversion.HOSTNAME_FOR_ALL, ('hostname',)),
)
_PAGING_AND_SORTING = ('sort_key', 'sort_dir', 'limit', 'marker')
# Query names -> instance columns.
_RENAMED = {'name': 'display_name', 'image': 'image_ref',
            'tenant_id': 'project_id', 'description': 'display_description'}
_DEFAULT_SORT = (['created_at'], ['desc'])


class RequestSpecNotFound(exception.NotFound):
    msg_fmt = 'RequestSpec not found for instance %(instance_uuid)s'


class AvailabilityZoneNotCurrent(exception.Conflict):
    msg_fmt = ('The server can only be pinned to the availability zone it '
               'is in (%(current)s), not to %(requested)s.')


# --- Lists ----------------------------------------------------------------

def _user_filters(version):
    return {name for since, names in _USER_FILTERS if version >= since
            for name in names}


def _search_options(req, query):
    """The filters the caller may use, last value of each; 400 for the
    joined-table and internal names an administrator sends."""
    options = {name: values[-1] for name, values in query.items()}
    if req.context.can(policies.POLICY_ROOT % 'allow_all_filters',
                       fatal=False):
        for name in _PAGING_AND_SORTING:
            options.pop(name, None)
    else:
        allowed = _user_filters(req.ver)
        options = {k: v for k, v in options.items() if k in allowed}
    for name in options:
        if name in schema.JOINED_TABLE_PARAMS or name.startswith('_'):
            raise exception.Invalid('Invalid filter field: %s.' % name)
    return options


def _states_for_statuses(statuses):
    """(vm_states, task_states) of Nova's status filter: any vm_state of
    the statuses, and their task_states unless one is a default status
    (then any task_state)."""
    vm_states, task_states, any_task = set(), set(), False
    for wanted in statuses:
        for vm_state, tasks in states.states_for_status(wanted.upper()):
            vm_states.add(vm_state)
            if tasks is None:
                any_task = True
            else:
                task_states.update(tasks)
    return sorted(vm_states), None if any_task else sorted(task_states)


def _timestamp(value, name):
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        raise exception.ValidationError(
            detail="Invalid input for query parameters %s. Value: %s. '%s' "
                   "is not a 'date-time'" % (name, value, value))


def _changes_filters(options):
    for name in ('changes-since', 'changes-before'):
        if name in options:
            options[name] = _timestamp(options[name], name)
    since, before = options.get('changes-since'), options.get(
        'changes-before')
    if since and before and before < since:
        raise exception.Invalid('The value of changes-since must be less '
                                'than or equal to changes-before.')


def _strict_bool(value):
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError as err:
        raise exception.InvalidInput(reason=str(err))


def _is_all_tenants(options):
    """all_tenants given (an empty value counts as true)."""
    if 'all_tenants' not in options:
        return False
    value = options.pop('all_tenants')
    return _strict_bool(value) if value else True


def _deleted_filters(req, options):
    if 'deleted' in options:
        options['deleted'] = strutils.bool_from_string(options['deleted'],
                                                       default=False)
    elif 'changes-since' not in options and 'changes-before' not in options:
        options['deleted'] = False
    if 'soft_deleted' in options:
        options['soft_deleted'] = strutils.bool_from_string(
            options['soft_deleted'], default=False)
    if options.get('vm_state') == [states.DELETED]:
        if not req.context.is_admin:
            raise exception.Forbidden(
                'Only administrators may list deleted instances')
        options['deleted'] = True


def _scope(req, options, detail):
    """Limit to the caller's project unless all_tenants is allowed."""
    context = req.context
    if _is_all_tenants(options):
        context.can(policies.POLICY_ROOT % ('%s:get_all_tenants' % (
            'detail' if detail else 'index')))
        return
    # Without all_tenants a tenant_id filter means nothing.
    options.pop('tenant_id', None)
    if context.project_id:
        options['project_id'] = context.project_id
    else:
        options['user_id'] = context.user_id


def _sort_params(req):
    """(keys, dirs) with Nova's defaults, ignored keys dropped, admin-only
    keys refused, and the unique tie-breakers appended."""
    keys = [k.strip() for k in req.GET.getall('sort_key')] or \
        list(_DEFAULT_SORT[0])
    dirs = [d.strip() for d in req.GET.getall('sort_dir')] or \
        list(_DEFAULT_SORT[1])
    ignored = schema.IGNORED_SORT_KEYS_V273 \
        if req.ver >= microversion.LOCKED_FILTER else schema.IGNORED_SORT_KEYS
    for key in list(keys):
        if key in ignored:
            index = keys.index(key)
            if len(dirs) > index:
                del dirs[index]
            del keys[index]
        elif key in schema.ADMIN_SORT_KEYS and not req.context.is_admin:
            raise exception.Forbidden(
                'Only administrators can sort servers by %s' % key)
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise exception.InvalidInput(
                reason="Unknown sort direction, must be 'desc' or 'asc'")
    if len(dirs) > len(keys):
        raise exception.InvalidInput(
            reason='Sort direction size exceeds sort key size')
    default_dir = dirs[0] if dirs else 'desc'
    dirs += [default_dir] * (len(keys) - len(dirs))
    for key in ('created_at', 'id'):
        if key not in keys:
            keys.append(key)
            dirs.append(default_dir)
    return keys, dirs


def _flavor_filter(req, options):
    """Replace ``flavor`` by its row id; False when no such flavor."""
    if 'flavor' not in options:
        return True
    try:
        flavor = flavors_db.get_flavor_by_flavor_id(options.pop('flavor'),
                                                    context=req.context)
    except exception.FlavorNotFound:
        return False
    options['instance_type_id'] = flavor.id
    return True


def _filters(req, query, detail):
    """The DB filters of a list request, or None when nothing can match
    (an unknown flavor; an unknown status before 2.38)."""
    options = _search_options(req, query)
    options.pop('status', None)
    if 'status' in query:
        vm_states, task_states = _states_for_statuses(query['status'])
        if not vm_states:
            if req.ver >= microversion.INVALID_STATUS_REFUSED:
                raise exception.Invalid('Invalid status value')
            return None
        options['vm_state'] = vm_states
        if task_states is not None:
            options['task_state'] = task_states
    _changes_filters(options)
    _deleted_filters(req, options)
    if req.ver >= microversion.SERVER_TAGS:
        for name in schema.TAG_FILTERS:
            if name in options:
                options[name] = options[name].split(',')
    _scope(req, options, detail)
    if 'locked' in options:
        options['locked'] = _strict_bool(options['locked'])
    if not _flavor_filter(req, options):
        return None
    return {_RENAMED.get(name, name): value
            for name, value in options.items()}


def _paging(req):
    limit = req.GET.get('limit')
    limit = min(int(limit), CONF.api.max_limit) if limit is not None \
        else CONF.api.max_limit
    return limit, req.GET.get('marker')


def _list(req, query, detail):
    """One page of the servers the request asks for."""
    filters = _filters(req, query, detail)
    sort_keys, sort_dirs = _sort_params(req)
    limit, marker = _paging(req)
    if filters is None:
        return []
    try:
        return instance_list.get_instances(filters, sort_keys, sort_dirs,
                                           limit=limit, marker=marker)
    except exception.MarkerNotFound:
        raise exception.Invalid('marker [%s] not found' % marker)


@validation.query(schema.INDEX)
def index(req, query):
    """GET /servers"""
    req.context.can(policies.POLICY_ROOT % 'index')
    return http.json_response(view.index(req, _list(req, query, False)))


@validation.query(schema.INDEX)
def detail(req, query):
    """GET /servers/detail"""
    req.context.can(policies.POLICY_ROOT % 'detail')
    return http.json_response(view.detail(req, _list(req, query, True)))


# --- One server -----------------------------------------------------------

@validation.query(schema.SHOW)
def show(req, server_id, query):
    """GET /servers/{server_id}"""
    instance = servers_access.get_instance(req, server_id)
    req.context.can(policies.POLICY_ROOT % 'show',
                    target={'project_id': instance.project_id})
    return http.json_response(view.show(req, instance))


def _current_zone(instance):
    if instance.host:
        return availability_zones.get_host_availability_zone(instance.host)
    return instance.availability_zone


def _pin_availability_zone(instance, zone):
    """Pin the server to ``zone`` (its current one only) or unpin it."""
    spec = request_specs.get(instance.uuid)
    if spec is None:
        raise RequestSpecNotFound(instance_uuid=instance.uuid)
    if zone is not None:
        current = _current_zone(instance)
        if zone != current:
            raise AvailabilityZoneNotCurrent(current=current,
                                             requested=zone)
    spec.availability_zone = zone
    spec.pinned_availability_zone = zone
    request_specs.update(spec)


def _updates(server):
    """Instance columns from a validated update body."""
    values = {}
    if 'name' in server:
        values['display_name'] = server['name']
    if 'description' in server:
        values['display_description'] = server['description']
    if 'hostname' in server:
        values['hostname'] = server['hostname']
    if 'accessIPv4' in server:
        values['access_ip_v4'] = server['accessIPv4']
    if 'accessIPv6' in server:
        values['access_ip_v6'] = server['accessIPv6']
    if 'OS-DCF:diskConfig' in server:
        values['auto_disk_config'] = server['OS-DCF:diskConfig'] == 'AUTO'
    return values


@validation.body(schema.UPDATE)
def update(req, server_id, body):
    """PUT /servers/{server_id}: the full server from 2.75, a smaller body
    before."""
    instance = servers_access.get_authorized(
        req, server_id, policies.POLICY_ROOT % 'update')
    server = body['server']
    if 'pinned_availability_zone' in server:
        _pin_availability_zone(instance, server['pinned_availability_zone'])
    values = _updates(server)
    if values:
        instance = instances_db.update(instance.uuid, **values)
    return http.json_response(view.show(
        req, instance,
        full=req.ver >= microversion.STRICT_QUERY_AND_CLEANUPS))
