"""End to end: server actions and moves driven by the unmodified
openstackclient against ``compute-all`` (two fake hosts)."""

import time

import pytest

from tests.functional.osc.cli import demo
from tests.functional.osc.cli import demo_json
from tests.functional.osc.cli import osc
from tests.functional.osc.cli import osc_json


def _status(cloud, server, admin=False):
    run = osc_json if admin else demo_json
    return run(cloud, 'server', 'show', server)['status']


def _wait_status(cloud, server, wanted, admin=False, timeout=60):
    deadline = time.time() + timeout
    while True:
        status = _status(cloud, server, admin)
        if status == wanted:
            return
        assert status != 'ERROR' or wanted == 'ERROR', status
        assert time.time() < deadline, '%s stuck in %s' % (server, status)
        time.sleep(0.3)


def _host(cloud, server):
    return osc_json(cloud, 'server', 'show', server)['OS-EXT-SRV-ATTR:host']


@pytest.fixture
def vm(cloud, e2e_image):
    """The id of an ACTIVE server of the demo user, deleted afterwards."""
    created = demo_json(cloud, 'server', 'create', '--flavor', 'm1.tiny',
                        '--image', 'e2e-img', '--network', 'private',
                        '--wait', 'act-vm')
    # By id: the admin does not find another project's server by name.
    yield created['id']
    demo(cloud, 'server', 'delete', '--wait', created['id'], check=False)


def test_power_and_state_actions(cloud, vm):
    demo(cloud, 'server', 'stop', vm)
    _wait_status(cloud, vm, 'SHUTOFF')
    demo(cloud, 'server', 'start', vm)
    _wait_status(cloud, vm, 'ACTIVE')
    demo(cloud, 'server', 'reboot', '--hard', '--wait', vm)
    _wait_status(cloud, vm, 'ACTIVE')
    demo(cloud, 'server', 'pause', vm)
    _wait_status(cloud, vm, 'PAUSED')
    demo(cloud, 'server', 'unpause', vm)
    _wait_status(cloud, vm, 'ACTIVE')
    demo(cloud, 'server', 'suspend', vm)
    _wait_status(cloud, vm, 'SUSPENDED')
    demo(cloud, 'server', 'resume', vm)
    _wait_status(cloud, vm, 'ACTIVE')
    demo(cloud, 'server', 'rescue', vm)
    _wait_status(cloud, vm, 'RESCUE')
    demo(cloud, 'server', 'unrescue', vm)
    _wait_status(cloud, vm, 'ACTIVE')

    demo(cloud, '--os-compute-api-version', '2.73', 'server', 'lock',
         '--reason', 'maintenance', vm)
    shown = demo_json(cloud, '--os-compute-api-version', '2.73', 'server',
                      'show', vm)
    assert shown['locked'] is True
    assert shown['locked_reason'] == 'maintenance'
    refused = demo(cloud, 'server', 'stop', vm, check=False)
    assert refused.returncode != 0
    assert 'locked' in refused.stderr
    demo(cloud, 'server', 'unlock', vm)

    events = demo_json(cloud, 'server', 'event', 'list', vm)
    actions = [event['Action'] for event in events]
    for action in ('create', 'stop', 'start', 'reboot', 'pause', 'unpause',
                   'suspend', 'resume', 'rescue', 'unrescue', 'lock',
                   'unlock'):
        assert action in actions
    stop = next(e for e in events if e['Action'] == 'stop')
    shown = osc_json(cloud, 'server', 'event', 'show', vm,
                     stop['Request ID'])
    assert shown['action'] == 'stop'
    assert [e['event'] for e in shown['events']] == ['compute_stop_instance']


