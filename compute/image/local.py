"""The built-in image service of the all-in-one cloud.

Image data are files under ``[image] images_path`` (``$state_path/images``
by default), one per image named by its id; the records are in their own
database (``$state_path/images.sqlite`` or ``[image] connection``) whose
tables (``compute.image.models``) are created with ``create_all`` the first
time a process uses it: this embedded store has no alembic migrations.

Rules, as Glance's defaults have them: members and administrators write,
readers only read; only the owner (or an administrator) changes, uploads or
deletes an image; only administrators publish images or give them to
another project; a protected image cannot be deleted. Uploads are streamed
to disk while their md5 checksum and sha512 hash are computed, and the
status goes queued -> saving -> active (back to queued if the upload fails).

``ensure_default_image()`` registers, once per store, a small public image
so that a new cloud can boot a server at once.
"""

import contextlib
import hashlib
import io
import operator
import os
import struct
import uuid

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from compute import conf as compute_conf
from compute import context as compute_context
from compute import exception
from compute.api import parameter_types
from compute.db import session as db_session
from compute.image import api
from compute.image import models
from compute.image import schema

CONF = compute_conf.CONF
Image = models.Image

DEFAULT_IMAGE_NAME = 'tiny-test-image'
DEFAULT_IMAGE_ID = str(uuid.uuid5(uuid.NAMESPACE_URL,
                                  'compute:image:' + DEFAULT_IMAGE_NAME))
DEFAULT_IMAGE_SIZE = 1024 * 1024

_CHUNK = 64 * 1024
_HASH_ALGO = 'sha512'
_FIELDS = ('name', 'visibility', 'owner', 'protected', 'os_hidden',
           'disk_format', 'container_format', 'min_ram', 'min_disk')
SORT_KEYS = ('name', 'status', 'container_format', 'disk_format', 'size',
             'id', 'created_at', 'updated_at')
SORT_DIRS = ('asc', 'desc')
DEFAULT_SORT = (('created_at', 'desc'),)
# Sort keys that may be NULL, and what stands for NULL when ordering and
# paging by them (keyset paging cannot compare NULLs).
_NULL_AS = {'name': '', 'container_format': '', 'disk_format': '',
            'size': -1}
# Filters that take one value or "in:a,b,c".
_IN_FILTERS = ('id', 'name', 'status', 'owner', 'disk_format',
               'container_format')
_EQUAL_FILTERS = ('checksum', 'os_hash_value')
_INT_FILTERS = ('min_ram', 'min_disk')
_RANGE_FILTERS = {'size_min': operator.ge, 'size_max': operator.le}
_TIME_FILTERS = ('created_at', 'updated_at')
_TIME_OPERATORS = {'gt': operator.gt, 'gte': operator.ge, 'lt': operator.lt,
                   'lte': operator.le, 'eq': operator.eq,
                   'neq': operator.ne}
_MEMBER_STATUSES = ('pending', 'accepted', 'rejected', 'all')
# The first bytes of a qcow2 file; its virtual size is at offset 24.
_QCOW2_MAGIC = b'QFI\xfb'

def database_url():
    """The configured URL of the image database, or its SQLite default."""
    return CONF.image.connection or 'sqlite:///' + os.path.join(
        CONF.state_path, 'images.sqlite')


def dispose():
    """Close the engines (tests and re-configuration)."""
    db_session.dispose()


def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def _to_dict(row):
    result = {field: getattr(row, field) for field in _FIELDS}
    result.update(
        id=row.id, status=row.status, size=row.size,
        virtual_size=row.virtual_size, checksum=row.checksum,
        os_hash_algo=row.os_hash_algo, os_hash_value=row.os_hash_value,
        created_at=_iso(row.created_at), updated_at=_iso(row.updated_at),
        tags=sorted(tag.value for tag in row.tags),
        properties={prop.name: prop.value for prop in row.properties})
    return result


