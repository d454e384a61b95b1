"""How times are written in responses and read from query strings.

Most of Nova's bodies write naive UTC times with microseconds
(``2026-11-22T03:10:40.000000``); query parameters such as
``changes-since`` take ISO 8601 with any offset, read as naive UTC.
"""

from oslo_utils import timeutils

WITH_MICROSECONDS = '%Y-%m-%dT%H:%M:%S.%f'


def with_microseconds(value):
    """``value`` as Nova writes it in most bodies; None stays None."""
    return value.strftime(WITH_MICROSECONDS) if value else None


def query_time(query, name):
    """The naive UTC time of (already validated) query parameter
    ``name``, or None when it is absent."""
    if name not in query:
        return None
    return timeutils.normalize_time(timeutils.parse_isotime(query[name][0]))
