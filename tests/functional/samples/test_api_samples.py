"""Conformance: our responses have the shape of Nova's API samples.

Each case sends the sample request (made unique where names must be) at
the sample's microversion and compares the response with the sample
response: keys, nesting, types and status code.
"""

import json
import os
import uuid

import pytest

from tests.functional.samples import shape

SAMPLES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..',
                       'shared', 'reference', 'api_samples')
SAMPLES = os.environ.get('COMPUTE_API_SAMPLES', os.path.normpath(SAMPLES))


def load(name):
    with open(os.path.join(SAMPLES, name)) as f:
        return json.load(f)


def version_of(sample):
    """'flavors/v2.55/x.json' -> '2.55'; a base sample is 2.1."""
    parts = sample.split('/')
    return parts[1][1:] if len(parts) == 3 else '2.1'


def unique():
    return uuid.uuid4().hex[:12]


class Env:
    """Things cases create, named uniquely, removed at the end."""

    def __init__(self, api):
        self.api = api
        self.cleanups = []

    def flavor(self, is_public=True):
        fid = 'f-' + unique()
        body = {'flavor': {'name': fid, 'id': fid, 'ram': 256, 'vcpus': 1,
                           'disk': 1, 'description': 'a test flavor',
                           'os-flavor-access:is_public': is_public}}
        resp = self.api.post('/flavors', body, version='2.55')
        assert resp.status_code == 200, resp.text
        self.cleanups.append('/flavors/' + fid)
        return fid

    def keypair(self, version='2.1'):
        name = 'kp-' + unique()
        resp = self.api.post('/os-keypairs', {'keypair': {'name': name}},
                             version=version)
        assert resp.status_code in (200, 201), resp.text
        self.cleanups.append('/os-keypairs/' + name)
        return name

    def compute_service(self, version):
        resp = self.api.get('/os-services', params={'binary': 'nova-compute'},
                            version=version)
        return resp.json()['services'][0]

    def close(self):
        for path in reversed(self.cleanups):
            self.api.delete(path)


@pytest.fixture
def env(api):
    environment = Env(api)
    yield environment
    environment.close()


def check(resp, response_sample, status):
    assert resp.status_code == status, resp.text
    problems = shape.differences(load(response_sample), resp.json())
    assert not problems, '\n'.join(problems)


def _with_unique_name(request_sample, key, fields=('name', 'id')):
    body = load(request_sample)
    for field in fields:
        if field in body[key]:
            body[key][field] = '%s-%s' % (field, unique())
    return body


# -- Versions ---------------------------------------------------------------

def test_versions(api, stack):
    import requests
    check(requests.get(stack.url + '/'), 'versions/versions-get-resp.json',
          200)
    check(requests.get(stack.url + '/v2.1/'),
          'versions/v21-version-get-resp.json', 200)
    check(requests.get(stack.url + '/v2/'),
          'versions/v2-version-get-resp.json', 200)


# -- Flavors ----------------------------------------------------------------

FLAVOR_VERSIONS = ['2.1', '2.55', '2.61', '2.75', '2.102']


def _dir(base, version):
    return base if version == '2.1' else '%s/v%s' % (base, version)


@pytest.mark.parametrize('version', FLAVOR_VERSIONS)
def test_flavors_read(api, env, version):
    fid = env.flavor()
    folder = _dir('flavors', version)
    check(api.get('/flavors', version=version),
          folder + '/flavors-list-resp.json', 200)
    check(api.get('/flavors/detail', version=version),
          folder + '/flavors-detail-resp.json', 200)
    check(api.get('/flavors/' + fid, version=version),
          folder + '/flavor-get-resp.json', 200)


@pytest.mark.parametrize('version', ['2.1', '2.55', '2.61', '2.102'])
def test_flavor_manage(api, env, version):
    folder = _dir('flavor-manage', version)
    body = _with_unique_name(folder + '/flavor-create-post-req.json',
                             'flavor')
    resp = api.post('/flavors', body, version=version)
    env.cleanups.append('/flavors/' + body['flavor']['id'])
    check(resp, folder + '/flavor-create-post-resp.json', 200)
    if version != '2.1':
        update = folder + '/flavor-update-req.json'
        if os.path.exists(os.path.join(SAMPLES, update)):
            check(api.put('/flavors/' + body['flavor']['id'], load(update),
                          version=version),
                  folder + '/flavor-update-resp.json', 200)


