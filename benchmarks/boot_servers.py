"""Boot N servers at concurrency C on K fake hosts, list them, delete them.

Starts ``compute-all`` as a subprocess (K agents, temporary state_path),
then prints one JSON line: boots/s, boot latency (request to ACTIVE)
p50/p95, /servers/detail latency p50/p95, delete time, peak RSS::

    python -m benchmarks.boot_servers --servers 200 --concurrency 10 --hosts 10
"""

import argparse
import concurrent.futures
import json
import time

import requests

from benchmarks import cloud

HEADERS = {'X-Auth-Token': 'admin:admin',
           'OpenStack-API-Version': 'compute 2.90'}


def _wait_active(session, base, server_id, interval, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        body = session.get('%s/servers/%s' % (base, server_id),
                           headers=HEADERS).json()['server']
        if body['status'] == 'ACTIVE':
            return
        if body['status'] == 'ERROR':
            raise RuntimeError('server %s failed: %s' % (
                server_id, body.get('fault')))
        time.sleep(interval)
    raise RuntimeError('server %s not ACTIVE in time' % server_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--servers', type=int, default=200)
    parser.add_argument('--concurrency', type=int, default=10)
    parser.add_argument('--hosts', type=int, default=10)
    parser.add_argument('--lists', type=int, default=20)
    parser.add_argument('--poll-interval', type=float, default=0.2,
                        help='seconds between GETs of a booting server')
    args = parser.parse_args()

    quota = '[quota]\ninstances = -1\ncores = -1\nram = -1\n'
    with cloud.running(args.hosts, quota) as (proc, base, _):
        session = requests.Session()
        image = session.get(base + '/images', headers=dict(
            HEADERS, **{'OpenStack-API-Version': 'compute 2.35'})).json()[
                'images'][0]['id']

        def boot(i):
            local = requests.Session()
            start = time.perf_counter()
            resp = local.post(base + '/servers', headers=HEADERS, json={
                'server': {'name': 'bench-%d' % i, 'flavorRef': '42',
                           'imageRef': image, 'networks': 'auto'}})
            if resp.status_code != 202:
                raise RuntimeError(resp.text)
            server_id = resp.json()['server']['id']
            _wait_active(local, base, server_id, args.poll_interval)
            return server_id, time.perf_counter() - start

        wall = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(boot, range(args.servers)))
        boot_wall = time.perf_counter() - wall
        list_times = []
        for _ in range(args.lists):
            start = time.perf_counter()
            resp = session.get(base + '/servers/detail', headers=HEADERS,
                               params={'limit': 1000})
            list_times.append(time.perf_counter() - start)
            assert len(resp.json()['servers']) == args.servers
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(lambda r: session.delete(
                '%s/servers/%s' % (base, r[0]), headers=HEADERS), results))
        while session.get(base + '/servers', headers=HEADERS).json()[
                'servers']:
            time.sleep(0.05)
        delete_s = time.perf_counter() - start
        print(json.dumps({
            'servers': args.servers, 'concurrency': args.concurrency,
            'hosts': args.hosts, 'poll_interval_s': args.poll_interval,
            'boots_per_s': round(args.servers / boot_wall, 1),
            'boot': cloud.percentiles([r[1] for r in results]),
            'list_detail': cloud.percentiles(list_times),
            'delete_all_s': round(delete_s, 2),
            'peak_rss_mb': round(cloud.rss_mb(proc.pid), 1)}))


if __name__ == '__main__':
    main()
