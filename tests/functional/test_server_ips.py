"""Server addresses over HTTP: every network, one network by label,
unknown labels, other projects' servers and personas."""

import uuid


from tests.functional.client import fault_message
from tests.functional import server_fixtures


def _vif(label, mac, addresses, floating=()):
    ips = [{'address': a, 'type': 'fixed',
            'version': 6 if ':' in a else 4,
            'floating_ips': [{'address': f, 'type': 'floating',
                              'version': 4} for f in floating]}
           for a in addresses]
    return {'id': str(uuid.uuid4()), 'address': mac, 'type': 'bridge',
            'network': {'id': str(uuid.uuid4()), 'label': label,
                        'subnets': [{'cidr': '192.168.1.0/24', 'version': 4,
                                     'ips': ips}]}}


NETWORK_INFO = [
    _vif('private', '00:0c:29:0d:11:74', ['192.168.1.30'],
         floating=['172.24.4.10']),
    _vif('public', 'fa:16:3e:00:00:01', ['10.0.0.5', '2001:db8::5']),
]


def _server(project, network_info=NETWORK_INFO):
    """An active server written straight to the database, with addresses."""
    return server_fixtures.db_server(project, network_info=network_info)


def test_index(api, project, token):
    server = _server(project)
    resp = api.get('/servers/%s/ips' % server, token=token)
    assert resp.status_code == 200
    assert resp.json() == {'addresses': {
        'private': [{'addr': '192.168.1.30', 'version': 4},
                    {'addr': '172.24.4.10', 'version': 4}],
        'public': [{'addr': '10.0.0.5', 'version': 4},
                   {'addr': '2001:db8::5', 'version': 6}],
    }}


def test_index_without_ports(api, project, token):
    server = _server(project, network_info=[])
    resp = api.get('/servers/%s/ips' % server, token=token)
    assert resp.json() == {'addresses': {}}


def test_show_one_network(api, project, token):
    server = _server(project)
    resp = api.get('/servers/%s/ips/public' % server, token=token)
    assert resp.status_code == 200
    assert resp.json() == {'public': [{'addr': '10.0.0.5', 'version': 4},
                                      {'addr': '2001:db8::5', 'version': 6}]}


def test_show_unknown_network_is_404(api, project, token):
    server = _server(project)
    msg = fault_message(api.get('/servers/%s/ips/nope' % server,
                                token=token), 404)
    assert msg == 'Instance is not a member of specified network'


def test_unknown_and_other_projects_servers_are_404(api, token):
    missing = str(uuid.uuid4())
    msg = fault_message(api.get('/servers/%s/ips' % missing, token=token),
                        404)
    assert msg == 'Instance %s could not be found.' % missing
    other = _server(uuid.uuid4().hex)
    fault_message(api.get('/servers/%s/ips' % other, token=token), 404)
    fault_message(api.get('/servers/%s/ips/public' % other, token=token),
                  404)
    assert api.get('/servers/%s/ips/public' % other).status_code == 200


def test_reader_reads(api, project):
    server = _server(project)
    kwargs = {'token': 'reader:%s' % project,
              'headers': {'X-Roles': 'reader'}}
    assert api.get('/servers/%s/ips' % server, **kwargs).status_code == 200
    assert api.get('/servers/%s/ips/private' % server,
                   **kwargs).status_code == 200


def test_other_role_is_403(api, project):
    server = _server(project)
    msg = fault_message(api.get('/servers/%s/ips' % server,
                                token='nobody:%s' % project,
                                headers={'X-Roles': 'observer'}), 403)
    assert msg == "Policy doesn't allow os_compute_api:ips:index to be " \
        'performed.'