def test_flavor_access(api, env):
    fid = env.flavor(is_public=False)
    check(api.post('/flavors/%s/action' % fid,
                   load('flavor-access/flavor-access-add-tenant-req.json')),
          'flavor-access/flavor-access-add-tenant-resp.json', 200)
    check(api.get('/flavors/%s/os-flavor-access' % fid),
          'flavor-access/flavor-access-list-resp.json', 200)
    check(api.post('/flavors/%s/action' % fid, load(
        'flavor-access/flavor-access-remove-tenant-req.json')),
          'flavor-access/flavor-access-remove-tenant-resp.json', 200)


def test_flavor_extra_specs(api, env):
    fid = env.flavor()
    base = '/flavors/%s/os-extra_specs' % fid
    folder = 'flavor-extra-specs/'
    check(api.post(base, load(folder + 'flavor-extra-specs-create-req.json')),
          folder + 'flavor-extra-specs-create-resp.json', 200)
    check(api.get(base), folder + 'flavor-extra-specs-list-resp.json', 200)
    key = next(iter(load(folder + 'flavor-extra-specs-get-resp.json')))
    check(api.get(base + '/' + key),
          folder + 'flavor-extra-specs-get-resp.json', 200)
    update = load(folder + 'flavor-extra-specs-update-req.json')
    check(api.put(base + '/' + next(iter(update)), update),
          folder + 'flavor-extra-specs-update-resp.json', 200)


# -- Keypairs ---------------------------------------------------------------

@pytest.mark.parametrize('version,status', [('2.1', 200), ('2.2', 201),
                                            ('2.10', 201)])
def test_keypairs(api, env, version, status):
    folder = _dir('os-keypairs', version)
    body = _with_unique_name(folder + '/keypairs-post-req.json', 'keypair',
                             ('name',))
    if 'user_id' in body['keypair']:
        body['keypair']['user_id'] = 'admin'
    resp = api.post('/os-keypairs', body, version=version)
    env.cleanups.append('/os-keypairs/' + body['keypair']['name'])
    check(resp, folder + '/keypairs-post-resp.json', status)
    imp = _with_unique_name(folder + '/keypairs-import-post-req.json',
                            'keypair', ('name',))
    if 'user_id' in imp['keypair']:
        imp['keypair']['user_id'] = 'admin'
    resp = api.post('/os-keypairs', imp, version=version)
    env.cleanups.append('/os-keypairs/' + imp['keypair']['name'])
    check(resp, folder + '/keypairs-import-post-resp.json', status)
    check(api.get('/os-keypairs/' + imp['keypair']['name'], version=version),
          folder + '/keypairs-get-resp.json', 200)
    check(api.get('/os-keypairs', version=version),
          folder + '/keypairs-list-resp.json', 200)


def test_keypairs_paging(api, env):
    env.keypair('2.35')
    env.keypair('2.35')
    check(api.get('/os-keypairs', params={'limit': 1}, version='2.35'),
          'os-keypairs/v2.35/keypairs-list-resp.json', 200)


# -- Limits and quotas ------------------------------------------------------

@pytest.mark.parametrize('version', ['2.1', '2.36', '2.39'])
def test_limits(api, version):
    name = 'limits/limit-get-resp.json' if version == '2.1' else \
        'limits/v%s/limit-get-resp.json' % version
    if not os.path.exists(os.path.join(SAMPLES, name)):
        pytest.fail('missing sample %s' % name)
    check(api.get('/limits', version=version), name, 200)


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.57'])
def test_quota_sets(api, version):
    folder = _dir('os-quota-sets', version)
    project = unique()
    base = '/os-quota-sets/' + project
    check(api.get(base, version=version),
          folder + '/quotas-show-get-resp.json', 200)
    check(api.get(base + '/defaults', version=version),
          folder + '/quotas-show-defaults-get-resp.json', 200)
    check(api.get(base + '/detail', version=version),
          folder + '/quotas-show-detail-get-resp.json', 200)
    check(api.put(base, load(folder + '/quotas-update-post-req.json'),
                  version=version),
          folder + '/quotas-update-post-resp.json', 200)
    check(api.put(base, load(folder + '/quotas-update-force-post-req.json'),
                  version=version),
          folder + '/quotas-update-force-post-resp.json', 200)
    check(api.get(base, params={'user_id': 'u1'}, version=version),
          folder + '/user-quotas-show-get-resp.json', 200)
    check(api.put(base, load(folder + '/user-quotas-update-post-req.json'),
                  params={'user_id': 'u1'}, version=version),
          folder + '/user-quotas-update-post-resp.json', 200)
    assert api.delete(base, version=version).status_code == 202


