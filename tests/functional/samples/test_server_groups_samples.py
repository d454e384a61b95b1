"""Conformance of /os-server-groups with Nova's API samples, by shape:
create, show and list at 2.1 and 2.13 from the sample folders, and at
2.64 (whose samples are left out of the reference on purpose) against
the bodies Nova's API reference publishes, written out below."""

import uuid

import pytest

from tests.functional.samples import shape
from tests.functional.samples.test_api_samples import check
from tests.functional.samples.test_api_samples import load

FOLDER = 'os-server-groups'

# Nova's published 2.64 bodies: ``policy`` and ``rules`` in place of
# ``policies`` and ``metadata``.
V264_REQUEST = {'server_group': {'name': 'test', 'policy': 'anti-affinity',
                                 'rules': {'max_server_per_host': 3}}}
V264_GROUP = {'id': '5bbcc3c4-1da2-4437-a48a-66f15b1b13f9', 'name': 'test',
              'policy': 'anti-affinity',
              'rules': {'max_server_per_host': 3}, 'members': [],
              'project_id': '6f70656e737461636b20342065766572',
              'user_id': 'fake'}


def _tenant():
    project = uuid.uuid4().hex
    return 'user-%s:%s' % (project[:6], project)


def _unique(body):
    body['server_group']['name'] = 'group-%s' % uuid.uuid4().hex[:8]
    return body


@pytest.mark.parametrize('version', ['2.1', '2.13'])
def test_server_groups_samples(api, version):
    folder = FOLDER if version == '2.1' else '%s/v%s' % (FOLDER, version)
    token = _tenant()
    resp = api.post('/os-server-groups',
                    _unique(load(folder + '/server-groups-post-req.json')),
                    token=token, version=version)
    check(resp, folder + '/server-groups-post-resp.json', 200)
    group_id = resp.json()['server_group']['id']
    check(api.get('/os-server-groups/' + group_id, token=token,
                  version=version),
          folder + '/server-groups-get-resp.json', 200)
    check(api.get('/os-server-groups', token=token, version=version),
          folder + '/server-groups-list-resp.json', 200)


def _check_v264(resp, sample):
    assert resp.status_code == 200, resp.text
    problems = shape.differences(sample, resp.json())
    assert not problems, '\n'.join(problems)


def test_server_groups_v264(api):
    token = _tenant()
    resp = api.post('/os-server-groups', _unique(V264_REQUEST), token=token,
                    version='2.64')
    _check_v264(resp, {'server_group': V264_GROUP})
    group_id = resp.json()['server_group']['id']
    _check_v264(api.get('/os-server-groups/' + group_id, token=token,
                        version='2.64'), {'server_group': V264_GROUP})
    _check_v264(api.get('/os-server-groups', token=token, version='2.64'),
                {'server_groups': [V264_GROUP]})
