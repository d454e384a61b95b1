"""Capture the request and response samples of the API reference.

Starts the in-process cloud the way the functional tests do (two fake
agents, SQLite, embedded placement, real HTTP on an ephemeral port), sends
every request the API reference shows at the microversions where its body
changes, checks each answer's status, and writes the bodies to
``api-ref/source/samples/<resource>/<name>-req.json`` and ``-resp.json``.
The ephemeral ``host:port`` in URLs becomes ``openstack.example.com``.

Run from the repository root::

    PYTHONPATH=. python3 api-ref/tools/capture_samples.py
"""

import json
import pathlib
import shutil
import sys
import tempfile
import time

import requests

from tests.functional import stack as stack_mod

SAMPLES = pathlib.Path(__file__).resolve().parent.parent / 'source' / 'samples'
ADMIN_TOKEN = 'admin:admin'
EXAMPLE_HOST = 'openstack.example.com'
# Project and user the quota samples are about.
PROJECT_ID = '4d8f2c1a9b7e4e55a3c6b0f1e2d3c4b5'
USER_ID = 'fake-user'


class CaptureError(Exception):
    """A request did not answer the status the reference documents."""


class Recorder:
    """Sends requests to the running cloud and writes their bodies."""

    def __init__(self, root_url, out_dir):
        self.root_url = root_url.rstrip('/')
        self.out_dir = out_dir
        self.session = requests.Session()
        self.written = []

    def _anonymize(self, text):
        host = self.root_url.split('://', 1)[1]
        return text.replace(host, EXAMPLE_HOST)

    def _write(self, resource, name, body):
        path = self.out_dir / resource / (name + '.json')
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(body, indent=4, sort_keys=False)
        path.write_text(self._anonymize(text) + '\n')
        self.written.append(path)

    def call(self, method, path, *, body=None, version=None, status=200,
             params=None, sample=None, token=ADMIN_TOKEN, versioned=True):
        """Send one request; ``sample`` is ``(resource, name)`` to record
        it. ``path`` is under /v2.1 unless ``versioned`` is False.
        Returns the decoded response body (None when empty)."""
        headers = {'Accept': 'application/json'}
        if token:
            headers['X-Auth-Token'] = token
        if version:
            headers['OpenStack-API-Version'] = 'compute %s' % version
        url = self.root_url + ('/v2.1' if versioned else '') + path
        resp = self.session.request(method, url, headers=headers,
                                    params=params, json=body, timeout=60)
        if resp.status_code != status:
            raise CaptureError('%s %s (%s): expected %d, got %d: %s' % (
                method, path, version or '2.1', status, resp.status_code,
                resp.text))
        data = resp.json() if resp.content else None
        if sample is not None:
            resource, name = sample
            if body is not None:
                self._write(resource, name + '-req', body)
            if data is not None:
                self._write(resource, name + '-resp', data)
        return data


def _named(name, version):
    """Sample names carry their microversion unless it is the base one."""
    return name if version in (None, '2.1') else '%s-v%s' % (name, version)


