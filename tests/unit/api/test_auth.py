"""The auth middlewares turn identity into a RequestContext."""

import webob

from compute.api import auth


def _app(environ, start_response):
    ctx = environ['compute.context']
    body = '%s|%s|%s' % (ctx.user_id, ctx.project_id, ','.join(
        sorted(ctx.roles)))
    return webob.Response(body)(environ, start_response)


def test_noauth2_admin_and_member():
    app = auth.NoAuth2(_app)
    resp = webob.Request.blank('/', headers={
        'X-Auth-Token': 'admin:p1'}).get_response(app)
    assert resp.text == 'admin|p1|admin,member,reader'
    resp = webob.Request.blank('/', headers={
        'X-Auth-Token': 'alice'}).get_response(app)
    assert resp.text == 'alice|alice|member,reader'


def test_noauth2_roles_header_and_missing_token():
    app = auth.NoAuth2(_app)
    resp = webob.Request.blank('/', headers={
        'X-Auth-Token': 'bob:p2', 'X-Roles': 'reader'}).get_response(app)
    assert resp.text == 'bob|p2|reader'
    resp = webob.Request.blank('/').get_response(app)
    assert resp.status_int == 401
    assert resp.json == {'unauthorized': {
        'code': 401, 'message': 'Authentication required'}}


def test_keystone_context_reads_auth_token_headers():
    # What keystonemiddleware's auth_token leaves for the application.
    app = auth.KeystoneContext(_app)
    resp = webob.Request.blank('/', headers={
        'X-Identity-Status': 'Confirmed', 'X-User-Id': 'u-1',
        'X-Project-Id': 'p-1', 'X-Roles': 'Member,reader',
        'X-Auth-Token': 'tok'}).get_response(app)
    assert resp.text == 'u-1|p-1|member,reader'


def test_keystone_context_refuses_invalid_token():
    app = auth.KeystoneContext(_app)
    resp = webob.Request.blank('/', headers={
        'X-Identity-Status': 'Invalid'}).get_response(app)
    assert resp.status_int == 401


def test_keystone_strategy_puts_auth_token_in_front():
    from keystonemiddleware import auth_token

    from compute import conf as compute_conf
    conf = compute_conf.CONF
    conf.set_override('auth_strategy', 'keystone', group='api')
    try:
        wrapped = auth.wrap(_app, conf)
    finally:
        conf.clear_override('auth_strategy', group='api')
    assert isinstance(wrapped, auth_token.AuthProtocol)
    assert isinstance(auth.wrap(_app, conf), auth.NoAuth2)