def _not_authorized(action):
    return api.ImageNotAuthorized(
        'You are not authorized to complete %s action.' % action)


def _check_writer(ctx, action):
    """Readers only read (Glance's defaults: member or admin writes)."""
    if not (ctx.is_admin or 'member' in (ctx.roles or [])):
        raise _not_authorized(action)


def _owns(ctx, row):
    return ctx.is_admin or (row.owner is not None and
                            row.owner == ctx.project_id)


def _can_see(ctx, row):
    return row.visibility in ('public', 'community') or _owns(ctx, row)


def _check_property_names(properties):
    for name in properties:
        schema.check_attribute(name)
        if name in schema.BASE:
            raise exception.Invalid(
                "Property '%s' is a base attribute of images, not an extra "
                "property." % name)


def _check_fields(fields):
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise TypeError('unknown image fields: %s' % sorted(unknown))


def _set_properties(row, properties):
    """Make the row's extra properties exactly ``properties``, changing
    rows in place (a delete and insert of one name would break the unique
    constraint within one flush)."""
    current = {prop.name: prop for prop in row.properties}
    for name in set(current) - set(properties):
        row.properties.remove(current[name])
    for name, value in properties.items():
        if name in current:
            current[name].value = value
        else:
            row.properties.append(models.ImageProperty(name=name,
                                                       value=value))


def _set_tags(row, tags):
    current = {tag.value: tag for tag in row.tags}
    for value in set(current) - set(tags):
        row.tags.remove(current[value])
    for value in sorted(set(tags) - set(current)):
        row.tags.append(models.ImageTag(value=value))


def _check_changes(ctx, row, fields):
    """Changes only administrators make, and formats fixed once there
    are data."""
    if fields.get('visibility') == 'public' and \
            row.visibility != 'public' and not ctx.is_admin:
        raise _not_authorized('publicize_image')
    if 'owner' in fields and fields['owner'] != row.owner and \
            not ctx.is_admin:
        raise api.ImageNotAuthorized(
            "You are not permitted to modify 'owner' on this image.")
    for name in ('disk_format', 'container_format'):
        if name in fields and fields[name] != getattr(row, name) and \
                row.status != 'queued':
            raise exception.Forbidden(
                'Attribute %s can be only replaced for a queued image.'
                % name)


# --- list: filters, sorting, paging ---------------------------------------

def _visibility_condition(ctx, visibility):
    """Which images a list shows for its ``visibility`` filter; None for
    no restriction."""
    own = Image.owner == ctx.project_id
    if visibility is None:
        # Community images are listed only when asked for, as in Glance.
        return None if ctx.is_admin else sa.or_(Image.visibility == 'public',
                                                own)
    if visibility == 'all':
        return None if ctx.is_admin else sa.or_(
            Image.visibility.in_(('public', 'community')), own)
    if visibility not in schema.VISIBILITIES:
        raise exception.Invalid('Invalid visibility value: %s' % visibility)
    condition = Image.visibility == visibility
    if visibility in ('private', 'shared') and not ctx.is_admin:
        condition = sa.and_(condition, own)
    return condition


def _boolean(name, value):
    text = str(value).strip().lower()
    if text in parameter_types.TRUE_STRINGS:
        return True
    if text in parameter_types.FALSE_STRINGS:
        return False
    raise exception.Invalid('Invalid value for %s: %s' % (name, value))


