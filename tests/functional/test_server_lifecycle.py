"""Boot and delete servers through the whole stack: API, conductor,
scheduler with placement, agents on fake hosts."""

import concurrent.futures
import time
import uuid

import pytest

from compute import conf as compute_conf
from tests.functional.client import fault_message
from tests.functional import live_servers

CONF = compute_conf.CONF
VERSION = '2.90'


_token = live_servers.token
_image_id = live_servers.image_id
_boot = live_servers.boot
_wait = live_servers.wait
_allocations = live_servers.allocations
cleanup_servers = live_servers.cleanup_servers


def test_boot_becomes_active_and_delete_frees_everything(api):
    token = _token()
    resp = _boot(api, token)
    assert resp.status_code == 202, resp.text
    created = resp.json()['server']
    assert created['adminPass']
    server = _wait(api, created['id'], token, {'ACTIVE'})
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['addresses']
    allocations = _allocations(created['id'])
    assert len(allocations) == 1
    resources = next(iter(allocations.values()))['resources']
    assert resources == {'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}
    actions = api.get('/servers/%s/os-instance-actions' % created['id'],
                      token=token).json()['instanceActions']
    assert [a['action'] for a in actions] == ['create']
    assert api.delete('/servers/%s' % created['id'],
                      token=token).status_code == 204
    _wait(api, created['id'], token, {'DELETED'})
    assert _allocations(created['id']) == {}


def test_flavor_too_big_ends_in_error_with_no_valid_host(api):
    token = _token()
    resp = api.post('/flavors', {'flavor': {
        # Within the RAM quota (50 GiB), beyond any host (32 GiB).
        'name': 'huge-' + uuid.uuid4().hex[:6], 'ram': 40000,
        'vcpus': 1, 'disk': 1}})
    flavor = resp.json()['flavor']['id']
    try:
        resp = _boot(api, token, flavor=flavor)
        assert resp.status_code == 202, resp.text
        server = _wait(api, resp.json()['server']['id'], token, {'ERROR'})
        assert 'No valid host was found' in server['fault']['message']
        assert _allocations(server['id']) == {}
        api.delete('/servers/%s' % server['id'], token=token)
        _wait(api, server['id'], token, {'DELETED'})
    finally:
        api.delete('/flavors/%s' % flavor)


def test_failed_build_is_rescheduled(api, stack, compute_hosts):
    token = _token(admin=True)
    drivers = [stack.driver(host) for host in compute_hosts]
    # Each host fails its next build: the first host fails, both
    # alternates (max_attempts 3: one try on each host) fail too, and with
    # no host left the server ends in ERROR.
    for driver in drivers:
        driver.fail_next_builds(1)
    try:
        resp = _boot(api, token)
        server = _wait(api, resp.json()['server']['id'], token, {'ERROR'})
        assert 'Exceeded maximum number of retries' in \
            server['fault']['message']
        assert _allocations(server['id']) == {}
        assert [driver._failures_left for driver in drivers] == \
            [0] * len(drivers)
        # Only compute1 fails its next build: whichever server lands there
        # first is moved to another host and still becomes ACTIVE.
        drivers[0].fail_next_builds(1)
        for i in range(len(compute_hosts) + 1):
            resp = _boot(api, token, name='again-%d' % i)
            server = _wait(api, resp.json()['server']['id'], token,
                           {'ACTIVE', 'ERROR'})
            assert server['status'] == 'ACTIVE'
            assert len(_allocations(server['id'])) == 1
            if drivers[0]._failures_left == 0:
                break
        assert drivers[0]._failures_left == 0
        assert server['OS-EXT-SRV-ATTR:host'] != compute_hosts[0]
    finally:
        for driver in drivers:
            driver.fail_next_builds(0)


def test_delete_during_build(api, stack, compute_hosts):
    token = _token()
    CONF.set_override('spawn_delay', 1.0, group='fake_driver')
    try:
        resp = _boot(api, token)
        server_id = resp.json()['server']['id']
        time.sleep(0.3)
        assert api.delete('/servers/%s' % server_id,
                          token=token).status_code == 204
        _wait(api, server_id, token, {'DELETED'})
    finally:
        CONF.clear_override('spawn_delay', group='fake_driver')
    time.sleep(1.5)
    assert _allocations(server_id) == {}
    for host in compute_hosts:
        assert server_id not in stack.driver(host).guests


def test_multi_create_with_reservation_id(api):
    token = _token()
    resp = _boot(api, token, min_count=3, max_count=3,
                 return_reservation_id=True)
    assert resp.status_code == 202, resp.text
    reservation = resp.json()['reservation_id']
    servers = api.get('/servers', token=token, version=VERSION,
                      params={'reservation_id': reservation}).json()
    assert len(servers['servers']) == 3
    for server in servers['servers']:
        _wait(api, server['id'], token, {'ACTIVE'})
        api.delete('/servers/%s' % server['id'], token=token)


def test_quota_exceeded_is_403(api):
    token = _token()
    project = token.split(':')[1]
    api.put('/os-quota-sets/%s' % project, {'quota_set': {'instances': 1}})
    resp = _boot(api, token, min_count=2, max_count=2)
    assert 'Quota exceeded for instances' in fault_message(resp, 403)


def test_parallel_creates_never_exceed_quota(api):
    token = _token()
    project = token.split(':')[1]
    api.put('/os-quota-sets/%s' % project, {'quota_set': {'instances': 3}})
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: _boot(api, token, name='r%d' % i),
                                range(8)))
    accepted = [r for r in results if r.status_code == 202]
    assert len(accepted) <= 3
    assert all(r.status_code in (202, 403) for r in results)
    servers = api.get('/servers', token=token).json()['servers']
    assert len(servers) <= 3
    for server in servers:
        api.delete('/servers/%s' % server['id'], token=token)


