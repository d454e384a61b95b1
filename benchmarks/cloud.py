"""A ``compute-all`` process for the benchmarks: temporary state, a free
port, the number of fake hosts asked for, extra configuration; stopped
and cleaned up at the end."""

import contextlib
import os
import shutil
import statistics
import socket
import subprocess
import sys
import tempfile
import time

import requests

HEADERS = {'X-Auth-Token': 'admin:admin'}


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def rss_mb(pid):
    """Peak resident memory of process ``pid`` in MiB."""
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024.0
    return 0.0


def percentiles(samples):
    """{'p50_ms', 'p95_ms'} of durations in seconds."""
    samples = sorted(samples)
    return {'p50_ms': round(statistics.median(samples) * 1000, 2),
            'p95_ms': round(samples[max(int(len(samples) * 0.95) - 1, 0)]
                            * 1000, 2)}


def wait_for_agents(proc, base, count, timeout=120):
    """Until ``count`` compute services are up."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('compute-all exited with %s' % proc.returncode)
        try:
            services = requests.get(base + '/os-services', headers=HEADERS,
                                    timeout=5).json()['services']
            up = [s for s in services if s['binary'] == 'nova-compute' and
                  s['state'] == 'up']
            if len(up) >= count:
                return
        except (requests.ConnectionError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    raise RuntimeError('agents did not come up')


@contextlib.contextmanager
def running(hosts, extra_conf=''):
    """(process, compute API base URL, seconds it took to be ready)."""
    state = tempfile.mkdtemp(prefix='compute-bench-')
    port = _free_port()
    conf = os.path.join(state, 'compute.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\nstate_path = %s\nosapi_compute_listen_port = %d\n'
                'log_file = %s/compute.log\n[all_in_one]\nagent_count = %d\n'
                '%s' % (state, port, state, hosts, extra_conf))
    exe = os.path.join(os.path.dirname(sys.executable), 'compute-all')
    started = time.perf_counter()
    proc = subprocess.Popen([exe, '--config-file', conf])
    base = 'http://127.0.0.1:%d/v2.1' % port
    try:
        wait_for_agents(proc, base, hosts)
        yield proc, base, time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(state, ignore_errors=True)
