"""/os-volumes_boot: the alias of /servers Nova kept until 2.102."""

from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401


def test_the_alias_serves_servers_until_2_102(api):
    token = live_servers.token()
    body = {'server': {'name': 'alias', 'flavorRef': '1',
                       'imageRef': live_servers.image_id(api),
                       'networks': 'auto'}}
    resp = api.post('/os-volumes_boot', body, token=token, version='2.90')
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    live_servers.wait(api, server_id, token, {'ACTIVE'})

    listed = api.get('/os-volumes_boot/detail', token=token,
                     version='2.102').json()['servers']
    assert [s['id'] for s in listed] == [server_id]
    shown = api.get('/os-volumes_boot/%s' % server_id, token=token,
                    version='2.102').json()['server']
    assert shown['name'] == 'alias'

    resp = api.post('/os-volumes_boot/%s/action' % server_id,
                    {'os-stop': None}, token=token, version='2.102')
    assert resp.status_code == 202, resp.text
    live_servers.wait(api, server_id, token, {'SHUTOFF'})

    for method, path in (('get', '/os-volumes_boot'),
                         ('get', '/os-volumes_boot/%s' % server_id)):
        assert getattr(api, method)(path, token=token,
                                    version='2.103').status_code == 404
    resp = api.post('/os-volumes_boot/%s/action' % server_id,
                    {'os-start': None}, token=token, version='2.103')
    assert resp.status_code == 404
    resp = api.delete('/os-volumes_boot/%s' % server_id, token=token,
                      version='2.102')
    assert resp.status_code == 204
    live_servers.wait(api, server_id, token, {'DELETED'})
