"""os-services over HTTP: the list per microversion and its filters, the
legacy enable/disable/force-down actions (< 2.53), updates by uuid (2.53+),
liveness, deletes with their checks and clean-up, policy and errors.

Throwaway services (``fake-host-<uuid>``) stand in wherever a test changes
or deletes a compute service, so the cloud's own agents keep serving the
other tests. The ``fake_compute`` fixture and the SQL helpers here are
shared with the hypervisor and availability zone tests.
"""

import datetime
import uuid

import pytest
import sqlalchemy as sa

from compute.db import compute_nodes as compute_nodes_db
from compute.db import models_api
from compute.db import models_cell
from compute.db import services as services_db
from compute.db import session
from compute import exception
from compute.objects import compute_node as node_obj
from compute.placement import client as placement_client

BASE_KEYS = {'id', 'binary', 'host', 'zone', 'status', 'state',
             'updated_at', 'disabled_reason'}
KEYS_2_11 = BASE_KEYS | {'forced_down'}
MEMBER = 'member-%s:project-%s' % (uuid.uuid4().hex[:8], uuid.uuid4().hex[:8])


# -- Shared helpers ------------------------------------------------------

def fault(resp, code):
    name = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
            409: 'conflictingRequest', 501: 'notImplemented'}[code]
    assert resp.status_code == code, resp.text
    body = resp.json()
    assert set(body) == {name} and body[name]['code'] == code
    return body[name]['message']


def provider_exists(rp_uuid):
    status, _ = placement_client.get_client().call(
        'GET', '/resource_providers/%s' % rp_uuid, ok=(200, 404))
    return status == 200


class FakeComputes:
    """Makes throwaway service records (and compute nodes with resource
    providers) and removes whatever is left of them at the end."""

    def __init__(self):
        self.services = []
        self.nodes = []

    def make(self, with_node=False, binary='nova-compute', topic='compute'):
        host = 'fake-host-%s' % uuid.uuid4()
        service = services_db.register(host, binary, topic)
        self.services.append(service)
        if not with_node:
            return service, None
        node = compute_nodes_db.upsert(node_obj.ComputeNode(
            uuid=str(uuid.uuid4()), host=host, hypervisor_hostname=host,
            vcpus=2, memory_mb=2048, local_gb=20, free_ram_mb=2048,
            free_disk_gb=20, disk_available_least=20), service.id)
        placement_client.get_client().ensure_resource_provider(node.uuid,
                                                               host)
        self.nodes.append(node)
        return service, node

    def cleanup(self):
        for service in self.services:
            try:
                services_db.soft_delete(service.id)
            except exception.ServiceNotFound:
                pass
        for node in self.nodes:
            placement_client.get_client().delete_resource_provider(node.uuid)


@pytest.fixture
def fake_compute():
    fakes = FakeComputes()
    yield fakes.make
    fakes.cleanup()


def set_last_seen(service_id, age_seconds):
    """Make a service look as if its last heartbeat was that long ago."""
    when = datetime.datetime.utcnow() - datetime.timedelta(
        seconds=age_seconds)
    with session.cell_session() as db:
        db.execute(sa.update(models_cell.Service).where(
            models_cell.Service.id == service_id).values(
                last_seen_up=when, updated_at=when))


def add_instance(host):
    """A live instance row on ``host``; returns (id, uuid)."""
    row = models_cell.Instance(
        uuid=str(uuid.uuid4()), host=host, node=host, vm_state='active',
        project_id='p-' + uuid.uuid4().hex, user_id='u', display_name='vm')
    with session.cell_session() as db:
        db.add(row)
        db.flush()
        return row.id, row.uuid


def remove_instance(instance_id):
    with session.cell_session() as db:
        db.execute(sa.update(models_cell.Instance).where(
            models_cell.Instance.id == instance_id).values(
                deleted=instance_id))


def add_migration(**values):
    row = models_cell.Migration(uuid=str(uuid.uuid4()), **values)
    with session.cell_session() as db:
        db.add(row)
        db.flush()
        return row.id