@pytest.mark.parametrize('body,message', [
    ({'flavorRef': 'nope'}, 'Flavor nope could not be found.'),
    ({'imageRef': str(uuid.UUID(int=7))}, 'could not be found'),
    ({'key_name': 'missing'}, 'Invalid key_name provided.'),
])
def test_bad_references_are_400(api, body, message):
    token = _token()
    base = {'name': 'x', 'flavorRef': '1', 'imageRef': _image_id(api),
            'networks': 'auto'}
    resp = api.post('/servers', {'server': dict(base, **body)}, token=token,
                    version=VERSION)
    assert message in fault_message(resp, 400)


def test_soft_delete_restore_and_force_delete(api):
    token = _token()
    CONF.set_override('reclaim_instance_interval', 3600)
    try:
        server_id = _boot(api, token).json()['server']['id']
        _wait(api, server_id, token, {'ACTIVE'})
        assert api.delete('/servers/%s' % server_id,
                          token=token).status_code == 204
        _wait(api, server_id, token, {'SOFT_DELETED'})
        assert api.post('/servers/%s/action' % server_id,
                        {'restore': None}, token=token).status_code == 202
        _wait(api, server_id, token, {'ACTIVE'})
        api.delete('/servers/%s' % server_id, token=token)
        _wait(api, server_id, token, {'SOFT_DELETED'})
        assert api.post('/servers/%s/action' % server_id,
                        {'forceDelete': None},
                        token=token).status_code == 202
        _wait(api, server_id, token, {'DELETED'})
    finally:
        CONF.clear_override('reclaim_instance_interval')


def test_power_state_sync_stops_a_guest_found_shut_down(api, stack):
    token = _token(admin=True)
    server = _wait(api, _boot(api, token).json()['server']['id'], token,
                   {'ACTIVE'})
    host = server['OS-EXT-SRV-ATTR:host']
    # The guest powers itself off behind the service's back.
    stack.driver(host).guests[server['id']]['power_state'] = 4
    stack.agent(host).sync_power_states()
    server = _wait(api, server['id'], token, {'SHUTOFF'})
    assert server['OS-EXT-STS:power_state'] == 4
    assert server['OS-EXT-STS:vm_state'] == 'stopped'


def test_soft_deleted_server_is_reclaimed_after_the_interval(api, stack):
    token = _token(admin=True)
    CONF.set_override('reclaim_instance_interval', 1)
    try:
        server_id = _boot(api, token).json()['server']['id']
        server = _wait(api, server_id, token, {'ACTIVE'})
        api.delete('/servers/%s' % server_id, token=token)
        _wait(api, server_id, token, {'SOFT_DELETED'})
        time.sleep(1.2)
        stack.agent(server['OS-EXT-SRV-ATTR:host']).reclaim_queued_deletes()
        _wait(api, server_id, token, {'DELETED'})
        assert _allocations(server_id) == {}
    finally:
        CONF.clear_override('reclaim_instance_interval')


def test_block_device_mappings_are_recorded(api):
    import sqlalchemy as sa

    from compute.db import models_cell
    from compute.db import session
    token = _token()
    resp = _boot(api, token, block_device_mapping_v2=[
        {'source_type': 'blank', 'destination_type': 'local',
         'guest_format': 'swap', 'boot_index': -1, 'volume_size': 1,
         'delete_on_termination': True}])
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    _wait(api, server_id, token, {'ACTIVE'})
    bdm = models_cell.BlockDeviceMapping
    with session.cell_session() as db:
        rows = db.execute(sa.select(bdm.source_type, bdm.boot_index,
                                    bdm.guest_format).where(
            bdm.instance_uuid == server_id, bdm.deleted == 0).order_by(
                bdm.id)).all()
    assert [tuple(r) for r in rows] == [('image', 0, None),
                                        ('blank', -1, 'swap')]
