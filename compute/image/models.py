"""Tables of the local image store: images, their extra properties and tags.

They live in their own database (``$state_path/images.sqlite`` or
``[image] connection``), apart from the API and cell databases, and are
created with ``create_all`` on first use (``compute.image.local``). This
embedded store is NOT migrated by alembic: a change to these tables must
come with its own upgrade step in ``compute.image.local``.

Column names follow Glance's. Deleted images keep their row (``deleted``,
status ``deleted``) so that an id is never reused, as in Glance; their
properties and tags go with the data.
"""

import datetime

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

# Microseconds on MySQL/MariaDB too: lists are ordered newest first.
DateTime = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql',
                                      'mariadb')


def utcnow():
    return timeutils.utcnow()


class Base(orm.DeclarativeBase):
    """Declarative base of the image database (its own MetaData)."""


class Image(Base):
    __tablename__ = 'images'
    __table_args__ = (
        sa.Index('ix_images_owner', 'owner'),
        sa.Index('ix_images_deleted_visibility', 'deleted', 'visibility'),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(30))
    visibility: Mapped[str] = mapped_column(sa.String(9))
    owner: Mapped[str | None] = mapped_column(sa.String(255))
    protected: Mapped[bool] = mapped_column(default=False)
    os_hidden: Mapped[bool] = mapped_column(default=False)
    disk_format: Mapped[str | None] = mapped_column(sa.String(20))
    container_format: Mapped[str | None] = mapped_column(sa.String(20))
    min_disk: Mapped[int] = mapped_column(default=0)
    min_ram: Mapped[int] = mapped_column(default=0)
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    virtual_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    checksum: Mapped[str | None] = mapped_column(sa.String(32))
    os_hash_algo: Mapped[str | None] = mapped_column(sa.String(64))
    os_hash_value: Mapped[str | None] = mapped_column(sa.String(128))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime,
                                                          default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTime, onupdate=utcnow)
    deleted_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    deleted: Mapped[bool] = mapped_column(default=False)

    properties: Mapped[list['ImageProperty']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')
    tags: Mapped[list['ImageTag']] = orm.relationship(
        lazy='selectin', cascade='all, delete-orphan')


class ImageProperty(Base):
    """One extra property (``key=value``) of an image."""

    __tablename__ = 'image_properties'
    __table_args__ = (
        sa.UniqueConstraint('image_id', 'name',
                            name='uniq_image_properties0image_id0name'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey('images.id', ondelete='CASCADE'))
    name: Mapped[str] = mapped_column(sa.String(255))
    value: Mapped[str] = mapped_column(sa.Text)


class ImageTag(Base):
    __tablename__ = 'image_tags'
    __table_args__ = (
        sa.UniqueConstraint('image_id', 'value',
                            name='uniq_image_tags0image_id0value'),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[str] = mapped_column(
        sa.String(36), sa.ForeignKey('images.id', ondelete='CASCADE'))
    value: Mapped[str] = mapped_column(sa.String(255))
