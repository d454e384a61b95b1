"""Conformance of the server reads and update with Nova's API samples:
show, list, detail (plain, by status, sorted, with changes-before) and
update at every microversion that has a sample, as the persona the sample
was taken as (administrator when it shows OS-EXT-SRV-ATTR:host).

The 2.69 samples are left out: they show servers of an unreachable cell,
which a one-cell deployment never has.
"""

import pytest

from tests.functional import server_fixtures as sf
from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load

ADMIN = 'admin:admin'
# The image properties the 2.98+ samples show.
SYSTEM_METADATA = {'image_architecture': 'x86_64',
                   'image_auto_disk_config': 'True'}


def _version(folder):
    return folder[1:] if folder else '2.1'


def _path(folder, name):
    return '%s/%s' % ('servers/' + folder if folder else 'servers', name)


def _persona(sample, tenant):
    """The admin token if the sample shows admin-only fields."""
    body = load(sample)
    body = body.get('server') or body['servers'][0]
    return ADMIN if 'OS-EXT-SRV-ATTR:host' in body else tenant[1]


def _like(sample):
    """Server values giving the fields the sample fills (a sample's null
    also admits a string, not a list)."""
    body = load(sample)
    body = body.get('server') or body['servers'][0]
    values = {'display_description': 'Sample description',
              'system_metadata': dict(SYSTEM_METADATA,
                                      locked_reason='maintenance')}
    if isinstance(body.get('trusted_image_certificates'), list):
        values['trusted_certs'] = ['0b5d2c72-12cc-4ba6-a8d7-3ff5cc1d8cb8']
    return values


def _servers(tenant, sample, count=1, **values):
    servers = []
    for index in range(count):
        server = sf.server(tenant[0], sf.user_of(tenant[1]),
                           name='new-server-test-%d' % index,
                           **dict(_like(sample), **values))
        sf.attach_volume(server.uuid, 'volume_id1')
        sf.attach_volume(server.uuid, 'volume_id2')
        servers.append(server)
    return servers


def _list_params(sample, tenant, **params):
    """Scope to the tenant's servers; page by one when the sample has a
    next link."""
    if 'servers_links' in load(sample):
        params['limit'] = 1
    if _persona(sample, tenant) == ADMIN:
        params.update(all_tenants=1, project_id=tenant[0])
    return params


GET_FOLDERS = ['', 'v2.3', 'v2.9', 'v2.16', 'v2.19', 'v2.47', 'v2.52',
               'v2.63', 'v2.71', 'v2.73', 'v2.90', 'v2.94']


@pytest.mark.parametrize('folder', GET_FOLDERS)
def test_server_get(api, folder):
    tenant = sf.project()
    sample = _path(folder, 'server-get-resp.json')
    server, = _servers(tenant, sample)
    check(api.get('/servers/' + server.uuid, token=_persona(sample, tenant),
                  version=_version(folder)), sample, 200)


DETAIL_FOLDERS = ['', 'v2.3', 'v2.9', 'v2.16', 'v2.19', 'v2.47', 'v2.52',
                  'v2.63', 'v2.73', 'v2.90', 'v2.94']


@pytest.mark.parametrize('folder', DETAIL_FOLDERS)
def test_servers_detail(api, folder):
    tenant = sf.project()
    sample = _path(folder, 'servers-details-resp.json')
    _servers(tenant, sample, 2)
    check(api.get('/servers/detail', token=_persona(sample, tenant),
                  version=_version(folder),
                  params=_list_params(sample, tenant)), sample, 200)


LIST_FOLDERS = ['', 'v2.3', 'v2.9', 'v2.16', 'v2.19', 'v2.47', 'v2.52',
                'v2.90', 'v2.94']


@pytest.mark.parametrize('folder', LIST_FOLDERS)
def test_servers_list(api, folder):
    tenant = sf.project()
    sample = _path(folder, 'servers-list-resp.json')
    _servers(tenant, sample, 2)
    check(api.get('/servers', token=tenant[1], version=_version(folder),
                  params=_list_params(sample, tenant)), sample, 200)


def test_servers_list_by_status(api):
    tenant = sf.project()
    sample = 'servers/servers-list-status-resp.json'
    _servers(tenant, sample, 2, vm_state='error')
    check(api.get('/servers', token=tenant[1], params=_list_params(
        sample, tenant, status='error')), sample, 200)


def test_servers_sorted(api):
    tenant = sf.project()
    sample = 'servers-sort/server-sort-keys-list-resp.json'
    _servers(tenant, sample, 2)
    check(api.get('/servers', token=tenant[1],
                  params={'sort_key': 'display_name', 'sort_dir': 'asc'}),
          sample, 200)


@pytest.mark.parametrize('path,sample', [
    ('/servers', 'servers/v2.66/servers-list-with-changes-before.json'),
    ('/servers/detail',
     'servers/v2.66/servers-details-with-changes-before.json'),
])
def test_servers_changes_before(api, path, sample):
    tenant = sf.project()
    _servers(tenant, sample)
    before = sf.ago(minutes=-5).strftime('%Y-%m-%dT%H:%M:%SZ')
    check(api.get(path, token=_persona(sample, tenant), version='2.66',
                  params=_list_params(sample, tenant,
                                      **{'changes-before': before})),
          sample, 200)


UPDATE_SAMPLES = [
    ('', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.19', 'server-put-req.json', 'server-put-resp.json'),
    ('v2.47', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.63', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.71', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.73', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.75', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.90', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.94', 'server-update-req.json', 'server-update-resp.json'),
    ('v2.104', 'server-update-req.json', 'server-update-resp.json'),
]


@pytest.mark.parametrize('folder,request_sample,response_sample',
                         UPDATE_SAMPLES)
def test_server_update(api, folder, request_sample, response_sample):
    tenant = sf.project()
    sample = _path(folder, response_sample)
    server, = _servers(tenant, sample)
    check(api.put('/servers/' + server.uuid,
                  load(_path(folder, request_sample)),
                  token=_persona(sample, tenant), version=_version(folder)),
          sample, 200)
