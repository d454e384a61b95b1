"""Fixtures of the functional tests: one in-process cloud per test session.

The cloud is compute-all as a user runs it (three fake agents, SQLite files in
a temporary state_path, in-process messaging, embedded placement), serving
real HTTP on an ephemeral port. Tests reach it only through ``api``.
"""

import uuid

import pytest

from tests.functional import client as api_client
from tests.functional import stack as stack_mod


@pytest.fixture(scope='session')
def stack(tmp_path_factory):
    cloud = stack_mod.Stack(tmp_path_factory.mktemp('state'))
    cloud.start()
    yield cloud
    cloud.stop()


@pytest.fixture(scope='session')
def api(stack):
    return api_client.ApiClient(stack.url + '/v2.1')


@pytest.fixture(scope='session')
def compute_hosts(api, stack):
    """The hosts of the cloud's own agents (compute1, compute2, compute3),
    sorted, as GET /os-services lists their nova-compute services."""
    resp = api.get('/os-services', params={'binary': 'nova-compute'})
    assert resp.status_code == 200, resp.text
    hosts = sorted(service['host'] for service in resp.json()['services'])
    assert len(hosts) == stack.overrides[('all_in_one', 'agent_count')], \
        hosts
    return hosts


@pytest.fixture
def project():
    """A fresh project id."""
    return uuid.uuid4().hex


@pytest.fixture
def token(project):
    """The token of a member of ``project``."""
    return 'member:%s' % project
