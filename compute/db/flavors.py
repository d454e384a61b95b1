"""Flavors, their extra specs and their access lists in the API database.

Callers get plain ``Flavor`` records, never ORM objects. Lookups given a
request context apply Nova's visibility rule: an administrator sees every
flavor, anybody else public flavors and the private ones shared with their
project. Rows are hard-deleted, as in Nova's API database.
"""

import dataclasses
import datetime

import sqlalchemy as sa
from oslo_utils import uuidutils

from compute import exception
from compute.db import models_api as models
from compute.db import paging
from compute.db import session

# The flavors every fresh cloud starts with:
# (flavorid, name, memory_mb, vcpus, root_gb).
DEFAULT_FLAVORS = (
    ('1', 'm1.tiny', 512, 1, 1),
    ('2', 'm1.small', 2048, 1, 20),
    ('3', 'm1.medium', 4096, 2, 40),
    ('4', 'm1.large', 8192, 4, 80),
    ('5', 'm1.xlarge', 16384, 8, 160),
    ('42', 'm1.nano', 128, 1, 1),
    ('84', 'm1.micro', 192, 1, 1),
)


@dataclasses.dataclass(frozen=True)
class Flavor:
    """One flavor with its extra specs and the projects it is shared with."""

    id: int
    flavorid: str
    name: str
    memory_mb: int
    vcpus: int
    root_gb: int
    ephemeral_gb: int
    swap: int
    rxtx_factor: float | None
    vcpu_weight: int | None
    disabled: bool
    is_public: bool
    description: str | None
    extra_specs: dict[str, str]
    projects: tuple[str, ...]
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None


def _record(row):
    return Flavor(
        id=row.id, flavorid=row.flavorid, name=row.name,
        memory_mb=row.memory_mb, vcpus=row.vcpus, root_gb=row.root_gb or 0,
        ephemeral_gb=row.ephemeral_gb or 0, swap=row.swap or 0,
        rxtx_factor=row.rxtx_factor, vcpu_weight=row.vcpu_weight,
        disabled=bool(row.disabled), is_public=bool(row.is_public),
        description=row.description,
        extra_specs={spec.key: spec.value for spec in row.extra_specs},
        projects=tuple(p.project_id for p in
                       sorted(row.projects, key=lambda p: p.id)),
        created_at=row.created_at, updated_at=row.updated_at)


def _visible(context):
    """The condition limiting flavors to what ``context`` may see, or None
    when it may see them all (no context, or an administrator)."""
    if context is None or context.is_admin:
        return None
    return sa.or_(models.Flavor.is_public == sa.true(),
                  models.Flavor.projects.any(
                      models.FlavorProject.project_id == context.project_id))


def _by_flavorid(flavorid, context=None):
    query = sa.select(models.Flavor).where(
        models.Flavor.flavorid == str(flavorid))
    condition = _visible(context)
    if condition is not None:
        query = query.where(condition)
    return query


def _get_row(db, flavorid, context=None):
    row = db.scalars(_by_flavorid(flavorid, context)).first()
    if row is None:
        raise exception.FlavorNotFound(flavor_id=flavorid)
    return row


def get_flavor_by_flavor_id(flavorid, read_deleted=False, context=None):
    """The flavor with public id ``flavorid``; FlavorNotFound otherwise.

    With a non-admin ``context`` a private flavor not shared with its
    project is not found. ``read_deleted`` is accepted for callers written
    against Nova's signature: deleted flavors leave no row, so there is
    never a deleted flavor to read.
    """
    with session.api_session() as db:
        return _record(_get_row(db, flavorid, context))