def _integer(name, value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exception.Invalid('Unable to filter on %s with a non-numeric '
                                'value: %s' % (name, value))


def _in_values(value):
    """``in:a,"b",c`` -> ['a', 'b', 'c']; a plain value -> [value]."""
    value = str(value)
    if not value.startswith('in:'):
        return [value]
    return [item.strip().strip('"') for item in value[3:].split(',')]


def _time_condition(name, value):
    prefix, _, rest = str(value).partition(':')
    op, when = (prefix, rest) if prefix in _TIME_OPERATORS else ('eq', value)
    try:
        when = timeutils.normalize_time(timeutils.parse_isotime(when))
    except ValueError:
        raise exception.Invalid('Invalid time format for %s.' % name)
    return _TIME_OPERATORS[op](getattr(Image, name), when)


def _filter_condition(name, value):
    if name in _IN_FILTERS:
        return getattr(Image, name).in_(_in_values(value))
    if name in _EQUAL_FILTERS:
        return getattr(Image, name) == str(value)
    if name in _INT_FILTERS:
        return getattr(Image, name) == _integer(name, value)
    if name in _RANGE_FILTERS:
        return _RANGE_FILTERS[name](Image.size, _integer(name, value))
    if name in _TIME_FILTERS:
        return _time_condition(name, value)
    if name == 'protected':
        return Image.protected == _boolean(name, value)
    return Image.properties.any(sa.and_(models.ImageProperty.name == name,
                                        models.ImageProperty.value ==
                                        str(value)))


def _list_conditions(ctx, filters):
    filters = dict(filters or {})
    conditions = [Image.deleted == sa.false(),
                  _visibility_condition(ctx, filters.pop('visibility', None))]
    hidden = filters.pop('os_hidden', None)
    conditions.append(Image.os_hidden == (
        _boolean('os_hidden', hidden) if hidden is not None else False))
    # Without image members, member_status narrows nothing: only checked.
    member_status = filters.pop('member_status', None)
    if member_status is not None and member_status not in _MEMBER_STATUSES:
        raise exception.Invalid('Invalid status value: %s' % member_status)
    tags = filters.pop('tag', ())
    for tag in [tags] if isinstance(tags, str) else tags:
        conditions.append(Image.tags.any(models.ImageTag.value == tag))
    conditions.extend(_filter_condition(name, value)
                      for name, value in filters.items())
    return [c for c in conditions if c is not None]


def _sort_spec(sort):
    """Validated (key, direction) pairs ending with ``id`` (unique)."""
    spec = list(sort or DEFAULT_SORT)
    for key, direction in spec:
        if key not in SORT_KEYS:
            raise exception.Invalid(
                'Invalid sort key: %s. It must be one of the following: %s.'
                % (key, ', '.join(SORT_KEYS)))
        if direction not in SORT_DIRS:
            raise exception.Invalid('Invalid sort direction: %s' % direction)
    if 'id' not in [key for key, _ in spec]:
        spec.append(('id', spec[-1][1]))
    return spec


def _sort_column(key):
    column = getattr(Image, key)
    if key in _NULL_AS:
        return sa.func.coalesce(column, _NULL_AS[key])
    return column


def _after(spec, marker_row):
    """Rows that come after ``marker_row`` in the order ``spec``."""
    equal, after = [], []
    for key, direction in spec:
        column = _sort_column(key)
        value = getattr(marker_row, key)
        if value is None:
            value = _NULL_AS[key]
        after.append(sa.and_(*equal, column > value if direction == 'asc'
                             else column < value))
        equal.append(column == value)
    return sa.or_(*after)


def _order_by(spec):
    return [sa.asc(_sort_column(key)) if direction == 'asc'
            else sa.desc(_sort_column(key)) for key, direction in spec]


def _virtual_size(disk_format, head, size):
    """The disk size a guest sees, for the formats that tell it cheaply."""
    if disk_format == 'raw':
        return size
    if disk_format == 'qcow2' and len(head) >= 32 and \
            head.startswith(_QCOW2_MAGIC):
        return struct.unpack('>Q', head[24:32])[0]
    return None


class LocalImageAPI(api.ImageAPI):
    """The image service of ``compute.image.api`` on the local store."""

    def __init__(self, url=None, images_path=None):
        self._url = url or database_url()
        self._path = images_path or CONF.image.images_path

    @contextlib.contextmanager
    def _transaction(self):
        with db_session.transaction(self._url, models.Base.metadata) \
                as session:
            yield session

    def _file(self, image_id):
        return os.path.join(self._path, image_id)

    def _visible_row(self, session, ctx, image_id):
        row = session.get(Image, image_id)
        if row is None or row.deleted or not _can_see(ctx, row):
            raise api.ImageNotFound(image_id=image_id)
        return row

    def _owned_row(self, session, ctx, image_id, action):
        """The row of an image the caller may change (``action`` names
        the change in the error of a read-only caller)."""
        _check_writer(ctx, action)
        row = self._visible_row(session, ctx, image_id)
        if not _owns(ctx, row):
            raise api.ImageNotAuthorized(image_id=image_id)
        return row

    def get(self, ctx, image_id):
        with self._transaction() as session:
            return _to_dict(self._visible_row(session, ctx, image_id))

    def list(self, ctx, filters=None, limit=None, marker=None, sort=None):
        spec = _sort_spec(sort)
        conditions = _list_conditions(ctx, filters)
        query = sa.select(Image).where(*conditions)
        with self._transaction() as session:
            if marker is not None:
                try:
                    marker_row = self._visible_row(session, ctx, marker)
                except api.ImageNotFound:
                    raise exception.MarkerNotFound(marker=marker)
                query = query.where(_after(spec, marker_row))
            query = query.order_by(*_order_by(spec))
            if limit is not None:
                query = query.limit(limit)
            return [_to_dict(row) for row in session.scalars(query)]

    def create(self, ctx, **fields):
        _check_writer(ctx, 'add_image')
        image_id = fields.pop('id', None) or uuidutils.generate_uuid()
        tags = fields.pop('tags', None) or []
        properties = fields.pop('properties', None) or {}
        _check_fields(fields)
        fields.setdefault('visibility', 'shared')
        fields.setdefault('owner', ctx.project_id)
        if fields['visibility'] == 'public' and not ctx.is_admin:
            raise _not_authorized('publicize_image')
        if fields['owner'] != ctx.project_id and not ctx.is_admin:
            raise api.ImageNotAuthorized(
                "You are not permitted to create images owned by '%s'."
                % fields['owner'])
        _check_property_names(properties)
        schema.validate(dict(fields, id=image_id, tags=tags,
                             properties=properties))
        now = models.utcnow()
        row = Image(id=image_id, status='queued', created_at=now,
                    updated_at=now, **fields)
        _set_properties(row, properties)
        _set_tags(row, tags)
        try:
            with self._transaction() as session:
                session.add(row)
                session.flush()
                return _to_dict(row)
        except sa.exc.IntegrityError:
            raise exception.Conflict('Image with identifier %s already '
                                     'exists!' % image_id)

    def update(self, ctx, image_id, **fields):
        tags = fields.pop('tags', None)
        properties = fields.pop('properties', None)
        _check_fields(fields)
        if properties is not None:
            _check_property_names(properties)
        with self._transaction() as session:
            row = self._owned_row(session, ctx, image_id, 'modify_image')
            changed = dict(_to_dict(row), **fields)
            if properties is not None:
                changed['properties'] = properties
            if tags is not None:
                changed['tags'] = tags
            schema.validate(changed)
            _check_changes(ctx, row, fields)
            for name, value in fields.items():
                setattr(row, name, value)
            if properties is not None:
                _set_properties(row, properties)
            if tags is not None:
                _set_tags(row, tags)
            row.updated_at = models.utcnow()
            session.flush()
            return _to_dict(row)

    def delete(self, ctx, image_id):
        with self._transaction() as session:
            row = self._owned_row(session, ctx, image_id, 'delete_image')
            if row.protected:
                raise api.ImageProtected(image_id=image_id)
            now = models.utcnow()
            row.status = 'deleted'
            row.deleted = True
            row.deleted_at = row.updated_at = now
            _set_properties(row, {})
            _set_tags(row, ())
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._file(image_id))

    def _set_status(self, session, image_id, old, **values):
        """Move an image from status ``old``; False if it was not in it."""
        result = session.execute(
            sa.update(Image).where(Image.id == image_id,
                                   Image.status == old,
                                   Image.deleted == sa.false())
            .values(updated_at=models.utcnow(), **values))
        return result.rowcount == 1

    def upload(self, ctx, image_id, stream):
        with self._transaction() as session:
            row = self._owned_row(session, ctx, image_id, 'upload_image')
            if not (row.disk_format and row.container_format):
                raise exception.Invalid('Properties disk_format, '
                                        'container_format must be set prior '
                                        'to saving data.')
            status, disk_format = row.status, row.disk_format
            if not self._set_status(session, image_id, 'queued',
                                    status='saving'):
                raise exception.Conflict(
                    'Image status transition from %s to saving is not '
                    'allowed' % status)
        try:
            size, head, md5, sha = self._store(image_id, stream)
        except BaseException:
            with self._transaction() as session:
                self._set_status(session, image_id, 'saving',
                                 status='queued')
            raise
        with self._transaction() as session:
            saved = self._set_status(
                session, image_id, 'saving', status='active', size=size,
                virtual_size=_virtual_size(disk_format, head, size),
                checksum=md5, os_hash_algo=_HASH_ALGO, os_hash_value=sha)
            if saved:
                return _to_dict(session.get(Image, image_id))
        # Deleted while the data came in.
        with contextlib.suppress(FileNotFoundError):
            os.remove(self._file(image_id))
        raise api.ImageNotFound(image_id=image_id)

    def _store(self, image_id, stream):
        """Write ``stream`` to the image's file; its size, first bytes,
        md5 and sha512 hex digests."""
        cap = CONF.image.image_size_cap
        md5 = hashlib.md5(usedforsecurity=False)
        sha = hashlib.new(_HASH_ALGO)
        size, head = 0, b''
        os.makedirs(self._path, exist_ok=True)
        part = self._file(image_id) + '.part'
        try:
            with open(part, 'wb') as f:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise api.ImageTooLarge(limit=cap)
                    if len(head) < 32:
                        head += chunk[:32]
                    md5.update(chunk)
                    sha.update(chunk)
                    f.write(chunk)
            os.replace(part, self._file(image_id))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(part)
            raise
        return size, head, md5.hexdigest(), sha.hexdigest()

    def download(self, ctx, image_id):
        with self._transaction() as session:
            row = self._visible_row(session, ctx, image_id)
            active = row.status == 'active'
        return self._file(image_id) if active else None

    def status_of(self, image_id):
        """The status of any image, deleted ones included (None: never
        registered). For start-up tasks, not for callers."""
        with self._transaction() as session:
            row = session.get(Image, image_id)
            return row.status if row is not None else None


def ensure_default_image():
    """Register the default image if this store never had it: a blank
    1 MiB raw disk, public, that boots nothing but lets a server be built.
    Deleting it is final: it is not registered again."""
    store = LocalImageAPI()
    ctx = compute_context.get_admin_context()
    status = store.status_of(DEFAULT_IMAGE_ID)
    if status is None:
        with contextlib.suppress(exception.Conflict):
            store.create(
                ctx, id=DEFAULT_IMAGE_ID, name=DEFAULT_IMAGE_NAME,
                visibility='public', disk_format='raw',
                container_format='bare', min_disk=0, min_ram=0,
                properties={'description': 'A blank 1 MiB raw disk for '
                                           'trying the cloud out; it holds '
                                           'no operating system.'})
        status = 'queued'
    if status == 'queued':
        # Also finishes a registration that a stopped process left behind.
        with contextlib.suppress(exception.Conflict):
            store.upload(ctx, DEFAULT_IMAGE_ID,
                         io.BytesIO(bytes(DEFAULT_IMAGE_SIZE)))