def wait_for_service_reports(rec, timeout=30):
    """Let every service report once so samples show real timestamps."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        services = rec.call('GET', '/os-services')['services']
        if services and all(s['updated_at'] for s in services):
            return
        time.sleep(0.5)
    raise CaptureError('services did not report within %ss' % timeout)


def capture_versions(rec):
    rec.call('GET', '/', versioned=False, token=None,
             sample=('versions', 'versions-get'))
    rec.call('GET', '/', token=None, sample=('versions', 'version-get'))


def capture_availability_zones(rec):
    res = 'availability-zones'
    rec.call('GET', '/os-availability-zone',
             sample=(res, 'availability-zone-list'))
    rec.call('GET', '/os-availability-zone/detail',
             sample=(res, 'availability-zone-detail'))


def capture_aggregates(rec):
    """One aggregate per sample version, each given one of the cloud's
    compute hosts; both hosts are taken out again and the aggregates
    deleted, so later captures see the hosts zoneless."""
    res = 'aggregates'
    plans = (('2.1', 'agg-london', 'london', 'compute1'),
             ('2.41', 'agg-paris', 'paris', 'compute2'))
    ids = {}
    for version, name, zone, host in plans:
        created = rec.call('POST', '/os-aggregates', version=version,
                           body={'aggregate': {'name': name,
                                               'availability_zone': zone}},
                           sample=(res, _named('aggregate-create', version)))
        ids[version] = created['aggregate']['id']
        rec.call('POST', '/os-aggregates/%s/action' % ids[version],
                 version=version, body={'add_host': {'host': host}},
                 sample=(res, _named('aggregate-add-host', version)))
    for version in ids:
        rec.call('GET', '/os-aggregates', version=version,
                 sample=(res, _named('aggregates-list', version)))
    for version, name, zone, host in plans:
        path = '/os-aggregates/%s' % ids[version]
        rec.call('GET', path, version=version,
                 sample=(res, _named('aggregate-show', version)))
        rec.call('PUT', path, version=version,
                 body={'aggregate': {'name': name + '-renamed',
                                     'availability_zone': zone + '-east'}},
                 sample=(res, _named('aggregate-update', version)))
        rec.call('POST', path + '/action', version=version,
                 body={'set_metadata': {'metadata': {
                     'ssd': 'true', 'hypervisor_type': 'fake'}}},
                 sample=(res, _named('aggregate-set-metadata', version)))
        rec.call('POST', path + '/action', version=version,
                 body={'remove_host': {'host': host}},
                 sample=(res, _named('aggregate-remove-host', version)))
        rec.call('DELETE', path, version=version)


def capture_hypervisors(rec):
    res = 'hypervisors'
    for version in ('2.1', '2.53'):
        rec.call('GET', '/os-hypervisors', version=version,
                 sample=(res, _named('hypervisors-list', version)))
    rec.call('GET', '/os-hypervisors', version='2.33', params={'limit': 1},
             sample=(res, 'hypervisors-list-v2.33'))
    rec.call('GET', '/os-hypervisors', version='2.53',
             params={'hypervisor_hostname_pattern': 'compute1'},
             sample=(res, 'hypervisors-list-pattern-v2.53'))
    rec.call('GET', '/os-hypervisors', version='2.75',
             params={'with_servers': 'true'},
             sample=(res, 'hypervisors-list-with-servers-v2.75'))
    for version in ('2.1', '2.28', '2.53', '2.88'):
        rec.call('GET', '/os-hypervisors/detail', version=version,
                 sample=(res, _named('hypervisors-detail', version)))
    rec.call('GET', '/os-hypervisors/detail', version='2.33',
             params={'limit': 1},
             sample=(res, 'hypervisors-detail-v2.33'))

    legacy_id = rec.call('GET', '/os-hypervisors')['hypervisors'][0]['id']
    uuid = rec.call('GET', '/os-hypervisors',
                    version='2.53')['hypervisors'][0]['id']
    for version, ident in (('2.1', legacy_id), ('2.28', legacy_id),
                           ('2.53', uuid), ('2.88', uuid)):
        rec.call('GET', '/os-hypervisors/%s' % ident, version=version,
                 sample=(res, _named('hypervisor-show', version)))
    rec.call('GET', '/os-hypervisors/%s' % uuid, version='2.75',
             params={'with_servers': 'true'},
             sample=(res, 'hypervisor-show-with-servers-v2.75'))

    rec.call('GET', '/os-hypervisors/statistics',
             sample=(res, 'hypervisors-statistics'))
    rec.call('GET', '/os-hypervisors/%s/uptime' % legacy_id,
             sample=(res, 'hypervisor-uptime'))
    rec.call('GET', '/os-hypervisors/%s/uptime' % uuid, version='2.53',
             sample=(res, 'hypervisor-uptime-v2.53'))
    rec.call('GET', '/os-hypervisors/compute/search',
             sample=(res, 'hypervisors-search'))
    rec.call('GET', '/os-hypervisors/compute1/servers',
             sample=(res, 'hypervisors-servers'))


def capture_flavors(rec):
    """Flavors, then the extra specs and access lists of new ones."""
    res = 'flavors'
    for version in ('2.1', '2.55'):
        rec.call('GET', '/flavors', version=version,
                 sample=(res, _named('flavors-list', version)))
    rec.call('GET', '/flavors', version='2.102',
             params={'name': 'm1.small'},
             sample=(res, 'flavors-list-name-v2.102'))
    for version in ('2.1', '2.61', '2.75', '2.102'):
        rec.call('GET', '/flavors/detail', version=version,
                 sample=(res, _named('flavors-detail', version)))

    rec.call('POST', '/flavors', body={'flavor': {
        'name': 'm1.sample', 'id': '10', 'ram': 1024, 'vcpus': 2,
        'disk': 10, 'OS-FLV-EXT-DATA:ephemeral': 5, 'swap': 512,
        'rxtx_factor': 2.0, 'os-flavor-access:is_public': True}},
        sample=(res, 'flavor-create'))
    rec.call('POST', '/flavors', version='2.55', body={'flavor': {
        'name': 'm1.described', 'id': '11', 'ram': 2048, 'vcpus': 2,
        'disk': 20, 'description': 'Two vCPUs for general workloads.'}},
        sample=(res, 'flavor-create-v2.55'))
    created = rec.call('POST', '/flavors', version='2.102', body={'flavor': {
        'name': 'm1.generated', 'ram': 512, 'vcpus': 1, 'disk': 5,
        'description': 'The service picks the id of this one.'}},
        sample=(res, 'flavor-create-v2.102'))

    capture_extra_specs(rec, '10')
    for version in ('2.1', '2.55', '2.61', '2.75', '2.102'):
        rec.call('GET', '/flavors/10', version=version,
                 sample=(res, _named('flavor-show', version)))
    rec.call('PUT', '/flavors/11', version='2.55', body={'flavor': {
        'description': 'Two vCPUs, for web and application servers.'}},
        sample=(res, 'flavor-update-v2.55'))

    capture_flavor_access(rec)
    for flavor_id in ('10', '11', created['flavor']['id']):
        rec.call('DELETE', '/flavors/%s' % flavor_id, status=202)


def capture_extra_specs(rec, flavor_id):
    res = 'flavor-extra-specs'
    base = '/flavors/%s/os-extra_specs' % flavor_id
    rec.call('POST', base, body={'extra_specs': {
        'hw:cpu_policy': 'dedicated', 'hw:numa_nodes': '1'}},
        sample=(res, 'flavor-extra-specs-create'))
    rec.call('GET', base, sample=(res, 'flavor-extra-specs-list'))
    rec.call('GET', base + '/hw:cpu_policy',
             sample=(res, 'flavor-extra-spec-show'))
    rec.call('PUT', base + '/hw:numa_nodes', version='2.86',
             body={'hw:numa_nodes': '2'},
             sample=(res, 'flavor-extra-spec-update'))
    rec.call('POST', base, body={'extra_specs': {'hw:cpu_realtime': 'no'}})
    rec.call('DELETE', base + '/hw:cpu_realtime')


def capture_flavor_access(rec):
    res = 'flavor-access'
    rec.call('POST', '/flavors', body={'flavor': {
        'name': 'm1.private', 'id': '20', 'ram': 1024, 'vcpus': 1,
        'disk': 10, 'os-flavor-access:is_public': False}},
        sample=('flavors', 'flavor-create-private'))
    rec.call('POST', '/flavors/20/action', body={'addTenantAccess': {
        'tenant': PROJECT_ID}}, sample=(res, 'flavor-access-add-tenant'))
    rec.call('POST', '/flavors/20/action',
             body={'addTenantAccess': {'tenant': 'a-second-project'}})
    rec.call('GET', '/flavors/20/os-flavor-access',
             sample=(res, 'flavor-access-list'))
    rec.call('POST', '/flavors/20/action', body={'removeTenantAccess': {
        'tenant': 'a-second-project'}},
        sample=(res, 'flavor-access-remove-tenant'))
    rec.call('DELETE', '/flavors/20', status=202)


def capture_keypairs(rec):
    res = 'keypairs'
    generated = rec.call('POST', '/os-keypairs',
                         body={'keypair': {'name': 'keypair-generated'}},
                         sample=(res, 'keypair-create'))
    public_key = generated['keypair']['public_key']
    rec.call('POST', '/os-keypairs', version='2.2', status=201,
             body={'keypair': {'name': 'keypair-x509', 'type': 'x509'}},
             sample=(res, 'keypair-create-v2.2'))
    rec.call('POST', '/os-keypairs', version='2.10', status=201,
             body={'keypair': {'name': 'keypair-for-user', 'type': 'ssh',
                               'user_id': USER_ID}},
             sample=(res, 'keypair-create-v2.10'))
    rec.call('POST', '/os-keypairs',
             body={'keypair': {'name': 'keypair-imported',
                               'public_key': public_key}},
             sample=(res, 'keypair-import'))
    rec.call('POST', '/os-keypairs', version='2.92', status=201,
             body={'keypair': {'name': 'laptop@example.org', 'type': 'ssh',
                               'public_key': public_key}},
             sample=(res, 'keypair-import-v2.92'))

    for version in ('2.1', '2.2'):
        rec.call('GET', '/os-keypairs', version=version,
                 sample=(res, _named('keypairs-list', version)))
    rec.call('GET', '/os-keypairs', version='2.35', params={'limit': 2},
             sample=(res, 'keypairs-list-v2.35'))
    rec.call('GET', '/os-keypairs', version='2.10',
             params={'user_id': USER_ID},
             sample=(res, 'keypairs-list-user-v2.10'))
    for version in ('2.1', '2.2'):
        rec.call('GET', '/os-keypairs/keypair-generated', version=version,
                 sample=(res, _named('keypair-show', version)))

    rec.call('DELETE', '/os-keypairs/keypair-generated', status=202)
    rec.call('DELETE', '/os-keypairs/keypair-x509', version='2.2',
             status=204)
    rec.call('DELETE', '/os-keypairs/keypair-for-user', version='2.10',
             status=204, params={'user_id': USER_ID})
    for name in ('keypair-imported', 'laptop@example.org'):
        rec.call('DELETE', '/os-keypairs/%s' % name, version='2.92',
                 status=204)


def capture_limits(rec):
    for version in ('2.1', '2.36', '2.39', '2.57'):
        rec.call('GET', '/limits', version=version,
                 sample=('limits', _named('limits-get', version)))


def capture_quota_sets(rec):
    res = 'quota-sets'
    base = '/os-quota-sets/%s' % PROJECT_ID
    for version in ('2.1', '2.36', '2.57'):
        rec.call('GET', base, version=version,
                 sample=(res, _named('quotas-show', version)))
    for version in ('2.1', '2.57'):
        rec.call('GET', base + '/detail', version=version,
                 sample=(res, _named('quotas-show-detail', version)))
        rec.call('GET', base + '/defaults', version=version,
                 sample=(res, _named('quotas-show-defaults', version)))
    for version, cores in (('2.1', 30), ('2.36', 40), ('2.57', 50)):
        rec.call('PUT', base, version=version,
                 body={'quota_set': {'cores': cores, 'instances': 20}},
                 sample=(res, _named('quotas-update', version)))
    rec.call('PUT', base, version='2.57',
             body={'quota_set': {'ram': 25600, 'force': True}},
             sample=(res, 'quotas-update-force-v2.57'))
    rec.call('PUT', base, version='2.57', params={'user_id': USER_ID},
             body={'quota_set': {'instances': 5, 'key_pairs': 10}},
             sample=(res, 'quotas-update-user-v2.57'))
    rec.call('GET', base, version='2.57', params={'user_id': USER_ID},
             sample=(res, 'quotas-show-user-v2.57'))
    rec.call('DELETE', base, params={'user_id': USER_ID}, status=202)
    rec.call('DELETE', base, status=202)


def capture_quota_class_sets(rec):
    res = 'quota-class-sets'
    base = '/os-quota-class-sets/default'
    for version in ('2.1', '2.50', '2.57'):
        rec.call('GET', base, version=version,
                 sample=(res, _named('quota-classes-show', version)))
    for version, instances in (('2.1', 20), ('2.50', 30), ('2.57', 10)):
        body = {'quota_class_set': {'instances': instances, 'cores': 40}}
        if version == '2.50':
            body['quota_class_set']['server_groups'] = 12
        rec.call('PUT', base, version=version, body=body,
                 sample=(res, _named('quota-classes-update', version)))


def wait_for_server(rec, server_id, status='ACTIVE', timeout=60):
    """Poll a server until it reaches ``status``; ``None`` waits until it
    is gone (404)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if status is None:
            resp = rec.session.get(
                rec.root_url + '/v2.1/servers/%s' % server_id,
                headers={'X-Auth-Token': ADMIN_TOKEN}, timeout=60)
            if resp.status_code == 404:
                return
        else:
            server = rec.call('GET', '/servers/%s' % server_id)['server']
            if server['status'] == status:
                return
            if server['status'] == 'ERROR':
                raise CaptureError('server %s went to ERROR' % server_id)
        time.sleep(0.5)
    raise CaptureError('server %s did not reach %s within %ss' % (
        server_id, status or 'deletion', timeout))