def remove_migration(migration_id):
    with session.cell_session() as db:
        db.execute(sa.update(models_cell.Migration).where(
            models_cell.Migration.id == migration_id).values(
                deleted=migration_id))


def listed(api, version='2.1', **params):
    resp = api.get('/os-services', version=version, params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()['services']


def by_host(api, host, version='2.1'):
    services = listed(api, version, host=host)
    assert len(services) == 1
    return services[0]


@pytest.fixture(scope='module', autouse=True)
def cloud_computes_in_service(api):
    """Start with the cloud's own compute services enabled and not forced
    down, whatever an earlier module left behind."""
    for service in listed(api, '2.53', binary='nova-compute'):
        if service['host'] in ('compute1', 'compute2') and (
                service['status'] != 'enabled' or service['forced_down']):
            resp = api.put('/os-services/' + service['id'],
                           {'status': 'enabled', 'forced_down': False},
                           version='2.53')
            assert resp.status_code == 200, resp.text


# -- List ----------------------------------------------------------------

def test_list_shows_the_cloud_services_at_2_1(api):
    services = listed(api)
    assert all(set(s) == BASE_KEYS for s in services)
    pairs = {(s['host'], s['binary']) for s in services}
    assert {('controller', 'nova-conductor'),
            ('controller', 'nova-scheduler'),
            ('compute1', 'nova-compute'),
            ('compute2', 'nova-compute')} <= pairs
    for service in services:
        if service['host'] in ('controller', 'compute1', 'compute2'):
            assert service['state'] == 'up'
            assert isinstance(service['id'], int)
            assert service['zone'] == ('internal' if service['host'] ==
                                       'controller' else 'nova')
            # None until the first heartbeat after registration.
            if service['updated_at'] is not None:
                datetime.datetime.strptime(service['updated_at'],
                                           '%Y-%m-%dT%H:%M:%S.%f')


def test_forced_down_field_from_2_11_and_uuid_ids_from_2_53(api):
    assert all(set(s) == BASE_KEYS for s in listed(api, '2.10'))
    at_211 = listed(api, '2.11')
    assert all(set(s) == KEYS_2_11 for s in at_211)
    assert all(isinstance(s['id'], int) for s in listed(api, '2.52'))
    at_253 = listed(api, '2.53')
    assert all(set(s) == KEYS_2_11 for s in at_253)
    for service in at_253:
        assert str(uuid.UUID(service['id'])) == service['id']
    at_latest = listed(api, 'latest')
    assert [s['id'] for s in at_latest] == [s['id'] for s in at_253]


def test_filters_by_host_and_binary(api):
    assert {s['binary'] for s in listed(api, host='controller')} == {
        'nova-conductor', 'nova-scheduler'}
    computes = listed(api, binary='nova-compute')
    assert {'compute1', 'compute2'} <= {s['host'] for s in computes}
    assert {s['binary'] for s in computes} == {'nova-compute'}
    both = listed(api, host='compute1', binary='nova-compute')
    assert [s['host'] for s in both] == ['compute1']
    assert listed(api, host='compute1', binary='nova-scheduler') == []
    assert listed(api, host='no-such-host') == []


def test_unknown_query_parameters_ignored_until_2_75(api):
    assert listed(api, '2.74', foo='bar')
    message = fault(api.get('/os-services', version='2.75',
                            params={'foo': 'bar'}), 400)
    assert "'foo' was unexpected" in message


def test_old_heartbeat_reports_the_service_down(api, fake_compute):
    service, _ = fake_compute()
    assert by_host(api, service.host)['state'] == 'up'
    set_last_seen(service.id, 3600)
    shown = by_host(api, service.host, '2.11')
    assert shown['state'] == 'down'
    assert shown['forced_down'] is False
    assert shown['status'] == 'enabled'


# -- Legacy actions (2.1 .. 2.52) ------------------------------------------

def _legacy(api, action, version='2.1', **body):
    return api.put('/os-services/' + action, body, version=version)


def test_disable_and_enable_round_trip_at_2_1(api, fake_compute):
    service, _ = fake_compute()
    host = service.host
    resp = _legacy(api, 'disable', host=host, binary='nova-compute')
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'service': {'host': host,
                                       'binary': 'nova-compute',
                                       'status': 'disabled'}}
    shown = by_host(api, host)
    assert (shown['status'], shown['disabled_reason']) == ('disabled', None)

    resp = _legacy(api, 'disable-log-reason', host=host,
                   binary='nova-compute', disabled_reason='maintenance')
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'service': {
        'host': host, 'binary': 'nova-compute', 'status': 'disabled',
        'disabled_reason': 'maintenance'}}
    assert by_host(api, host)['disabled_reason'] == 'maintenance'

    resp = _legacy(api, 'enable', host=host, binary='nova-compute')
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'service': {'host': host,
                                       'binary': 'nova-compute',
                                       'status': 'enabled'}}
    shown = by_host(api, host)
    assert (shown['status'], shown['disabled_reason']) == ('enabled', None)


