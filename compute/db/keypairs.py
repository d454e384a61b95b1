"""Keypairs in the API database, owned by a user and unique by name.

Callers get plain ``KeyPair`` records, never ORM objects. Rows are
hard-deleted, as in Nova's API database.
"""

import dataclasses
import datetime

import sqlalchemy as sa

from compute import exception
from compute.db import models_api as models
from compute.db import paging
from compute.db import session


@dataclasses.dataclass(frozen=True)
class KeyPair:
    id: int
    name: str
    user_id: str
    type: str
    public_key: str
    fingerprint: str
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None


def _record(row):
    return KeyPair(id=row.id, name=row.name, user_id=row.user_id,
                   type=row.type, public_key=row.public_key,
                   fingerprint=row.fingerprint, created_at=row.created_at,
                   updated_at=row.updated_at)


def _by_name(user_id, name):
    return sa.select(models.KeyPair).where(
        models.KeyPair.user_id == user_id, models.KeyPair.name == name)


def _get_row(db, user_id, name):
    row = db.scalars(_by_name(user_id, name)).first()
    if row is None:
        raise exception.KeypairNotFound(user_id=user_id, name=name)
    return row


def create(*, user_id, name, key_type, public_key, fingerprint):
    """A new keypair; KeyPairExists when the user already has that name."""
    try:
        with session.api_session() as db:
            row = models.KeyPair(user_id=user_id, name=name, type=key_type,
                                 public_key=public_key,
                                 fingerprint=fingerprint)
            db.add(row)
            db.flush()
            return _record(row)
    except sa.exc.IntegrityError:
        raise exception.KeyPairExists(key_name=name)


def get(user_id, name):
    """The keypair ``name`` of ``user_id``; KeypairNotFound otherwise."""
    with session.api_session() as db:
        return _record(_get_row(db, user_id, name))


def get_all(user_id, limit=None, marker=None):
    """One page of the user's keypairs sorted by name; ``marker`` is the
    name of the last keypair of the previous page (MarkerNotFound when the
    user has no keypair of that name)."""
    query = sa.select(models.KeyPair).where(
        models.KeyPair.user_id == user_id)
    with session.api_session() as db:
        marker_row = None
        if marker is not None:
            marker_row = db.scalars(_by_name(user_id, marker)).first()
            if marker_row is None:
                raise exception.MarkerNotFound(marker=marker)
        query = paging.page(query, [models.KeyPair.name, models.KeyPair.id],
                            limit, marker_row)
        return [_record(row) for row in db.scalars(query)]


def destroy(user_id, name):
    """Delete a keypair; KeypairNotFound when the user has none so named."""
    with session.api_session() as db:
        db.delete(_get_row(db, user_id, name))