def capture_servers(rec):
    """Boots one server, records what the API shows of it and what hangs
    off it, then force-deletes it and waits until it is gone."""
    res = 'servers'
    image_id = rec.call('GET', '/images', version='2.35',
                        params={'name': 'tiny-test-image'})['images'][0]['id']
    created = rec.call('POST', '/servers', version='2.94', status=202,
                       body={'server': {
                           'name': 'new-server-test',
                           'imageRef': image_id,
                           'flavorRef': '1',
                           'networks': 'auto',
                           'description': 'A server booted for the samples.',
                           'hostname': 'new-server-test.example.org',
                           'metadata': {'My Server Name': 'Apache1'},
                           'tags': ['web', 'blue']}},
                       sample=(res, 'server-create-v2.94'))
    server_id = created['server']['id']
    wait_for_server(rec, server_id)
    path = '/servers/%s' % server_id

    rec.call('GET', '/servers', sample=(res, 'servers-list'))
    for version in ('2.1', '2.100'):
        rec.call('GET', '/servers/detail', version=version,
                 sample=(res, _named('servers-detail', version)))
        rec.call('GET', path, version=version,
                 sample=(res, _named('server-show', version)))
    rec.call('PUT', path, body={'server': {'name': 'renamed-server'}},
             sample=(res, 'server-update'))
    rec.call('PUT', path, version='2.100',
             body={'server': {'name': 'new-server-test',
                              'description': 'Serves the web pages.'}},
             sample=(res, 'server-update-v2.100'))

    capture_server_children(rec, server_id)
    capture_images(rec, image_id)

    rec.call('POST', path + '/action', body={'forceDelete': None},
             status=202, sample=(res, 'server-force-delete'))
    wait_for_server(rec, server_id, status=None)