def test_plain_disable_ignores_and_clears_a_reason(api, fake_compute):
    service, _ = fake_compute()
    _legacy(api, 'disable-log-reason', host=service.host,
            binary='nova-compute', disabled_reason='old')
    resp = _legacy(api, 'disable', host=service.host, binary='nova-compute',
                   disabled_reason='ignored')
    assert resp.json()['service'] == {'host': service.host,
                                      'binary': 'nova-compute',
                                      'status': 'disabled'}
    assert by_host(api, service.host)['disabled_reason'] is None


def test_force_down_and_up_from_2_11(api, fake_compute):
    service, _ = fake_compute()
    host = service.host
    fault(_legacy(api, 'force-down', '2.10', host=host,
                  binary='nova-compute'), 404)
    resp = _legacy(api, 'force-down', '2.11', host=host,
                   binary='nova-compute', forced_down=True)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {'service': {'host': host,
                                       'binary': 'nova-compute',
                                       'forced_down': True}}
    shown = by_host(api, host, '2.11')
    assert (shown['state'], shown['forced_down']) == ('down', True)
    resp = _legacy(api, 'force-down', '2.11', host=host,
                   binary='nova-compute', forced_down='false')
    assert resp.json()['service']['forced_down'] is False
    shown = by_host(api, host, '2.11')
    assert (shown['state'], shown['forced_down']) == ('up', False)
    message = fault(_legacy(api, 'force-down', '2.11', host=host,
                            binary='nova-compute'), 400)
    assert message == 'Missing forced_down field'


def test_legacy_action_errors(api):
    assert fault(_legacy(api, 'reboot', host='compute1',
                         binary='nova-compute'), 404) == 'Unknown action'
    assert fault(_legacy(api, 'disable-log-reason', host='compute1',
                         binary='nova-compute'), 400) == \
        'Missing disabled reason field'
    assert fault(_legacy(api, 'disable', host='controller',
                         binary='nova-scheduler'), 400) == (
        'Updating a nova-scheduler service is not supported. Only '
        'nova-compute services can be updated.')
    assert fault(_legacy(api, 'enable', host='nowhere',
                         binary='nova-compute'), 404) == \
        'Could not find binary nova-compute on host nowhere.'
    # Body validation: host and binary are required, nothing else allowed.
    assert 'host' in fault(_legacy(api, 'enable', binary='nova-compute'),
                           400)
    assert 'forced_down' in fault(_legacy(
        api, 'enable', host='compute1', binary='nova-compute',
        forced_down=True), 400)
    assert 'host' in fault(_legacy(api, 'enable', host='bad host!',
                                   binary='nova-compute'), 400)
    assert 'disabled_reason' in fault(_legacy(
        api, 'disable-log-reason', host='compute1', binary='nova-compute',
        disabled_reason=''), 400)


def test_forcing_up_with_done_evacuations_is_refused(api, fake_compute):
    service, _ = fake_compute()
    mig = add_migration(source_compute=service.host, status='done',
                        migration_type='evacuation')
    try:
        message = fault(_legacy(api, 'force-down', '2.11',
                                host=service.host, binary='nova-compute',
                                forced_down=False), 400)
        assert message.startswith('Unable to force up host %s as `done` '
                                  'evacuation' % service.host)
        resp = api.put('/os-services/' + service.uuid,
                       {'forced_down': False}, version='2.53')
        assert 'evacuation' in fault(resp, 400)
        # Forcing down is still allowed.
        resp = api.put('/os-services/' + service.uuid,
                       {'forced_down': True}, version='2.53')
        assert resp.status_code == 200, resp.text
    finally:
        remove_migration(mig)


