"""Response bodies of keypairs (list, show, create), per microversion.

The type appears from 2.2; a generated private key only in the create
response that generated it; list pages link to the next page from 2.35.
"""

from compute.api.views import timestamps
from compute import conf as compute_conf
from compute.api import microversion
from compute.api.views import links

CONF = compute_conf.CONF
COLLECTION = 'os-keypairs'


def _summary(req, keypair):
    body = {'name': keypair.name, 'public_key': keypair.public_key,
            'fingerprint': keypair.fingerprint}
    if req.ver >= microversion.KEYPAIR_TYPE:
        body['type'] = keypair.type
    return body


def _owned(req, keypair):
    return dict(_summary(req, keypair), user_id=keypair.user_id)


def index(req, keypairs, limit=None):
    """``{"keypairs": [{"keypair": {...}}]}``; with paging (``limit`` is
    the effective page size) a full page links to the next one."""
    body = {'keypairs': [{'keypair': _summary(req, kp)} for kp in keypairs]}
    if limit and len(keypairs) == limit:
        body['keypairs_links'] = [links.collection_next_link(
            req, COLLECTION, keypairs[-1].name)]
    return body


def show(req, keypair):
    body = _owned(req, keypair)
    body.update({
        'id': keypair.id,
        'created_at': timestamps.with_microseconds(keypair.created_at),
        'updated_at': timestamps.with_microseconds(keypair.updated_at),
        # Rows are hard-deleted: a keypair shown is never deleted.
        'deleted': False,
        'deleted_at': None,
    })
    return {'keypair': body}


def create(req, keypair, private_key=None):
    body = _owned(req, keypair)
    if private_key is not None:
        body['private_key'] = private_key
    return {'keypair': body}
