"""Start-up time, request latency of the foundation routes, and memory.

Starts ``compute-all`` as a subprocess on a temporary state_path, waits until
it answers, then times N requests of each kind at concurrency C and prints
one JSON line::

    python -m benchmarks.api_basics --requests 500 --concurrency 10 --agents 10
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import requests

TOKEN = {'X-Auth-Token': 'admin:admin',
         'OpenStack-API-Version': 'compute latest'}


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _rss_mb(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024.0
    return None


def _percentiles(samples):
    samples = sorted(samples)
    return {'p50_ms': round(statistics.median(samples) * 1000, 2),
            'p95_ms': round(samples[int(len(samples) * 0.95) - 1] * 1000, 2)}


def _timed(session, method, url, body=None, version='latest'):
    start = time.perf_counter()
    headers = dict(TOKEN, **{'OpenStack-API-Version': 'compute ' + version})
    resp = session.request(method, url, json=body, headers=headers)
    elapsed = time.perf_counter() - start
    if resp.status_code >= 400:
        raise RuntimeError('%s %s -> %s %s' % (method, url, resp.status_code,
                                               resp.text[:200]))
    return elapsed


def _run(url, count, concurrency, make_call):
    sessions = [requests.Session() for _ in range(concurrency)]
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(make_call, sessions[i % concurrency], i)
                   for i in range(count)]
        return [f.result() for f in futures]


def wait_for_agents(proc, base, count):
    """Wait until ``count`` nova-compute services report up."""
    while True:
        try:
            resp = requests.get(base + '/os-services', headers=TOKEN,
                                timeout=1)
            ups = [s for s in resp.json().get('services', [])
                   if s['binary'] == 'nova-compute' and s['state'] == 'up']
            if len(ups) == count:
                return
        except (requests.ConnectionError, ValueError):
            pass
        if proc.poll() is not None:
            raise RuntimeError('compute-all exited')
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--requests', type=int, default=500)
    parser.add_argument('--concurrency', type=int, default=10)
    parser.add_argument('--agents', type=int, default=10)
    args = parser.parse_args()

    state = tempfile.mkdtemp(prefix='compute-bench-')
    port = _free_port()
    conf = os.path.join(state, 'compute.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\nstate_path = %s\nosapi_compute_listen_port = %d\n'
                'log_file = %s/compute.log\n[all_in_one]\nagent_count = %d\n'
                % (state, port, state, args.agents))
    exe = os.path.join(os.path.dirname(sys.executable), 'compute-all')
    started = time.perf_counter()
    proc = subprocess.Popen([exe, '--config-file', conf])
    base = 'http://127.0.0.1:%d/v2.1' % port
    try:
        wait_for_agents(proc, base, args.agents)
        startup = time.perf_counter() - started
        n, c = args.requests, args.concurrency
        result = {'agents': args.agents, 'requests': n, 'concurrency': c,
                  'startup_s': round(startup, 2)}
        for name, path in (('flavor_detail', '/flavors/detail'),
                           ('services_list', '/os-services'),
                           ('hypervisor_detail', '/os-hypervisors/detail'),
                           ('limits', '/limits')):
            wall = time.perf_counter()
            times = _run(base, n, c, lambda s, i, p=path: _timed(
                s, 'GET', base + p))
            result[name] = dict(_percentiles(times), per_s=round(
                n / (time.perf_counter() - wall), 1))
        prefix = uuid.uuid4().hex[:6]

        def create(session, i):
            return _timed(session, 'POST', base + '/os-keypairs', {
                'keypair': {'name': 'b%s-%d' % (prefix, i)}}, version='2.91')
        wall = time.perf_counter()
        times = _run(base, n // 5, c, create)
        result['keypair_generate'] = dict(_percentiles(times), per_s=round(
            (n // 5) / (time.perf_counter() - wall), 1))
        result['peak_rss_mb'] = round(_rss_mb(proc.pid), 1)
        print(json.dumps(result))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == '__main__':
    main()