def capture_server_children(rec, server_id):
    """Addresses, metadata, tags, password, console output, diagnostics
    and instance actions of the server ``server_id``."""
    path = '/servers/%s' % server_id
    addresses = rec.call('GET', path + '/ips',
                         sample=('server-addresses', 'server-ips'))
    label = sorted(addresses['addresses'])[0]
    rec.call('GET', path + '/ips/%s' % label,
             sample=('server-addresses', 'server-ips-network'))

    res = 'server-metadata'
    meta = path + '/metadata'
    rec.call('POST', meta, body={'metadata': {'foo': 'Foo Value'}},
             sample=(res, 'server-metadata-create'))
    rec.call('PUT', meta, body={'metadata': {'foo': 'Foo Value',
                                             'owner': 'web-team'}},
             sample=(res, 'server-metadata-update-all'))
    rec.call('GET', meta, sample=(res, 'server-metadata-list'))
    rec.call('GET', meta + '/foo', sample=(res, 'server-metadata-show'))
    rec.call('PUT', meta + '/foo', body={'meta': {'foo': 'Bar Value'}},
             sample=(res, 'server-metadata-update'))
    rec.call('DELETE', meta + '/owner', status=204)

    res = 'server-tags'
    tags = path + '/tags'
    rec.call('PUT', tags, version='2.26',
             body={'tags': ['tag1', 'tag2']},
             sample=(res, 'server-tags-replace-v2.26'))
    rec.call('GET', tags, version='2.26',
             sample=(res, 'server-tags-list-v2.26'))
    rec.call('PUT', tags + '/tag3', version='2.26', status=201)
    rec.call('GET', tags + '/tag3', version='2.26', status=204)
    rec.call('DELETE', tags + '/tag3', version='2.26', status=204)
    rec.call('DELETE', tags, version='2.26', status=204)

    rec.call('GET', path + '/os-server-password',
             sample=('server-password', 'server-password-get'))
    rec.call('DELETE', path + '/os-server-password', status=204)

    rec.call('POST', path + '/action',
             body={'os-getConsoleOutput': {'length': 5}},
             sample=('server-console-output', 'console-output'))

    for version in ('2.1', '2.48'):
        rec.call('GET', path + '/diagnostics', version=version,
                 sample=('server-diagnostics',
                         _named('server-diagnostics', version)))

    res = 'instance-actions'
    actions = path + '/os-instance-actions'
    for version in ('2.1', '2.58'):
        listed = rec.call('GET', actions, version=version,
                          sample=(res, _named('instance-actions-list',
                                              version)))
    request_id = listed['instanceActions'][-1]['request_id']
    for version in ('2.1', '2.84'):
        rec.call('GET', '%s/%s' % (actions, request_id), version=version,
                 sample=(res, _named('instance-action-show', version)))