def get_all(context, *, is_public=True, disabled=None, min_memory_mb=None,
            min_root_gb=None, name=None, sort_key='flavorid', sort_dir='asc',
            limit=None, marker=None):
    """One page of the flavors ``context`` may see, filtered and sorted.

    ``is_public``: True lists public flavors plus those shared with the
    caller's project, False only private ones, None all of them.
    ``marker`` is the flavorid of the last flavor of the previous page;
    MarkerNotFound when it names no visible flavor.
    """
    query = sa.select(models.Flavor)
    condition = _visible(context)
    if condition is not None:
        query = query.where(condition)
    if min_memory_mb is not None:
        query = query.where(models.Flavor.memory_mb >= min_memory_mb)
    if min_root_gb is not None:
        query = query.where(models.Flavor.root_gb >= min_root_gb)
    if disabled is not None:
        query = query.where(models.Flavor.disabled == disabled)
    if name is not None:
        query = query.where(models.Flavor.name == name)
    if is_public is not None:
        query = query.where(_public_filter(context, is_public))
    with session.api_session() as db:
        marker_row = None
        if marker is not None:
            marker_row = db.scalars(_by_flavorid(marker, context)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        query = paging.page(
            query, [getattr(models.Flavor, sort_key), models.Flavor.id],
            limit, marker_row, descending=sort_dir == 'desc')
        return [_record(row) for row in db.scalars(query)]


def _public_filter(context, is_public):
    condition = models.Flavor.is_public == is_public
    if is_public and context is not None and context.project_id:
        condition = sa.or_(condition, models.Flavor.projects.any(
            models.FlavorProject.project_id == context.project_id))
    return condition


def create(*, name, memory_mb, vcpus, root_gb, ephemeral_gb=0, swap=0,
           rxtx_factor=1.0, is_public=True, flavorid=None, description=None):
    """A new flavor; its id is a new UUID unless ``flavorid`` is given.

    FlavorIdExists / FlavorExists when the id / name is taken.
    """
    flavorid = str(flavorid) if flavorid else uuidutils.generate_uuid()
    try:
        with session.api_session() as db:
            _check_unique(db, flavorid, name)
            row = models.Flavor(
                flavorid=flavorid, name=name, memory_mb=memory_mb,
                vcpus=vcpus, root_gb=root_gb, ephemeral_gb=ephemeral_gb,
                swap=swap, rxtx_factor=rxtx_factor, is_public=is_public,
                disabled=False, description=description)
            db.add(row)
            db.flush()
            return _record(row)
    except sa.exc.IntegrityError:
        # A concurrent create won the race: report what clashes now.
        with session.api_session() as db:
            _check_unique(db, flavorid, name)
        raise


def _check_unique(db, flavorid, name):
    taken = db.execute(sa.select(models.Flavor.flavorid, models.Flavor.name)
                       .where(sa.or_(models.Flavor.flavorid == flavorid,
                                     models.Flavor.name == name))).all()
    if any(row.flavorid == flavorid for row in taken):
        raise exception.FlavorIdExists(flavor_id=flavorid)
    if taken:
        raise exception.FlavorExists(name=name)


def update_description(flavorid, description):
    """Set the description of a flavor; the updated flavor."""
    with session.api_session() as db:
        row = _get_row(db, flavorid)
        row.description = description
        db.flush()
        return _record(row)


def destroy(flavorid):
    """Delete a flavor with its extra specs and access list."""
    with session.api_session() as db:
        db.delete(_get_row(db, flavorid))


def add_access(flavorid, project_id):
    """Share a flavor with a project; the flavor afterwards.

    FlavorAccessExists when it is already shared with that project.
    """
    with session.api_session() as db:
        row = _get_row(db, flavorid)
        if any(p.project_id == project_id for p in row.projects):
            raise exception.FlavorAccessExists(flavor_id=flavorid,
                                               project_id=project_id)
        row.projects.append(models.FlavorProject(project_id=project_id))
        db.flush()
        return _record(row)


def remove_access(flavorid, project_id):
    """Stop sharing a flavor with a project; the flavor afterwards.

    FlavorAccessNotFound when it was not shared with that project.
    """
    with session.api_session() as db:
        row = _get_row(db, flavorid)
        access = [p for p in row.projects if p.project_id == project_id]
        if not access:
            raise exception.FlavorAccessNotFound(flavor_id=flavorid,
                                                 project_id=project_id)
        row.projects.remove(access[0])
        db.flush()
        return _record(row)


def update_extra_specs(flavorid, specs):
    """Create or overwrite extra specs (values stored as strings)."""
    with session.api_session() as db:
        row = _get_row(db, flavorid)
        existing = {spec.key: spec for spec in row.extra_specs}
        for key, value in specs.items():
            if key in existing:
                existing[key].value = str(value)
            else:
                row.extra_specs.append(
                    models.FlavorExtraSpec(key=key, value=str(value)))


def delete_extra_spec(flavorid, key):
    """Delete one extra spec; FlavorExtraSpecsNotFound when not set."""
    with session.api_session() as db:
        row = _get_row(db, flavorid)
        found = [spec for spec in row.extra_specs if spec.key == key]
        if not found:
            raise exception.FlavorExtraSpecsNotFound(flavor_id=flavorid,
                                                     extra_specs_key=key)
        row.extra_specs.remove(found[0])


def ensure_default_flavors():
    """Create the classic public m1.* flavors that are missing (by id and
    by name); the flavorids created."""
    created = []
    with session.api_session() as db:
        taken = db.execute(sa.select(models.Flavor.flavorid,
                                     models.Flavor.name)).all()
        ids = {row.flavorid for row in taken}
        names = {row.name for row in taken}
        for flavorid, name, memory_mb, vcpus, root_gb in DEFAULT_FLAVORS:
            if flavorid in ids or name in names:
                continue
            db.add(models.Flavor(
                flavorid=flavorid, name=name, memory_mb=memory_mb,
                vcpus=vcpus, root_gb=root_gb, ephemeral_gb=0, swap=0,
                rxtx_factor=1.0, is_public=True, disabled=False))
            created.append(flavorid)
    return created