# -- Update by uuid (2.53+) ----------------------------------------------

def _put(api, service_id, body, version='2.53'):
    return api.put('/os-services/%s' % service_id, body, version=version)


def test_disable_and_enable_round_trip_at_2_53(api, fake_compute):
    service, _ = fake_compute()
    resp = _put(api, service.uuid, {'status': 'disabled',
                                    'disabled_reason': 'maintenance'})
    assert resp.status_code == 200, resp.text
    shown = resp.json()['service']
    assert set(shown) == KEYS_2_11
    assert shown['id'] == service.uuid
    assert (shown['status'], shown['disabled_reason'], shown['state'],
            shown['zone'], shown['binary'], shown['host']) == (
        'disabled', 'maintenance', 'up', 'nova', 'nova-compute',
        service.host)
    assert by_host(api, service.host, '2.53') == shown

    resp = _put(api, service.uuid, {'status': 'enabled'})
    assert resp.status_code == 200, resp.text
    shown = resp.json()['service']
    assert (shown['status'], shown['disabled_reason']) == ('enabled', None)

    resp = _put(api, service.uuid, {'status': 'disabled'})
    assert resp.json()['service']['disabled_reason'] is None


def test_force_down_at_2_53_returns_the_whole_service(api, fake_compute):
    service, _ = fake_compute()
    resp = _put(api, service.uuid, {'forced_down': True,
                                    'status': 'disabled'})
    assert resp.status_code == 200, resp.text
    shown = resp.json()['service']
    assert (shown['forced_down'], shown['state'], shown['status']) == (
        True, 'down', 'disabled')
    shown = _put(api, service.uuid, {'forced_down': 'no'}).json()['service']
    assert (shown['forced_down'], shown['state'], shown['status']) == (
        False, 'up', 'disabled')


def test_update_by_uuid_errors(api, fake_compute):
    service, _ = fake_compute()
    assert fault(_put(api, 'enable', {'status': 'enabled'}), 400) == \
        'Invalid uuid enable'
    missing = str(uuid.uuid4())
    assert fault(_put(api, missing, {'status': 'enabled'}), 404) == \
        'Service %s could not be found.' % missing
    scheduler = [s for s in listed(api, '2.53', host='controller')
                 if s['binary'] == 'nova-scheduler'][0]
    assert fault(_put(api, scheduler['id'], {'status': 'disabled'}),
                 400).startswith('Updating a nova-scheduler service')
    assert fault(_put(api, service.uuid, {'status': 'enabled',
                                          'disabled_reason': 'x'}), 400) == \
        "Specifying 'disabled_reason' with status 'enabled' is invalid."
    no_update = ("No updates were requested. Fields 'status' or "
                 "'forced_down' should be specified.")
    assert fault(_put(api, service.uuid, {}), 400) == no_update
    assert fault(_put(api, service.uuid, {'disabled_reason': 'x'}),
                 400) == no_update
    for body in ({'status': 'off'}, {'host': service.host},
                 {'forced_down': 'maybe'}, {'disabled_reason': ''}):
        fault(_put(api, service.uuid, body), 400)
    # The legacy path does not exist any more.
    assert fault(_put(api, 'disable', {'host': service.host,
                                       'binary': 'nova-compute'}),
                 400).startswith('Additional properties')


# -- Delete --------------------------------------------------------------

