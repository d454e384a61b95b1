"""Keyset paging shared by the list queries: order by some columns (the
last one unique, usually ``id``) and keep what follows a marker row."""

import sqlalchemy as sa


def page(query, columns, limit=None, marker_row=None, descending=False):
    """``query`` ordered by ``columns``, after ``marker_row``, at most
    ``limit`` rows."""
    order = sa.desc if descending else sa.asc
    query = query.order_by(*[order(column) for column in columns])
    if marker_row is not None:
        after = []
        equal = []
        for column in columns:
            value = getattr(marker_row, column.key)
            if value is None:
                # NULLs cannot be compared; the unique column still orders
                # the rest.
                continue
            if isinstance(column.type, sa.Boolean):
                column, value = sa.cast(column, sa.Integer), int(value)
            beyond = column < value if descending else column > value
            after.append(sa.and_(*equal, beyond))
            equal.append(column == value)
        query = query.where(sa.or_(*after))
    if limit is not None:
        query = query.limit(limit)
    return query
