"""Fixtures of the end-to-end tests: ``compute-all`` started as README
says (one process per test module, two fake agents) and an image the demo
user uploaded through openstackclient."""

import socket
import subprocess
import time

import pytest
import requests

from tests.functional.osc.cli import demo
from tests.functional.osc.cli import demo_json
from tests.functional.osc.cli import tool


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    for name in ('compute-all', 'openstack'):
        if tool(name) is None:
            pytest.skip('%s is not installed (pip install -e .[test])' % name)
    state = tmp_path_factory.mktemp('cloud')
    port = _free_port()
    conf = state / 'compute.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\nosapi_compute_listen_port = '
                    '%d\n[all_in_one]\nagent_count = 2\n'
                    # Live migrations last long enough to be seen and
                    # forced to complete.
                    '[fake_driver]\nlive_migration_seconds = 30\n'
                    % (state, port))
    log = open(state / 'compute-all.log', 'w')
    proc = subprocess.Popen([tool('compute-all'), '--config-file',
                             str(conf)], stdout=log, stderr=subprocess.STDOUT)
    url = 'http://127.0.0.1:%d' % port
    deadline = time.time() + 60
    while True:
        try:
            if requests.get(url + '/', timeout=1).status_code == 200 and \
                    (state / 'clouds.yaml').exists():
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            log.close()
            pytest.fail('compute-all did not start:\n' +
                        (state / 'compute-all.log').read_text())
        time.sleep(0.2)
    yield {'state': state, 'url': url}
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope='module')
def e2e_image(cloud, tmp_path_factory):
    """The demo user's image e2e-img, uploaded from a file."""
    data = tmp_path_factory.mktemp('image') / 'disk.raw'
    data.write_bytes(b'\0' * 65536)
    image = demo_json(cloud, 'image', 'create', '--file', str(data),
                      '--disk-format', 'raw', '--container-format', 'bare',
                      'e2e-img')
    yield image
    demo(cloud, 'image', 'delete', image['id'], check=False)