def test_delete_compute_service_by_id_cleans_up(api, fake_compute):
    service, node = fake_compute(with_node=True)
    with session.api_session() as db:
        cell = db.scalars(sa.select(models_api.CellMapping)).first()
        if cell is not None:
            db.add(models_api.HostMapping(host=service.host,
                                          cell_id=cell.id))
    assert provider_exists(node.uuid)
    hypervisors = api.get('/os-hypervisors').json()['hypervisors']
    assert node.id in {h['id'] for h in hypervisors}

    resp = api.delete('/os-services/%d' % service.id)
    assert resp.status_code == 204, resp.text
    assert resp.content == b''
    assert listed(api, host=service.host) == []
    assert not provider_exists(node.uuid)
    assert compute_nodes_db.list_nodes(host=service.host) == []
    hypervisors = api.get('/os-hypervisors').json()['hypervisors']
    assert node.id not in {h['id'] for h in hypervisors}
    with session.api_session() as db:
        assert db.scalars(sa.select(models_api.HostMapping).where(
            models_api.HostMapping.host == service.host)).first() is None
    assert fault(api.delete('/os-services/%d' % service.id), 404) == \
        'Service %d not found.' % service.id


def test_delete_by_uuid_from_2_53(api, fake_compute):
    service, _ = fake_compute()
    assert fault(api.delete('/os-services/%d' % service.id, version='2.53'),
                 400) == 'Invalid uuid %d' % service.id
    assert fault(api.delete('/os-services/' + service.uuid, version='2.52'),
                 400) == 'Invalid input received: id must be an integer'
    resp = api.delete('/os-services/' + service.uuid, version='2.53')
    assert resp.status_code == 204, resp.text
    assert listed(api, '2.53', host=service.host) == []
    assert fault(api.delete('/os-services/' + service.uuid, version='2.53'),
                 404) == 'Service %s not found.' % service.uuid


def test_delete_non_compute_service(api, fake_compute):
    service, _ = fake_compute(binary='nova-scheduler', topic='scheduler')
    assert by_host(api, service.host)['zone'] == 'internal'
    resp = api.delete('/os-services/%d' % service.id)
    assert resp.status_code == 204, resp.text
    assert listed(api, host=service.host) == []


def test_delete_refused_while_instances_run_on_the_host(api, fake_compute):
    service, node = fake_compute(with_node=True)
    instance_id, _ = add_instance(service.host)
    try:
        message = fault(api.delete('/os-services/%d' % service.id), 409)
        assert message == ('Unable to delete compute service that is '
                           'hosting instances. Migrate or delete the '
                           'instances first.')
        assert provider_exists(node.uuid)
        assert len(listed(api, host=service.host)) == 1
    finally:
        remove_instance(instance_id)
    resp = api.delete('/os-services/%d' % service.id)
    assert resp.status_code == 204, resp.text


def test_delete_refused_during_migrations(api, fake_compute):
    service, node = fake_compute(with_node=True)
    mig = add_migration(source_compute='elsewhere', source_node='elsewhere',
                        dest_compute=service.host,
                        dest_node=node.hypervisor_hostname,
                        status='migrating', migration_type='migration')
    try:
        message = fault(api.delete('/os-services/%d' % service.id), 409)
        assert message.startswith('Unable to delete compute service that '
                                  'has in-progress migrations.')
    finally:
        remove_migration(mig)


def test_delete_id_errors(api):
    assert fault(api.delete('/os-services/abc'), 400) == \
        'Invalid input received: id must be an integer'
    for missing in ('999999', '9' * 30):
        assert fault(api.delete('/os-services/' + missing), 404) == \
            'Service %s not found.' % missing


# -- Policy ----------------------------------------------------------------

@pytest.mark.parametrize('headers', [None, {'X-Roles': 'reader'}])
def test_only_administrators(api, headers):
    kwargs = {'token': MEMBER, 'headers': headers}
    message = fault(api.get('/os-services', **kwargs), 403)
    assert message == ("Policy doesn't allow os_compute_api:os-services:list "
                       "to be performed.")
    assert 'os-services:update' in fault(api.put(
        '/os-services/disable', {'host': 'compute1',
                                 'binary': 'nova-compute'}, **kwargs), 403)
    assert 'os-services:update' in fault(api.put(
        '/os-services/%s' % uuid.uuid4(), {'status': 'disabled'},
        version='2.53', **kwargs), 403)
    assert 'os-services:delete' in fault(
        api.delete('/os-services/1', **kwargs), 403)