@pytest.mark.parametrize('version', ['2.1', '2.50', '2.57'])
def test_quota_class_sets(api, version):
    folder = _dir('os-quota-class-sets', version)
    check(api.get('/os-quota-class-sets/default', version=version),
          folder + '/quota-classes-show-get-resp.json', 200)
    name = 'class-' + unique()
    check(api.put('/os-quota-class-sets/' + name,
                  load(folder + '/quota-classes-update-post-req.json'),
                  version=version),
          folder + '/quota-classes-update-post-resp.json', 200)


# -- Availability zones, services, hypervisors ------------------------------

def test_availability_zones(api):
    check(api.get('/os-availability-zone'),
          'os-availability-zone/availability-zone-list-resp.json', 200)
    check(api.get('/os-availability-zone/detail'),
          'os-availability-zone/availability-zone-detail-resp.json', 200)


@pytest.mark.parametrize('version', ['2.1', '2.11'])
def test_services_legacy_actions(api, env, version):
    folder = _dir('os-services', version)
    check(api.get('/os-services', version=version),
          folder + '/services-list-get-resp.json', 200)
    host = env.compute_service(version)['host']
    actions = [('disable', 'service-disable-put'),
               ('disable-log-reason', 'service-disable-log-put'),
               ('enable', 'service-enable-put')]
    if version == '2.11':
        actions.append(('force-down', 'service-force-down-put'))
    try:
        for action, sample in actions:
            body = load('%s/%s-req.json' % (folder, sample))
            body['host'] = host
            check(api.put('/os-services/' + action, body, version=version),
                  '%s/%s-resp.json' % (folder, sample), 200)
    finally:
        if version == '2.11':
            api.put('/os-services/force-down', {
                'host': host, 'binary': 'nova-compute',
                'forced_down': False}, version=version)
        api.put('/os-services/enable',
                {'host': host, 'binary': 'nova-compute'}, version=version)


def test_services_by_uuid(api, env):
    folder = 'os-services/v2.53'
    check(api.get('/os-services', version='2.53'),
          folder + '/services-list-get-resp.json', 200)
    service = env.compute_service('2.53')
    try:
        for sample in ('service-disable-put', 'service-disable-log-put',
                       'service-enable-put', 'service-force-down-put'):
            check(api.put('/os-services/' + service['id'],
                          load('%s/%s-req.json' % (folder, sample)),
                          version='2.53'),
                  '%s/%s-resp.json' % (folder, sample), 200)
    finally:
        api.put('/os-services/' + service['id'],
                {'status': 'enabled', 'forced_down': False}, version='2.53')


@pytest.mark.parametrize('version', ['2.1', '2.28', '2.33', '2.53'])
def test_hypervisors(api, version):
    folder = _dir('os-hypervisors', version)
    # The samples of 2.33 and 2.53 were made with a page size of one.
    params = {'limit': 1} if version in ('2.33', '2.53') else None
    listing = api.get('/os-hypervisors', version=version, params=params)
    check(listing, folder + '/hypervisors-list-resp.json', 200)
    check(api.get('/os-hypervisors/detail', version=version, params=params),
          folder + '/hypervisors-detail-resp.json', 200)
    if version == '2.33':
        return
    first = listing.json()['hypervisors'][0]
    check(api.get('/os-hypervisors/%s' % first['id'], version=version),
          folder + '/hypervisors-show-resp.json', 200)
    check(api.get('/os-hypervisors/statistics', version=version),
          folder + '/hypervisors-statistics-resp.json', 200)
    check(api.get('/os-hypervisors/%s/uptime' % first['id'],
                  version=version),
          folder + '/hypervisors-uptime-resp.json', 200)
    if version == '2.53':
        check(api.get('/os-hypervisors', version=version, params={
            'hypervisor_hostname_pattern': first['hypervisor_hostname']}),
            folder + '/hypervisors-search-resp.json', 200)
    else:
        check(api.get('/os-hypervisors/%s/search'
                      % first['hypervisor_hostname'], version=version),
              folder + '/hypervisors-search-resp.json', 200)


@pytest.mark.parametrize('version', ['2.1', '2.28', '2.53'])
def test_hypervisor_without_servers(api, version):
    folder = _dir('os-hypervisors', version)
    if version == '2.53':
        resp = api.get('/os-hypervisors', version=version, params={
            'hypervisor_hostname_pattern': 'compute1',
            'with_servers': 'true'})
    else:
        resp = api.get('/os-hypervisors/compute1/servers', version=version)
    check(resp, folder + '/hypervisors-without-servers-resp.json', 200)