def capture_images(rec, image_id):
    """The image proxy; its metadata changes are undone afterwards."""
    res = 'images'
    rec.call('GET', '/images', sample=(res, 'images-list'))
    rec.call('GET', '/images/detail', sample=(res, 'images-detail'))
    path = '/images/%s' % image_id
    rec.call('GET', path, sample=(res, 'image-show'))
    meta = path + '/metadata'
    original = rec.call('GET', meta, sample=(res, 'image-metadata-list'))
    rec.call('POST', meta, body={'metadata': {'os_version': '0.6.2',
                                              'os_distro': 'cirros'}},
             sample=(res, 'image-metadata-create'))
    rec.call('GET', meta + '/os_distro',
             sample=(res, 'image-metadata-show'))
    rec.call('PUT', meta + '/os_distro',
             body={'meta': {'os_distro': 'debian'}},
             sample=(res, 'image-metadata-update'))
    rec.call('DELETE', meta + '/os_version', status=204)
    rec.call('PUT', meta, body={'metadata': dict(
        original['metadata'], os_distro='cirros')},
        sample=(res, 'image-metadata-update-all'))
    rec.call('PUT', meta, body=original)


def capture_services(rec):
    """Last: it disables, forces down and finally deletes services."""
    res = 'services'
    for version in ('2.1', '2.11', '2.53'):
        rec.call('GET', '/os-services', version=version,
                 sample=(res, _named('services-list', version)))
    rec.call('GET', '/os-services', params={'binary': 'nova-compute'},
             version='2.53', sample=(res, 'services-list-filter-v2.53'))

    host = {'host': 'compute1', 'binary': 'nova-compute'}
    rec.call('PUT', '/os-services/disable', body=host,
             sample=(res, 'service-disable'))
    rec.call('PUT', '/os-services/disable-log-reason',
             body=dict(host, disabled_reason='Scheduled maintenance'),
             sample=(res, 'service-disable-log-reason'))
    rec.call('PUT', '/os-services/enable', body=host,
             sample=(res, 'service-enable'))
    rec.call('PUT', '/os-services/force-down', version='2.11',
             body=dict(host, forced_down=True),
             sample=(res, 'service-force-down-v2.11'))
    rec.call('PUT', '/os-services/force-down', version='2.11',
             body=dict(host, forced_down=False))

    services = rec.call('GET', '/os-services', version='2.53',
                        params={'binary': 'nova-compute'})['services']
    by_host = {svc['host']: svc['id'] for svc in services}
    path = '/os-services/%s' % by_host['compute1']
    rec.call('PUT', path, version='2.53',
             body={'status': 'disabled',
                   'disabled_reason': 'Scheduled maintenance'},
             sample=(res, 'service-disable-v2.53'))
    rec.call('PUT', path, version='2.53', body={'status': 'enabled'},
             sample=(res, 'service-enable-v2.53'))
    rec.call('PUT', path, version='2.53', body={'forced_down': True},
             sample=(res, 'service-force-down-v2.53'))
    rec.call('PUT', path, version='2.53', body={'forced_down': False})
    rec.call('DELETE', '/os-services/%s' % by_host['compute2'],
             version='2.53', status=204)