def test_image_create_and_shelve(cloud, vm):
    image = demo_json(cloud, 'server', 'image', 'create', '--name',
                      'act-snap', '--wait', vm)
    assert image['name'] == 'act-snap'
    assert demo_json(cloud, 'image', 'show', 'act-snap')['status'] == \
        'active'
    demo(cloud, 'image', 'delete', 'act-snap')

    demo(cloud, 'server', 'shelve', '--wait', vm)
    assert _status(cloud, vm) in ('SHELVED', 'SHELVED_OFFLOADED')
    demo(cloud, 'server', 'unshelve', '--wait', vm)
    assert _status(cloud, vm) == 'ACTIVE'


def test_resize_and_cold_migrate(cloud, vm):
    demo(cloud, 'server', 'resize', '--flavor', 'm1.small', '--wait', vm)
    assert _status(cloud, vm) == 'VERIFY_RESIZE'
    demo(cloud, 'server', 'resize', 'confirm', vm)
    _wait_status(cloud, vm, 'ACTIVE')
    # The embedded flavor of 2.47 and later.
    assert demo_json(cloud, 'server', 'show', vm)['flavor']['name'] == \
        'm1.small'

    before = _host(cloud, vm)
    osc(cloud, 'server', 'migrate', '--wait', vm)
    _wait_status(cloud, vm, 'VERIFY_RESIZE', admin=True)
    osc(cloud, 'server', 'migrate', 'confirm', vm)
    _wait_status(cloud, vm, 'ACTIVE', admin=True)
    assert _host(cloud, vm) != before

    migrations = osc_json(cloud, 'server', 'migration', 'list',
                          '--server', vm)
    assert {m['Type'] for m in migrations} >= {'resize', 'migration'}


def test_live_migration_force_complete(cloud, vm):
    before = _host(cloud, vm)
    osc(cloud, '--os-compute-api-version', '2.30', 'server', 'migrate',
        '--live-migration', vm)
    _wait_status(cloud, vm, 'MIGRATING', admin=True)
    migrations = osc_json(cloud, '--os-compute-api-version', '2.80',
                          'server', 'migration', 'list', '--server', vm,
                          '--type', 'live-migration')
    running = migrations[0]
    osc(cloud, '--os-compute-api-version', '2.22', 'server', 'migration',
        'force', 'complete', vm, str(running['Id']))
    _wait_status(cloud, vm, 'ACTIVE', admin=True)
    assert _host(cloud, vm) != before


def test_live_migration_abort(cloud, vm):
    before = _host(cloud, vm)
    osc(cloud, '--os-compute-api-version', '2.30', 'server', 'migrate',
        '--live-migration', vm)
    _wait_status(cloud, vm, 'MIGRATING', admin=True)
    running = osc_json(cloud, '--os-compute-api-version', '2.80',
                       'server', 'migration', 'list', '--server', vm,
                       '--type', 'live-migration')[0]
    osc(cloud, '--os-compute-api-version', '2.24', 'server', 'migration',
        'abort', vm, str(running['Id']))
    _wait_status(cloud, vm, 'ACTIVE', admin=True)
    assert _host(cloud, vm) == before
    migration = osc_json(cloud, '--os-compute-api-version', '2.80',
                         'server', 'migration', 'list', '--server', vm,
                         '--type', 'live-migration')[0]
    assert migration['Status'] == 'cancelled'


def test_evacuate_from_a_host_forced_down(cloud, vm):
    """Last in this module: the source host stays forced down, as Nova
    keeps it until its agent restarts and cleans up."""
    source = _host(cloud, vm)
    osc(cloud, '--os-compute-api-version', '2.11', 'compute', 'service',
        'set', '--down', source, 'nova-compute')
    # Without --wait: openstackclient 10.5's evacuate --wait compares the
    # lower-cased status with 'ACTIVE' and never ends, against any cloud.
    osc(cloud, '--os-compute-api-version', '2.29', 'server', 'evacuate', vm)
    _wait_status(cloud, vm, 'ACTIVE', admin=True)
    assert _host(cloud, vm) != source
    refused = osc(cloud, '--os-compute-api-version', '2.11', 'compute',
                  'service', 'set', '--up', source, 'nova-compute',
                  check=False)
    assert refused.returncode != 0
