"""os-availability-zone over HTTP: the zone list anybody sees, the detail
administrators see, zones from aggregate metadata, which zones are
available (enabled services) and which are not, and service liveness."""

import uuid

import pytest
import sqlalchemy as sa

from compute.db import models_api
from compute.db import session
from tests.functional.test_services import fault
from tests.functional.test_services import MEMBER
from tests.functional.test_services import set_last_seen
from tests.functional import test_services

# Shared with the services tests: throwaway compute services, and the
# cloud's own computes back in service before this module starts.
fake_compute = test_services.fake_compute
cloud_computes_in_service = test_services.cloud_computes_in_service

ZONE_KEYS = {'zoneName', 'zoneState', 'hosts'}


def _zones(api, path='/os-availability-zone', **kwargs):
    resp = api.get(path, **kwargs)
    assert resp.status_code == 200, resp.text
    zones = resp.json()['availabilityZoneInfo']
    assert all(set(z) == ZONE_KEYS for z in zones)
    return {z['zoneName']: z for z in zones}


class Aggregates:
    """Host aggregates with an availability zone, straight in the API
    database (there is no aggregates API yet)."""

    def __init__(self):
        self.ids = []

    def make(self, zone, hosts):
        agg = models_api.Aggregate(uuid=str(uuid.uuid4()),
                                   name='agg-%s' % uuid.uuid4().hex)
        with session.api_session() as db:
            db.add(agg)
            db.flush()
            db.add(models_api.AggregateMetadata(
                key='availability_zone', value=zone, aggregate_id=agg.id))
            for host in hosts:
                db.add(models_api.AggregateHost(host=host,
                                                aggregate_id=agg.id))
            self.ids.append(agg.id)

    def cleanup(self):
        with session.api_session() as db:
            for table in (models_api.AggregateHost,
                          models_api.AggregateMetadata):
                db.execute(sa.delete(table).where(
                    table.aggregate_id.in_(self.ids)))
            db.execute(sa.delete(models_api.Aggregate).where(
                models_api.Aggregate.id.in_(self.ids)))


@pytest.fixture
def aggregate():
    aggregates = Aggregates()
    yield aggregates.make
    aggregates.cleanup()


def _zone_name():
    return 'az-%s' % uuid.uuid4().hex[:10]


def test_list_shows_available_zones_without_hosts(api):
    for token in (None, MEMBER):
        kwargs = {'token': token} if token else {}
        zones = _zones(api, **kwargs)
        assert zones['nova'] == {'zoneName': 'nova',
                                 'zoneState': {'available': True},
                                 'hosts': None}
        # The zone of the control services is not one to boot in.
        assert 'internal' not in zones
    zones = _zones(api, token=MEMBER, headers={'X-Roles': 'reader'},
                   version='latest')
    assert zones['nova']['zoneState'] == {'available': True}


def test_detail_lists_hosts_and_services_of_every_zone(api):
    zones = _zones(api, '/os-availability-zone/detail')
    internal = zones['internal']
    assert internal['zoneState'] == {'available': True}
    assert {'nova-conductor', 'nova-scheduler'} <= set(
        internal['hosts']['controller'])
    nova = zones['nova']
    assert {'compute1', 'compute2'} <= set(nova['hosts'])
    state = nova['hosts']['compute1']['nova-compute']
    assert set(state) == {'available', 'active', 'updated_at'}
    assert (state['available'], state['active']) == (True, True)


def test_detail_is_for_administrators(api):
    for headers in (None, {'X-Roles': 'reader'}):
        assert fault(api.get('/os-availability-zone/detail', token=MEMBER,
                             headers=headers), 403) == (
            "Policy doesn't allow os_compute_api:os-availability-zone:detail"
            " to be performed.")


def test_aggregate_metadata_names_the_zone(api, fake_compute, aggregate):
    service, _ = fake_compute()
    zone, other = _zone_name(), _zone_name()
    aggregate(zone, [service.host])
    assert _zones(api)[zone]['zoneState'] == {'available': True}
    hosts = _zones(api, '/os-availability-zone/detail')[zone]['hosts']
    assert set(hosts) == {service.host}
    assert set(hosts[service.host]) == {'nova-compute'}
    listed = api.get('/os-services', params={'host': service.host}).json()
    assert listed['services'][0]['zone'] == zone
    # A host in two zoned aggregates is in both, joined with a comma.
    aggregate(other, [service.host])
    both = ','.join(sorted([zone, other]))
    assert both in _zones(api)
    assert zone not in _zones(api)


def test_zone_of_disabled_services_only_is_unavailable(
        api, fake_compute, aggregate):
    service, _ = fake_compute()
    zone = _zone_name()
    aggregate(zone, [service.host])
    resp = api.put('/os-services/' + service.uuid, {'status': 'disabled'},
                   version='2.53')
    assert resp.status_code == 200, resp.text
    # The list counts enabled services only: the zone is not there.
    assert zone not in _zones(api)
    detail = _zones(api, '/os-availability-zone/detail')
    assert detail[zone] == {'zoneName': zone,
                            'zoneState': {'available': False},
                            'hosts': None}
    # A disabled compute host is not listed in an available zone either.
    assert service.host not in detail['nova']['hosts']


def test_down_service_is_not_available_in_detail(api, fake_compute):
    service, _ = fake_compute()
    set_last_seen(service.id, 3600)
    nova = _zones(api, '/os-availability-zone/detail')['nova']
    # The zone stays available: its services are enabled.
    assert nova['zoneState'] == {'available': True}
    state = nova['hosts'][service.host]['nova-compute']
    assert (state['available'], state['active']) == (False, True)
