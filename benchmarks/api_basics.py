"""Start-up time, request latency of the foundation routes, and memory.

Starts ``compute-all`` as a subprocess on a temporary state_path, waits until
it answers, then times N requests of each kind at concurrency C and prints
one JSON line::

    python -m benchmarks.api_basics --requests 500 --concurrency 10 --agents 10
"""

import argparse
import concurrent.futures
import json
import time
import uuid

import requests

from benchmarks import cloud

TOKEN = {'X-Auth-Token': 'admin:admin',
         'OpenStack-API-Version': 'compute latest'}


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--requests', type=int, default=500)
    parser.add_argument('--concurrency', type=int, default=10)
    parser.add_argument('--agents', type=int, default=10)
    args = parser.parse_args()

    with cloud.running(args.agents) as (proc, base, startup):
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
            result[name] = dict(cloud.percentiles(times), per_s=round(
                n / (time.perf_counter() - wall), 1))
        prefix = uuid.uuid4().hex[:6]

        def create(session, i):
            return _timed(session, 'POST', base + '/os-keypairs', {
                'keypair': {'name': 'b%s-%d' % (prefix, i)}}, version='2.91')
        wall = time.perf_counter()
        times = _run(base, n // 5, c, create)
        result['keypair_generate'] = dict(cloud.percentiles(times), per_s=round(
            (n // 5) / (time.perf_counter() - wall), 1))
        result['peak_rss_mb'] = round(cloud.rss_mb(proc.pid), 1)
        print(json.dumps(result))


if __name__ == '__main__':
    main()
