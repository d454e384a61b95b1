"""Response bodies of os-aggregates: an aggregate with its hosts and
metadata (create answers without them), ``uuid`` from 2.41.

Aggregates live in the API database, which never soft-deletes: ``deleted``
is always false and ``deleted_at`` null, kept for the wire format.
"""

from compute.api import microversion


def _aggregate(req, agg, members=True):
    body = {
        'id': agg.id,
        'name': agg.name,
        'availability_zone': agg.availability_zone,
        'created_at': agg.created_at,
        'updated_at': agg.updated_at,
        'deleted_at': None,
        'deleted': False,
    }
    if members:
        body['hosts'] = list(agg.hosts)
        body['metadata'] = dict(agg.metadata)
    if req.ver >= microversion.AGGREGATE_UUID:
        body['uuid'] = agg.uuid
    return body


def index(req, aggregates):
    return {'aggregates': [_aggregate(req, agg) for agg in aggregates]}


def show(req, agg):
    return {'aggregate': _aggregate(req, agg)}


def created(req, agg):
    """What create answers: the aggregate without hosts and metadata."""
    return {'aggregate': _aggregate(req, agg, members=False)}
