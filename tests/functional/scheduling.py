"""Helpers of the scheduling tests on the live stack: option overrides
undone after each test, the compute hosts, and servers booted until they
settle (ACTIVE or ERROR) with where they landed."""

import uuid
import pytest

from compute import conf as compute_conf
from tests.functional import live_servers

CONF = compute_conf.CONF

NO_VALID_HOST = 'No valid host was found.'


@pytest.fixture
def options():
    """Set options for one test: options(name, value, group)."""
    overridden = []

    def override(name, value, group):
        CONF.set_override(name, value, group=group)
        overridden.append((name, group))
    yield override
    for name, group in overridden:
        CONF.clear_override(name, group=group)


def compute_hosts(api):
    """The names of the compute hosts, sorted."""
    resp = api.get('/os-services', params={'binary': 'nova-compute'})
    assert resp.status_code == 200, resp.text
    return sorted(s['host'] for s in resp.json()['services'])


def host_of(api, server_id):
    resp = api.get('/servers/' + server_id, version=live_servers.VERSION)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']['OS-EXT-SRV-ATTR:host']


def boot_settled(api, tok, body_extra=None, version=live_servers.VERSION,
                 **server):
    """Boot and wait for ACTIVE or ERROR; the server's body (at
    live_servers.VERSION). ``body_extra`` goes next to ``server`` (hints);
    ``server`` overrides fields of the server."""
    body = {'server': dict({'name': 'vm', 'flavorRef': '1',
                            'imageRef': live_servers.image_id(api),
                            'networks': 'auto'}, **server)}
    body.update(body_extra or {})
    resp = api.post('/servers', body, token=tok, version=version)
    assert resp.status_code == 202, resp.text
    return live_servers.wait(api, resp.json()['server']['id'], tok,
                             {'ACTIVE', 'ERROR'})


def assert_no_valid_host(server, reason=''):
    assert server['status'] == 'ERROR', server
    assert server['fault']['message'].startswith(NO_VALID_HOST + reason), \
        server['fault']


@pytest.fixture(name='flavor')
def flavor_maker(api):
    """flavor(vcpus=1, ram=512, **extra_specs): a flavor id, deleted
    after the test."""
    made = []

    def make(vcpus=1, ram=512, **extra_specs):
        flavor_id = 'sched-' + uuid.uuid4().hex[:8]
        resp = api.post('/flavors', {'flavor': {
            'name': flavor_id, 'id': flavor_id, 'ram': ram, 'vcpus': vcpus,
            'disk': 1}})
        assert resp.status_code == 200, resp.text
        made.append(flavor_id)
        if extra_specs:
            resp = api.post('/flavors/%s/os-extra_specs' % flavor_id,
                            {'extra_specs': extra_specs})
            assert resp.status_code == 200, resp.text
        return flavor_id
    yield make
    for flavor_id in made:
        api.delete('/flavors/' + flavor_id)
