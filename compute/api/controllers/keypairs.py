"""Handlers of /os-keypairs: list, show, create (generate or import) and
delete the keypairs of a user.

Callers act on their own keypairs; from 2.10 an administrator may name
another user (``user_id`` in the query, or in the create body). Creating
generates the key material until 2.91 when no public key is given; from
2.92 the public key is required. Keypairs count against the user's
``key_pairs`` quota.
"""

from compute import conf as compute_conf
from compute import crypto
from compute import exception
from compute import quota
from compute.api import http
from compute.api import microversion
from compute.api import validation
from compute.api.schemas import keypairs as schema
from compute.api.views import keypairs as view
from compute.db import keypairs as keypairs_db
from compute.policies import keypairs as policies

CONF = compute_conf.CONF


class KeypairLimitExceeded(exception.OverQuota):
    msg_fmt = 'Quota exceeded, too many key pairs.'


def _owner(req, query):
    """The user whose keypairs the request is about: the one named in the
    query (2.10+, for administrators), else the caller."""
    user_id = query.get('user_id', [None])[0]
    return user_id or req.context.user_id


def _authorize(req, action, user_id):
    req.context.can(policies.POLICY_ROOT % action,
                    target={'user_id': user_id})


def _page(query):
    """(limit, marker) of a list request; the limit never exceeds
    [api] max_limit."""
    limit = CONF.api.max_limit
    if 'limit' in query:
        limit = min(int(query['limit'][-1]), limit)
    marker = query['marker'][-1] if 'marker' in query else None
    return limit, marker


@validation.query(schema.INDEX_QUERY)
def index(req, query):
    """GET /os-keypairs"""
    user_id = _owner(req, query)
    _authorize(req, 'index', user_id)
    if req.ver < microversion.KEYPAIR_PAGING:
        return http.json_response(view.index(req,
                                             keypairs_db.get_all(user_id)))
    limit, marker = _page(query)
    try:
        keypairs = keypairs_db.get_all(user_id, limit=limit, marker=marker)
    except exception.MarkerNotFound as err:
        raise exception.Invalid(err.format_message())
    return http.json_response(view.index(req, keypairs, limit))


@validation.query(schema.ITEM_QUERY)
def show(req, keypair_name, query):
    """GET /os-keypairs/{keypair_name}"""
    user_id = _owner(req, query)
    _authorize(req, 'show', user_id)
    return http.json_response(
        view.show(req, keypairs_db.get(user_id, keypair_name)))


def _check_quota(req, user_id, delta):
    try:
        quota.check_deltas(req.context, None, user_id, {'key_pairs': delta})
    except quota.OverQuota:
        raise KeypairLimitExceeded()


def _add(req, user_id, params):
    """Store the keypair ``params`` describes; (keypair, private key or
    None when the public key was imported)."""
    name = params['name']
    key_type = params.get('type', crypto.SSH)
    _check_quota(req, user_id, 1)
    private_key = None
    if 'public_key' in params:
        public_key = params['public_key']
        fingerprint = crypto.fingerprint(public_key, key_type)
    else:
        private_key, public_key, fingerprint = crypto.generate(key_type,
                                                               user_id)
    keypair = keypairs_db.create(user_id=user_id, name=name,
                                 key_type=key_type, public_key=public_key,
                                 fingerprint=fingerprint)
    if CONF.quota.recheck_quota:
        # A concurrent create may have taken the last slot meanwhile.
        try:
            _check_quota(req, user_id, 0)
        except KeypairLimitExceeded:
            keypairs_db.destroy(user_id, name)
            raise
    return keypair, private_key


@validation.query(schema.CREATE_QUERY)
@validation.body(schema.CREATE)
def create(req, body, query):
    """POST /os-keypairs"""
    params = body['keypair']
    user_id = params.get('user_id') or req.context.user_id
    _authorize(req, 'create', user_id)
    keypair, private_key = _add(req, user_id, params)
    status = 201 if req.ver >= microversion.KEYPAIR_TYPE else 200
    return http.json_response(view.create(req, keypair, private_key),
                              status=status)


@validation.query(schema.ITEM_QUERY)
def delete(req, keypair_name, query):
    """DELETE /os-keypairs/{keypair_name}"""
    user_id = _owner(req, query)
    _authorize(req, 'delete', user_id)
    keypairs_db.destroy(user_id, keypair_name)
    status = 204 if req.ver >= microversion.KEYPAIR_TYPE else 202
    return http.empty_response(status)
