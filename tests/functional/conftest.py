"""Fixtures of the functional tests: one in-process cloud per test session.

The cloud is compute-all as a user runs it (two fake agents, SQLite files in
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


@pytest.fixture
def project():
    """A fresh project id."""
    return uuid.uuid4().hex


@pytest.fixture
def token(project):
    """The token of a member of ``project``."""
    return 'member:%s' % project
