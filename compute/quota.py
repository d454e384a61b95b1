"""The quota engine: which resources have quotas, their limits, their usage
and the check that a request stays within them.

A limit resolves, most specific first: the user's own limit within the
project, the project's limit, the ``default`` quota class, the ``[quota]``
option, and -1 (unlimited) for the nova-network resources that only survive
in API responses. Usage is counted from live rows (compute.db.quotas), never
tracked: there are no reservations, so ``reserved`` is always 0.
"""

import collections
import dataclasses
from collections.abc import Callable

from compute import conf as compute_conf
from compute import exception
from compute.db import quotas as quota_db

CONF = compute_conf.CONF

DEFAULT_CLASS = 'default'
UNLIMITED = -1

# What a usage count is scoped to: the project, the user within it and, for
# server_group_members, the server group.
Scope = collections.namedtuple('Scope', 'project_id user_id group_uuid')


def _count_instances(scope):
    return quota_db.count_instances(scope.project_id, scope.user_id)


def _count_server_groups(scope):
    return quota_db.count_server_groups(scope.project_id, scope.user_id)


def _count_key_pairs(scope):
    return quota_db.count_key_pairs(scope.user_id)


def _count_group_members(scope):
    return quota_db.count_group_members(scope.group_uuid, scope.user_id)


@dataclasses.dataclass(frozen=True)
class Resource:
    """A resource with a quota.

    ``option`` names the [quota] option holding its default (None: -1).
    ``counter`` counts its usage as ``{'project': {...}, 'user': {...}}``;
    None for a limit on the size of one request (metadata items, ...).
    """

    name: str
    option: str | None = None
    counter: Callable[[Scope], dict] | None = None

    @property
    def default(self):
        if self.option is None:
            return UNLIMITED
        return CONF.quota[self.option]


RESOURCES = {r.name: r for r in (
    Resource('instances', 'instances', _count_instances),
    Resource('cores', 'cores', _count_instances),
    Resource('ram', 'ram', _count_instances),
    Resource('metadata_items', 'metadata_items'),
    Resource('injected_files', 'injected_files'),
    Resource('injected_file_content_bytes', 'injected_file_content_bytes'),
    Resource('injected_file_path_bytes', 'injected_file_path_length'),
    Resource('key_pairs', 'key_pairs', _count_key_pairs),
    Resource('server_groups', 'server_groups', _count_server_groups),
    Resource('server_group_members', 'server_group_members',
             _count_group_members),
    # nova-network's quotas: nothing uses them, responses still show them.
    Resource('fixed_ips'),
    Resource('floating_ips'),
    Resource('security_groups'),
    Resource('security_group_rules'),
)}

# Limits that belong to the project even when set for one of its users.
_PER_PROJECT = ('fixed_ips', 'floating_ips')

# Counted per user (within a group for members) when a request is checked,
# but reported as 0 in usage, as Nova does: their usage is not a
# project-wide figure.
_USAGE_NOT_REPORTED = ('key_pairs', 'server_group_members')


class OverQuota(exception.OverQuota):
    """A request would take resources over their limits.

    ``overs``: the resources over quota; ``quotas``: the limits that
    applied; ``usages``: what was in use before the request; ``deltas``:
    what the request asked for.
    """

    def __init__(self, overs, quotas, usages, deltas):
        self.overs = sorted(overs)
        self.quotas = quotas
        self.usages = usages
        self.deltas = deltas
        super().__init__(overs=self.overs)


def resource_names():
    """Every resource with a quota, sorted by name."""
    return sorted(RESOURCES)


def _resolve(overrides, fallback):
    return {name: overrides.get(name, fallback[name]) for name in RESOURCES}


def class_limits(class_name):
    """The limits of quota class ``class_name`` (unset ones come from the
    [quota] options)."""
    return _resolve(quota_db.get_class_limits(class_name),
                    {name: r.default for name, r in RESOURCES.items()})


def defaults():
    """The limits of a project nobody set limits on: those of the
    ``default`` quota class."""
    return class_limits(DEFAULT_CLASS)


def set_class_limits(class_name, limits):
    quota_db.set_class_limits(class_name, limits)


def project_limits(project_id):
    """The limits that apply to ``project_id``."""
    return _resolve(quota_db.get_project_limits(project_id), defaults())


def user_limits(project_id, user_id):
    """The limits that apply to ``user_id`` within ``project_id``: the
    user's own, else the project's."""
    overrides = quota_db.get_project_limits(project_id)
    overrides.update(quota_db.get_user_limits(project_id, user_id))
    return _resolve(overrides, defaults())


def limits_for(project_id, user_id=None):
    """The limits of the user within the project, or of the project."""
    if user_id:
        return user_limits(project_id, user_id)
    return project_limits(project_id)


