"""Conformance of the image and shelve actions with Nova's API samples:
os-shelve (shelve, shelveOffload, unshelve; unshelve to a zone from
2.77), os-create-backup and the servers' createImage requests, each sent
as the sample has it to a booted server at the sample's microversion, and
the 2.45 answers compared with the sample responses.

Adapted to this cloud: the zone of os-shelve/v2.77/os-unshelve-az.json
("us-west") is made a real one (an aggregate holding compute2).
"""

import time

import pytest

from compute import conf as compute_conf
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401
from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load
from tests.functional.samples.test_api_samples import version_of

ADMIN = 'admin:admin'
CONF = compute_conf.CONF


def _settled(api, server_id, token, statuses, timeout=30):
    deadline = time.time() + timeout
    while True:
        server = api.get('/servers/%s' % server_id, token=token,
                         version='2.90').json()['server']
        if server['status'] in statuses and \
                server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.time() < deadline, server['status']
        time.sleep(0.05)


@pytest.fixture
def booted(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    return server['id'], token


def _send(api, server_id, sample, token):
    return api.post('/servers/%s/action' % server_id, load(sample),
                    token=token, version=version_of(sample))


def _accepted_empty(resp):
    assert resp.status_code == 202, resp.text
    assert resp.text == ''


@pytest.mark.parametrize('folder', ['os-shelve', 'os-shelve/v2.77'])
def test_shelve_and_unshelve(api, booted, folder):
    server_id, token = booted
    _accepted_empty(_send(api, server_id, folder + '/os-shelve.json', token))
    _settled(api, server_id, token, {'SHELVED_OFFLOADED'})
    _accepted_empty(_send(api, server_id, folder + '/os-unshelve.json',
                          token))
    _settled(api, server_id, token, {'ACTIVE'})


def test_shelve_offload(api, booted):
    server_id, token = booted
    # A shelved server that stays on its host, offloaded on request.
    CONF.set_override('shelved_offload_time', -1)
    try:
        api.post('/servers/%s/action' % server_id, {'shelve': None},
                 token=token)
        _settled(api, server_id, token, {'SHELVED'})
    finally:
        CONF.clear_override('shelved_offload_time')
    _accepted_empty(_send(api, server_id, 'os-shelve/os-shelve-offload.json',
                          ADMIN))
    _settled(api, server_id, token, {'SHELVED_OFFLOADED'})


@pytest.fixture
def us_west(api):
    zone = load('os-shelve/v2.77/os-unshelve-az.json')['unshelve'][
        'availability_zone']
    resp = api.post('/os-aggregates', {'aggregate': {
        'name': zone, 'availability_zone': zone}})
    assert resp.status_code == 200, resp.text
    agg = resp.json()['aggregate']['id']
    path = '/os-aggregates/%s/action' % agg
    api.post(path, {'add_host': {'host': 'compute2'}})
    yield zone
    api.post(path, {'remove_host': {'host': 'compute2'}})
    api.delete('/os-aggregates/%s' % agg)


def test_unshelve_to_a_zone(api, booted, us_west):
    server_id, token = booted
    _accepted_empty(_send(api, server_id, 'os-shelve/v2.77/os-shelve.json',
                          token))
    _settled(api, server_id, token, {'SHELVED_OFFLOADED'})
    _accepted_empty(_send(api, server_id,
                          'os-shelve/v2.77/os-unshelve-az.json', token))
    server = _settled(api, server_id, ADMIN, {'ACTIVE'})
    assert server['OS-EXT-AZ:availability_zone'] == us_west
    assert server['OS-EXT-SRV-ATTR:host'] == 'compute2'


@pytest.mark.parametrize('sample', [
    'servers/server-action-create-image.json',
    'os-create-backup/create-backup-req.json'])
def test_image_actions_below_2_45(api, booted, sample):
    server_id, token = booted
    resp = _send(api, server_id, sample, token)
    _accepted_empty(resp)
    assert '/images/' in resp.headers['Location']
    _settled(api, server_id, token, {'ACTIVE'})


@pytest.mark.parametrize('sample,response', [
    ('servers/v2.45/server-action-create-image.json',
     'servers/v2.45/server-action-create-image-resp.json'),
    ('os-create-backup/v2.45/create-backup-req.json',
     'os-create-backup/v2.45/create-backup-resp.json')])
def test_image_actions_from_2_45(api, booted, sample, response):
    server_id, token = booted
    check(_send(api, server_id, sample, token), response, 202)
    _settled(api, server_id, token, {'ACTIVE'})
