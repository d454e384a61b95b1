"""Fixtures of the integration tests: RabbitMQ, fresh databases and a
deployment of separate processes on them.

The broker is ``rabbit://guest:guest@127.0.0.1:5672/`` unless
COMPUTE_TEST_TRANSPORT_URL names another; a test is skipped when nothing
listens there. Topic queue names do not depend on the exchange, so the tests
using the broker take a machine-wide lock: two runs (xdist workers, or two
pytest sessions) never share it at once. Each run also has its own
``control_exchange``.
"""

import contextlib
import fcntl
import os
import socket
import tempfile
from urllib import parse
import uuid

import pytest

from tests import db_backends
from tests.integration import deployment as deployment_mod

TRANSPORT_URL = os.environ.get('COMPUTE_TEST_TRANSPORT_URL',
                               'rabbit://guest:guest@127.0.0.1:5672/')
_LOCK_FILE = os.path.join(tempfile.gettempdir(),
                          'compute-integration-rabbitmq.lock')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    cloud = getattr(item, 'funcargs', {}).get('deployment')
    if report.failed and cloud is not None:
        item.compute_failed = True
        report.sections.append(('process logs', cloud.logs()))


@pytest.fixture
def rabbitmq():
    """The broker's URL, held for this test alone."""
    url = parse.urlsplit(TRANSPORT_URL)
    host, port = url.hostname or '127.0.0.1', url.port or 5672
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        pytest.skip('RabbitMQ not reachable at %s:%s: %s' % (host, port, exc))
    with open(_LOCK_FILE, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield TRANSPORT_URL


@pytest.fixture
def deployment(request, backend, rabbitmq, tmp_path):
    """Configuration of a deployment on fresh databases of ``backend``
    (one per ``deployment.DATABASES``). Afterwards every process it started
    is stopped, or killed with its process group when the test failed (its
    report then shows the processes' logs)."""
    with contextlib.ExitStack() as stack:
        databases = {which: stack.enter_context(db_backends.database(backend))
                     for which in deployment_mod.DATABASES}
        cloud = deployment_mod.Deployment(
            tmp_path, rabbitmq, 'compute_it_%s' % uuid.uuid4().hex[:12],
            databases)
        try:
            yield cloud
        finally:
            if not getattr(request.node, 'compute_failed', False):
                cloud.stop_all()
            cloud.kill_all()
