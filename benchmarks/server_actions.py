"""How long server actions and moves take, request to settled state.

Starts ``compute-all`` (K fake hosts, live migrations of the fake driver
shortened to ``--live-seconds``), boots N servers, then runs each action
on every server at concurrency C and times it from the request until the
server is back in its expected state. Prints one JSON line: per action,
p50/p95 in ms and actions per second, plus peak RSS::

    python -m benchmarks.server_actions --servers 20 --concurrency 5 --hosts 3
"""

import argparse
import concurrent.futures
import json
import time

import requests

from benchmarks import cloud

VERSION = '2.90'
HEADERS = dict(cloud.HEADERS, **{'OpenStack-API-Version':
                                 'compute ' + VERSION})

# (name, [(action body, status to wait for)...]): every step of an
# action, timed as one.
ACTIONS = [
    ('stop_start', [({'os-stop': None}, 'SHUTOFF'),
                    ({'os-start': None}, 'ACTIVE')]),
    ('reboot_hard', [({'reboot': {'type': 'HARD'}}, 'ACTIVE')]),
    ('pause_unpause', [({'pause': None}, 'PAUSED'),
                       ({'unpause': None}, 'ACTIVE')]),
    ('resize_confirm', [({'resize': {'flavorRef': '84'}}, 'VERIFY_RESIZE'),
                        ({'confirmResize': None}, 'ACTIVE')]),
    ('migrate_confirm', [({'migrate': None}, 'VERIFY_RESIZE'),
                         ({'confirmResize': None}, 'ACTIVE')]),
    ('live_migrate', [({'os-migrateLive': {'host': None,
                                           'block_migration': 'auto'}},
                       'ACTIVE')]),
    ('shelve_unshelve', [({'shelve': None}, 'SHELVED_OFFLOADED'),
                         ({'unshelve': None}, 'ACTIVE')]),
]


def _status(session, base, server_id):
    return session.get('%s/servers/%s' % (base, server_id),
                       headers=HEADERS).json()['server']


def _wait(session, base, server_id, wanted, interval, timeout=120):
    deadline = time.time() + timeout
    # Every action sets its task_state before the API answers: done is the
    # wanted status with no task left.
    while time.time() < deadline:
        server = _status(session, base, server_id)
        if server['status'] == 'ERROR':
            raise RuntimeError('%s failed: %s' % (server_id,
                                                  server.get('fault')))
        if server['status'] == wanted and \
                server['OS-EXT-STS:task_state'] is None:
            return
        time.sleep(interval)
    raise RuntimeError('%s not %s in time' % (server_id, wanted))


def _act(base, interval, steps):
    def run(server_id):
        session = requests.Session()
        start = time.perf_counter()
        for body, wanted in steps:
            resp = session.post('%s/servers/%s/action' % (base, server_id),
                                headers=HEADERS, json=body)
            if resp.status_code >= 400:
                raise RuntimeError(resp.text)
            _wait(session, base, server_id, wanted, interval)
        return time.perf_counter() - start
    return run


def _boot(base, count, interval):
    session = requests.Session()
    image = session.get(base + '/images', params={
        'name': 'tiny-test-image'}, headers=dict(
            HEADERS, **{'OpenStack-API-Version': 'compute 2.35'})).json()[
                'images'][0]['id']
    resp = session.post(base + '/servers', headers=HEADERS, json={
        'server': {'name': 'act', 'flavorRef': '42', 'imageRef': image,
                   'networks': 'auto', 'min_count': count,
                   'max_count': count}})
    if resp.status_code != 202:
        raise RuntimeError(resp.text)
    servers = session.get(base + '/servers', headers=HEADERS,
                          params={'name': '^act'}).json()['servers']
    ids = [server['id'] for server in servers]
    for server_id in ids:
        _wait(session, base, server_id, 'ACTIVE', interval)
    return ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--servers', type=int, default=20)
    parser.add_argument('--concurrency', type=int, default=5)
    parser.add_argument('--hosts', type=int, default=3)
    parser.add_argument('--live-seconds', type=float, default=0.2)
    parser.add_argument('--poll-interval', type=float, default=0.05)
    args = parser.parse_args()

    conf = ('shelved_offload_time = 0\n[fake_driver]\n'
            'live_migration_seconds = %s\n'
            'live_migration_progress_interval = %s\n'
            '[quota]\ninstances = -1\ncores = -1\nram = -1\n'
            % (args.live_seconds, args.live_seconds / 2))
    # running() ends its file in [all_in_one]: open [DEFAULT] again.
    with cloud.running(args.hosts, '[DEFAULT]\n' + conf) as (proc, base, _):
        servers = _boot(base, args.servers, args.poll_interval)
        result = {'servers': args.servers, 'concurrency': args.concurrency,
                  'hosts': args.hosts, 'poll_interval_s': args.poll_interval}
        for name, steps in ACTIONS:
            wall = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(
                    args.concurrency) as pool:
                times = list(pool.map(
                    _act(base, args.poll_interval, steps), servers))
            result[name] = dict(cloud.percentiles(times), per_s=round(
                len(servers) / (time.perf_counter() - wall), 1))
        result['peak_rss_mb'] = round(cloud.rss_mb(proc.pid), 1)
        print(json.dumps(result))


if __name__ == '__main__':
    main()
