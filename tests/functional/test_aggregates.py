"""os-aggregates over HTTP: create / list / show / update / delete, the
add_host / remove_host / set_metadata actions, ``uuid`` from 2.41, the
availability zone rules, the mirror of host membership in placement, the
zones os-availability-zone then shows, policy and every error path.

The cloud's computes (compute1, compute2) join aggregates here; the
``aggregates`` fixture takes every host out again and deletes what a test
made, so the other modules find them zoneless. Hosts that run instances
are throwaway services (``fake_compute``).
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
import requests

from compute.db import compute_nodes as compute_nodes_db
from tests.functional.test_services import add_instance
from tests.functional.test_services import fault
from tests.functional.test_services import MEMBER
from tests.functional.test_services import remove_instance
from tests.functional import test_services

fake_compute = test_services.fake_compute
cloud_computes_in_service = test_services.cloud_computes_in_service

CREATED_KEYS = {'id', 'name', 'availability_zone', 'created_at',
                'updated_at', 'deleted_at', 'deleted'}
KEYS = CREATED_KEYS | {'hosts', 'metadata'}
POLICY = "Policy doesn't allow os_compute_api:os-aggregates:%s to be performed."


def _name():
    return 'agg-%s' % uuid.uuid4().hex[:12]


def _zone():
    return 'az-%s' % uuid.uuid4().hex[:10]


class Aggregates:
    """Creates aggregates through the API; at the end takes their hosts
    out and deletes them."""

    def __init__(self, api):
        self.api = api
        self.ids = []

    def make(self, zone=None, hosts=(), version=None, **item):
        """``item`` may hold the name and, to send it as null, the zone."""
        item.setdefault('name', _name())
        if zone is not None:
            item['availability_zone'] = zone
        resp = self.api.post('/os-aggregates', {'aggregate': item},
                             version=version)
        assert resp.status_code == 200, resp.text
        agg = resp.json()['aggregate']
        self.ids.append(agg['id'])
        for host in hosts:
            agg = add_host(self.api, agg['id'], host, version=version)
        return agg

    def cleanup(self):
        for agg_id in self.ids:
            resp = self.api.get('/os-aggregates/%s' % agg_id)
            if resp.status_code == 404:
                continue
            for host in resp.json()['aggregate']['hosts']:
                self.api.post('/os-aggregates/%s/action' % agg_id,
                              {'remove_host': {'host': host}})
            self.api.delete('/os-aggregates/%s' % agg_id)


@pytest.fixture
def aggregates(api):
    made = Aggregates(api)
    yield made.make
    made.cleanup()


def action(api, agg_id, body, **kwargs):
    return api.post('/os-aggregates/%s/action' % agg_id, body, **kwargs)


def add_host(api, agg_id, host, **kwargs):
    resp = action(api, agg_id, {'add_host': {'host': host}}, **kwargs)
    assert resp.status_code == 200, resp.text
    return resp.json()['aggregate']


def remove_host(api, agg_id, host, **kwargs):
    resp = action(api, agg_id, {'remove_host': {'host': host}}, **kwargs)
    assert resp.status_code == 200, resp.text
    return resp.json()['aggregate']


def set_metadata(api, agg_id, metadata, **kwargs):
    return action(api, agg_id, {'set_metadata': {'metadata': metadata}},
                  **kwargs)


def show(api, agg_id, version=None):
    resp = api.get('/os-aggregates/%s' % agg_id, version=version)
    assert resp.status_code == 200, resp.text
    return resp.json()['aggregate']


def listed(api, version=None):
    resp = api.get('/os-aggregates', version=version)
    assert resp.status_code == 200, resp.text
    return {agg['id']: agg for agg in resp.json()['aggregates']}


def _timestamp(text):
    return datetime.datetime.strptime(text, '%Y-%m-%dT%H:%M:%S.%f')


def provider_of(host):
    nodes = compute_nodes_db.list_nodes(host=host)
    assert len(nodes) == 1
    return nodes[0].uuid


def placement_aggregates(stack, rp_uuid):
    resp = requests.get(
        '%s/placement/resource_providers/%s/aggregates' % (stack.url,
                                                          rp_uuid),
        headers={'OpenStack-API-Version': 'placement 1.19',
                 'X-Auth-Token': 'admin:admin',
                 'Accept': 'application/json'}, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()['aggregates']


def zone_names(api):
    resp = api.get('/os-availability-zone')
    assert resp.status_code == 200, resp.text
    return {z['zoneName'] for z in resp.json()['availabilityZoneInfo']}


# -- List and show -------------------------------------------------------

def test_list_answers_with_or_without_aggregates(api, aggregates):
    before = listed(api)
    assert all(set(agg) == KEYS for agg in before.values())
    agg = aggregates(zone=_zone(), hosts=['compute1'])
    after = listed(api)
    assert set(after) == set(before) | {agg['id']}
    assert after[agg['id']]['hosts'] == ['compute1']
    # What `openstack hypervisor show` does: the names of the aggregates
    # whose hosts hold the hypervisor's service host.
    assert agg['name'] in [a['name'] for a in after.values()
                           if 'compute1' in a['hosts']]


def test_uuid_shown_from_2_41(api, aggregates):
    agg = aggregates(zone='london')
    for version in ('2.1', '2.40'):
        assert set(show(api, agg['id'], version)) == KEYS
        assert set(listed(api, version)[agg['id']]) == KEYS
    for version in ('2.41', 'latest'):
        shown = show(api, agg['id'], version)
        assert set(shown) == KEYS | {'uuid'}
        assert str(uuid.UUID(shown['uuid'])) == shown['uuid']
        assert listed(api, version)[agg['id']]['uuid'] == shown['uuid']


def test_show_body(api, aggregates):
    name, zone = _name(), _zone()
    agg = aggregates(zone=zone, name=name)
    assert show(api, agg['id']) == {
        'id': agg['id'], 'name': name, 'availability_zone': zone,
        'created_at': agg['created_at'], 'updated_at': None,
        'deleted_at': None, 'deleted': False, 'hosts': [],
        'metadata': {'availability_zone': zone}}


@pytest.mark.parametrize('method', ['get', 'put', 'delete'])
def test_unknown_and_malformed_ids(api, method):
    body = {'aggregate': {'name': _name()}} if method == 'put' else None
    kwargs = {'body': body} if body else {}
    call = getattr(api, method)
    for agg_id in ('999999999', str(2 ** 70), '-3'):
        assert fault(call('/os-aggregates/' + agg_id, **kwargs), 404) == (
            'Aggregate %s could not be found.' % agg_id)
    assert fault(call('/os-aggregates/abc', **kwargs), 400) == (
        'Invalid input received: id must be an integer')


def test_unknown_query_parameters_refused_from_2_102(api):
    for path in ('/os-aggregates', '/os-aggregates/999999999'):
        assert api.get(path, params={'foo': 'x'},
                       version='2.101').status_code in (200, 404)
        message = fault(api.get(path, params={'foo': 'x'}, version='2.102'),
                        400)
        assert 'foo' in message


# -- Create --------------------------------------------------------------

def test_create_answers_without_hosts_and_metadata(api, aggregates):
    name = _name()
    agg = aggregates(zone='london', name=name)
    assert set(agg) == CREATED_KEYS
    assert (agg['name'], agg['availability_zone']) == (name, 'london')
    assert isinstance(agg['id'], int)
    assert (agg['updated_at'], agg['deleted_at'], agg['deleted']) == (
        None, None, False)
    _timestamp(agg['created_at'])
    at_241 = aggregates(version='2.41')
    assert set(at_241) == CREATED_KEYS | {'uuid'}
    assert at_241['availability_zone'] is None


def test_create_without_zone(api, aggregates):
    for agg in (aggregates(), aggregates(availability_zone=None)):
        assert agg['availability_zone'] is None
        assert show(api, agg['id'])['metadata'] == {}


def test_create_with_a_taken_name_conflicts(api, aggregates):
    name = _name()
    aggregates(name=name)
    resp = api.post('/os-aggregates', {'aggregate': {'name': name}})
    assert fault(resp, 409) == 'Aggregate %s already exists.' % name


@pytest.mark.parametrize('body', [
    {},
    {'aggregate': None},
    {'aggregate': {}},
    {'aggregate': {'name': ''}},
    {'aggregate': {'name': ' lead'}},
    {'aggregate': {'name': 'x' * 256}},
    {'aggregate': {'name': 5}},
    {'aggregate': {'name': 'ok', 'availability_zone': ''}},
    {'aggregate': {'name': 'ok', 'availability_zone': 'a:b'}},
    {'aggregate': {'name': 'ok', 'availability_zone': 'trail '}},
    {'aggregate': {'name': 'ok', 'availability_zone': 'x' * 256}},
    {'aggregate': {'name': 'ok', 'hosts': []}},
    {'aggregate': {'name': 'ok'}, 'extra': 1},
])
def test_create_refuses_bad_bodies(api, body):
    fault(api.post('/os-aggregates', body), 400)


# -- Update --------------------------------------------------------------

def test_update_name_and_zone(api, aggregates):
    agg = aggregates(zone='london')
    name, zone = _name(), _zone()
    resp = api.put('/os-aggregates/%s' % agg['id'],
                   {'aggregate': {'name': '  %s ' % name,
                                  'availability_zone': zone}})
    assert resp.status_code == 200, resp.text
    updated = resp.json()['aggregate']
    assert set(updated) == KEYS
    assert (updated['name'], updated['availability_zone']) == (name, zone)
    assert updated['metadata'] == {'availability_zone': zone}
    assert updated['hosts'] == []
    assert _timestamp(updated['updated_at']) >= _timestamp(
        updated['created_at'])
    assert show(api, agg['id'])['name'] == name
    # One of the two is enough; the uuid is there from 2.41.
    resp = api.put('/os-aggregates/%s' % agg['id'],
                   {'aggregate': {'availability_zone': 'paris'}},
                   version='2.41')
    assert resp.status_code == 200, resp.text
    assert set(resp.json()['aggregate']) == KEYS | {'uuid'}
    assert resp.json()['aggregate']['name'] == name
    # Its own name is no conflict.
    resp = api.put('/os-aggregates/%s' % agg['id'],
                   {'aggregate': {'name': name}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['aggregate']['availability_zone'] == 'paris'


def test_update_to_a_taken_name_conflicts(api, aggregates):
    first, second = aggregates(), aggregates()
    resp = api.put('/os-aggregates/%s' % second['id'],
                   {'aggregate': {'name': first['name']}})
    assert fault(resp, 409) == 'Aggregate %s already exists.' % first['name']


@pytest.mark.parametrize('body', [
    {},
    {'aggregate': {}},
    {'aggregate': {'name': '   '}},
    {'aggregate': {'name': 'x' * 256}},
    {'aggregate': {'availability_zone': 'a:b'}},
    {'aggregate': {'name': 'ok', 'metadata': {}}},
    {'aggregate': {'name': 'ok'}, 'extra': 1},
])
def test_update_refuses_bad_bodies(api, aggregates, body):
    agg = aggregates()
    fault(api.put('/os-aggregates/%s' % agg['id'], body), 400)


def test_update_refuses_an_empty_zone(api, aggregates):
    agg = aggregates(zone='london')
    resp = api.put('/os-aggregates/%s' % agg['id'],
                   {'aggregate': {'availability_zone': None}})
    assert fault(resp, 400) == (
        'Cannot update aggregate %s. Reason: Aggregate %s does not support '
        'empty named availability zone.' % (agg['id'], agg['name']))
    assert show(api, agg['id'])['availability_zone'] == 'london'


# -- Delete --------------------------------------------------------------

def test_delete(api, aggregates):
    agg = aggregates(zone='london')
    set_metadata(api, agg['id'], {'k': 'v'})
    resp = api.delete('/os-aggregates/%s' % agg['id'])
    assert resp.status_code == 200
    assert resp.content == b''
    fault(api.get('/os-aggregates/%s' % agg['id']), 404)
    assert agg['id'] not in listed(api)
    # The name is free again.
    aggregates(name=agg['name'])


def test_delete_refused_while_hosts_remain(api, aggregates):
    agg = aggregates(hosts=['compute2'])
    assert fault(api.delete('/os-aggregates/%s' % agg['id']), 400) == (
        'Cannot remove host from aggregate %s. Reason: Host aggregate is '
        'not empty.' % agg['id'])
    remove_host(api, agg['id'], 'compute2')
    assert api.delete('/os-aggregates/%s' % agg['id']).status_code == 200


# -- Hosts and placement -------------------------------------------------

def test_add_and_remove_host_mirrored_in_placement(api, stack, aggregates):
    rp_uuid = provider_of('compute1')
    zone = _zone()
    agg = aggregates(zone=zone, version='2.41')
    added = add_host(api, agg['id'], 'compute1')
    assert set(added) == KEYS
    assert added['hosts'] == ['compute1']
    assert added['updated_at'] is None
    assert agg['uuid'] in placement_aggregates(stack, rp_uuid)
    both = add_host(api, agg['id'], 'compute2', version='2.41')
    assert both['hosts'] == ['compute1', 'compute2']
    assert both['uuid'] == agg['uuid']
    assert agg['uuid'] in placement_aggregates(stack,
                                               provider_of('compute2'))
    # The host is in the zone, and the zone is listed.
    assert zone in zone_names(api)
    services = api.get('/os-services', params={'host': 'compute1'}).json()
    assert services['services'][0]['zone'] == zone

    removed = remove_host(api, agg['id'], 'compute1')
    assert removed['hosts'] == ['compute2']
    assert set(removed) == KEYS
    assert agg['uuid'] not in placement_aggregates(stack, rp_uuid)
    remove_host(api, agg['id'], 'compute2')
    assert agg['uuid'] not in placement_aggregates(
        stack, provider_of('compute2'))
    assert zone not in zone_names(api)


def test_membership_of_several_aggregates_in_placement(
        api, stack, aggregates):
    rp_uuid = provider_of('compute1')
    first = aggregates(hosts=['compute1'], version='2.41')
    second = aggregates(hosts=['compute1'], version='2.41')
    assert {first['uuid'], second['uuid']} <= set(
        placement_aggregates(stack, rp_uuid))
    remove_host(api, first['id'], 'compute1')
    in_placement = placement_aggregates(stack, rp_uuid)
    assert first['uuid'] not in in_placement
    assert second['uuid'] in in_placement


def test_zone_listed_only_once_a_host_carries_it(api, aggregates):
    zone = _zone()
    agg = aggregates(zone=zone)
    assert zone not in zone_names(api)
    add_host(api, agg['id'], 'compute2')
    assert zone in zone_names(api)


def test_add_host_errors(api, aggregates):
    agg = aggregates(hosts=['compute1'])
    for host in ('no-such-host', 'controller'):
        resp = action(api, agg['id'], {'add_host': {'host': host}})
        assert fault(resp, 404) == 'Compute host %s could not be found.' % (
            host)
    resp = action(api, agg['id'], {'add_host': {'host': 'compute1'}})
    assert fault(resp, 409) == 'Aggregate %s already has host compute1.' % (
        agg['id'])
    resp = action(api, 999999999, {'add_host': {'host': 'compute1'}})
    assert fault(resp, 404) == 'Aggregate 999999999 could not be found.'
    resp = action(api, 'abc', {'add_host': {'host': 'compute1'}})
    assert fault(resp, 400) == 'Invalid input received: id must be an integer'
    for body in ({'add_host': {}}, {'add_host': {'host': 'a b'}},
                 {'add_host': {'host': ''}},
                 {'add_host': {'host': 'compute1', 'x': 1}},
                 {'add_host': None}):
        fault(action(api, agg['id'], body), 400)


def test_remove_host_errors(api, aggregates):
    agg = aggregates(hosts=['compute1'])
    message = 'Cannot remove host %s in aggregate %s'
    for host in ('compute2', 'no-such-host'):
        resp = action(api, agg['id'], {'remove_host': {'host': host}})
        assert fault(resp, 404) == message % (host, agg['id'])
    resp = action(api, 999999999, {'remove_host': {'host': 'compute1'}})
    assert fault(resp, 404) == message % ('compute1', 999999999)
    resp = action(api, 'abc', {'remove_host': {'host': 'compute1'}})
    assert fault(resp, 400) == 'Invalid input received: id must be an integer'
    for body in ({'remove_host': {}}, {'remove_host': {'host': 'a/b'}},
                 {'remove_host': {'host': 'compute1', 'x': 1}}):
        fault(action(api, agg['id'], body), 400)
    assert show(api, agg['id'])['hosts'] == ['compute1']


# -- Availability zone rules ---------------------------------------------

def test_host_cannot_join_two_zones(api, aggregates):
    zone, other = _zone(), _zone()
    aggregates(zone=zone, hosts=['compute1'])
    clash = aggregates(zone=other)
    resp = action(api, clash['id'], {'add_host': {'host': 'compute1'}})
    assert fault(resp, 409) == (
        "Cannot add host to aggregate %s. Reason: One or more hosts already "
        "in availability zone(s) ['%s']." % (clash['id'], zone))
    # The same zone, or none, is fine.
    add_host(api, aggregates(zone=zone)['id'], 'compute1')
    add_host(api, aggregates()['id'], 'compute1')


def test_zone_change_refused_when_hosts_are_in_another_zone(
        api, aggregates, fake_compute):
    # A host of its own: other tests' servers on compute1 would make the
    # last step refuse for a different reason.
    service, _ = fake_compute(with_node=True)
    zone, other = _zone(), _zone()
    aggregates(zone=zone, hosts=[service.host])
    plain = aggregates(hosts=[service.host])
    resp = api.put('/os-aggregates/%s' % plain['id'],
                   {'aggregate': {'availability_zone': other}})
    assert fault(resp, 400) == (
        "Cannot update aggregate %s. Reason: One or more hosts already in "
        "availability zone(s) ['%s']." % (plain['id'], zone))
    resp = set_metadata(api, plain['id'], {'availability_zone': other})
    assert fault(resp, 400) == (
        "Cannot update metadata of aggregate %s. Reason: One or more hosts "
        "already in availability zone(s) ['%s']." % (plain['id'], zone))
    assert show(api, plain['id'])['availability_zone'] is None
    # Joining the hosts' zone is fine.
    resp = set_metadata(api, plain['id'], {'availability_zone': zone})
    assert resp.status_code == 200, resp.text
    assert resp.json()['aggregate']['availability_zone'] == zone


def test_zone_of_hosts_with_instances_cannot_change(
        api, aggregates, fake_compute):
    service, _ = fake_compute(with_node=True)
    zone = _zone()
    agg = aggregates(zone=zone, hosts=[service.host])
    instance_id, _ = add_instance(service.host)
    try:
        for resp, prefix in (
                (api.put('/os-aggregates/%s' % agg['id'],
                         {'aggregate': {'availability_zone': _zone()}}),
                 'Cannot update aggregate'),
                (set_metadata(api, agg['id'], {'availability_zone': _zone()}),
                 'Cannot update metadata of aggregate')):
            assert fault(resp, 400) == (
                '%s %s. Reason: One or more hosts contain instances in this '
                'zone.' % (prefix, agg['id']))
        # Setting the zone it already has, and other metadata, is fine.
        resp = set_metadata(api, agg['id'], {'availability_zone': zone,
                                             'k': 'v'})
        assert resp.status_code == 200, resp.text
        # A zone for an aggregate without one moves the hosts too.
        plain = aggregates(hosts=[service.host])
        resp = set_metadata(api, plain['id'], {'availability_zone': zone})
        assert fault(resp, 400).endswith('contain instances in this zone.')
    finally:
        remove_instance(instance_id)
    resp = set_metadata(api, agg['id'], {'availability_zone': _zone()})
    assert resp.status_code == 200, resp.text


# -- Metadata ------------------------------------------------------------

def test_set_metadata_adds_changes_and_deletes_items(api, aggregates):
    agg = aggregates(zone='london')
    resp = set_metadata(api, agg['id'], {'key': 'value', 'other': 'x'})
    assert resp.status_code == 200, resp.text
    body = resp.json()['aggregate']
    assert set(body) == KEYS
    assert body['metadata'] == {'availability_zone': 'london',
                                'key': 'value', 'other': 'x'}
    assert body['updated_at'] is not None
    resp = set_metadata(api, agg['id'], {'key': 'new', 'other': None,
                                         'never-set': None},
                        version='2.41')
    assert resp.status_code == 200, resp.text
    body = resp.json()['aggregate']
    assert set(body) == KEYS | {'uuid'}
    assert body['metadata'] == {'availability_zone': 'london', 'key': 'new'}
    assert show(api, agg['id'])['metadata'] == body['metadata']
    # Items other than the zone leave the zone alone.
    assert show(api, agg['id'])['availability_zone'] == 'london'


@pytest.mark.parametrize('zone', [None, ''])
def test_set_metadata_refuses_an_empty_zone(api, aggregates, zone):
    agg = aggregates(zone='london')
    resp = set_metadata(api, agg['id'], {'availability_zone': zone})
    assert fault(resp, 400) == (
        'Cannot update metadata of aggregate %s. Reason: Aggregate %s does '
        'not support empty named availability zone.' % (agg['id'],
                                                        agg['name']))


@pytest.mark.parametrize('body', [
    {'set_metadata': {}},
    {'set_metadata': {'metadata': None}},
    {'set_metadata': {'metadata': {'bad/key': 'v'}}},
    {'set_metadata': {'metadata': {'k' * 256: 'v'}}},
    {'set_metadata': {'metadata': {'': 'v'}}},
    {'set_metadata': {'metadata': {'k': 'v' * 256}}},
    {'set_metadata': {'metadata': {'k': 1}}},
    {'set_metadata': {'metadata': {}, 'x': 1}},
])
def test_set_metadata_refuses_bad_bodies(api, aggregates, body):
    agg = aggregates()
    fault(action(api, agg['id'], body), 400)


def test_set_metadata_on_unknown_or_malformed_ids(api):
    assert fault(set_metadata(api, 999999999, {'k': 'v'}), 404) == (
        'Aggregate 999999999 could not be found.')
    assert fault(set_metadata(api, 'abc', {'k': 'v'}), 400) == (
        'Invalid input received: id must be an integer')


# -- Policy --------------------------------------------------------------

def test_administrators_only(api, aggregates):
    agg = aggregates()
    path = '/os-aggregates/%s' % agg['id']
    calls = [
        ('index', 'get', '/os-aggregates', None),
        ('create', 'post', '/os-aggregates', {'aggregate': {'name': 'x'}}),
        ('show', 'get', path, None),
        ('update', 'put', path, {'aggregate': {'name': 'x'}}),
        ('delete', 'delete', path, None),
        ('add_host', 'post', path + '/action',
         {'add_host': {'host': 'compute1'}}),
        ('remove_host', 'post', path + '/action',
         {'remove_host': {'host': 'compute1'}}),
        ('set_metadata', 'post', path + '/action',
         {'set_metadata': {'metadata': {'k': 'v'}}}),
    ]
    for headers in (None, {'X-Roles': 'reader'}):
        for rule, method, url, body in calls:
            kwargs = {'token': MEMBER, 'headers': headers}
            if body is not None:
                kwargs['body'] = body
            resp = getattr(api, method)(url, **kwargs)
            assert fault(resp, 403) == POLICY % rule
    assert show(api, agg['id'])['name'] == agg['name']


# -- python-openstackclient ----------------------------------------------

def test_openstack_hypervisor_show_lists_aggregates(stack, aggregates):
    tool = os.path.join(os.path.dirname(sys.executable), 'openstack')
    tool = tool if os.path.exists(tool) else shutil.which('openstack')
    clouds = os.path.join(stack.state_path, 'clouds.yaml')
    if tool is None or not os.path.exists(clouds):
        pytest.skip('openstack client or clouds.yaml missing')
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=clouds, OS_CLOUD='compute-all')

    def hypervisor_aggregates():
        result = subprocess.run(
            [tool, 'hypervisor', 'show', 'compute1', '-f', 'json'], env=env,
            capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)['aggregates']

    names = hypervisor_aggregates()
    agg = aggregates(hosts=['compute1'])
    assert hypervisor_aggregates() == names + [agg['name']]