def capture_all(rec):
    capture_versions(rec)
    wait_for_service_reports(rec)
    capture_availability_zones(rec)
    capture_aggregates(rec)
    capture_hypervisors(rec)
    capture_flavors(rec)
    capture_keypairs(rec)
    capture_limits(rec)
    capture_quota_sets(rec)
    capture_quota_class_sets(rec)
    capture_servers(rec)
    capture_services(rec)


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix='api-ref-samples-'))
    staging = work / 'samples'
    cloud = stack_mod.Stack(work / 'state')
    rec = None
    try:
        rec = Recorder(cloud.start(), staging)
        capture_all(rec)
        # Replace the old samples only once every request succeeded, and
        # only the folders captured here (the server action folders were
        # recorded by hand from a running cloud and are kept).
        for folder in staging.iterdir():
            target = SAMPLES / folder.name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(folder, target)
    except CaptureError as err:
        print('capture failed: %s' % err, file=sys.stderr)
        return 1
    finally:
        if rec is not None:
            # Close the keep-alive connections before the server goes.
            rec.session.close()
        if cloud.cloud is not None:
            cloud.stop()
        shutil.rmtree(work, ignore_errors=True)
    print('wrote %d sample files under %s' % (len(rec.written), SAMPLES))
    return 0


if __name__ == '__main__':
    sys.exit(main())