def usages(project_id, user_id=None):
    """What the project (or the user within it) has in use, per resource,
    as reported by limits and quota details."""
    scope = Scope(project_id, user_id or None, None)
    key = 'user' if scope.user_id else 'project'
    result = dict.fromkeys(RESOURCES, 0)
    for counter in (_count_instances, _count_server_groups):
        result.update(counter(scope)[key])
    return result


def detail(project_id, user_id=None):
    """``{resource: {'limit', 'in_use', 'reserved'}}`` for the project or
    the user within it."""
    limits = limits_for(project_id, user_id)
    in_use = usages(project_id, user_id)
    return {name: {'limit': limits[name], 'in_use': in_use[name],
                   'reserved': 0} for name in RESOURCES}


def _is_unlimited(value):
    return value <= UNLIMITED


def _add(first, second):
    if _is_unlimited(first) or _is_unlimited(second):
        return UNLIMITED
    return first + second


def _subtract(first, second):
    if _is_unlimited(first) or _is_unlimited(second):
        return UNLIMITED
    return first - second


def settable_ranges(project_id, user_id=None):
    """``{resource: (minimum, maximum)}`` a new limit must lie within.

    For a project: at least what is in use and what its users' limits add
    up to, with no maximum (-1). For a user: at least what the user has in
    use, at most what the project has not handed to its other users.
    """
    project = project_limits(project_id)
    user_totals = quota_db.get_user_limit_totals(project_id)
    remains = {name: project[name] - user_totals.get(name, 0)
               for name in RESOURCES}
    in_use = usages(project_id, user_id)
    if not user_id:
        return {name: (max(_subtract(project[name], remains[name]),
                           in_use[name]), UNLIMITED)
                for name in RESOURCES}
    own = quota_db.get_user_limits(project_id, user_id)
    return {name: (in_use[name], _add(remains[name], own.get(name, 0)))
            for name in RESOURCES}


def set_limits(project_id, limits, user_id=None):
    """Store limits for the project, or for the user within it (the
    project-wide nova-network ones still go to the project)."""
    if not user_id:
        quota_db.set_project_limits(project_id, limits)
        return
    project_wide = {k: v for k, v in limits.items() if k in _PER_PROJECT}
    own = {k: v for k, v in limits.items() if k not in _PER_PROJECT}
    if project_wide:
        quota_db.set_project_limits(project_id, project_wide)
    if own:
        quota_db.set_user_limits(project_id, user_id, own)


def reset_limits(project_id, user_id=None):
    """Drop the limits set on the user, or on the project and its users:
    the defaults apply again."""
    if user_id:
        quota_db.destroy_user_limits(project_id, user_id)
    else:
        quota_db.destroy_project_limits(project_id)


def _count(deltas, scope):
    """Usage, per scope, of the counted resources among ``deltas``; each
    counter runs once however many of its resources are asked for."""
    counts = {'project': {}, 'user': {}}
    counters = {RESOURCES[name].counter for name in deltas} - {None}
    for counter in counters:
        for key, values in counter(scope).items():
            counts[key].update(values)
    return counts


def _over(limit, value):
    return limit >= 0 and limit < value


def check_deltas(context, project_id, user_id, deltas, group_uuid=None):
    """Raise OverQuota unless adding ``deltas`` ({resource: amount}) to what
    is in use stays within the limits.

    Counted per project and per user (servers, cores, ram, server groups),
    the project total must fit the project's limit and the user's total the
    user's. Counted per user only (keypairs, members of ``group_uuid``) or
    not counted at all (a request's metadata items, ...: the delta is the
    value), it must fit the lower of the two limits. ``project_id`` and
    ``user_id`` default to the caller's. A delta of 0 re-checks usage after
    the fact.
    """
    unknown = set(deltas) - set(RESOURCES)
    if unknown:
        raise ValueError('no quota for %s' % sorted(unknown))
    scope = Scope(project_id or context.project_id,
                  user_id or context.user_id, group_uuid)
    counts = _count(deltas, scope)
    project = project_limits(scope.project_id)
    user = user_limits(scope.project_id, scope.user_id)
    overs, applied, in_use = [], {}, {}
    for name, delta in deltas.items():
        used_project = counts['project'].get(name)
        used_user = counts['user'].get(name)
        if used_project is not None and used_user is not None:
            project_over = _over(project[name], used_project + delta)
            user_over = not project_over and _over(user[name],
                                                   used_user + delta)
            over = project_over or user_over
            applied[name] = user[name] if user_over else project[name]
            in_use[name] = used_user if user_over else used_project
        else:
            used = used_user if used_user is not None else used_project
            applied[name] = min(project[name], user[name])
            in_use[name] = used or 0
            over = _over(applied[name], in_use[name] + delta)
        if over:
            overs.append(name)
    if overs:
        raise OverQuota(overs, quotas=applied, usages=in_use, deltas=deltas)
