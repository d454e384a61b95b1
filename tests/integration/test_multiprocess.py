"""The scaled-out deployment: every service a process of its own.

compute-manage makes the schemas; compute-api (with the embedded placement),
compute-conductor, compute-scheduler and two compute-agents talk over
RabbitMQ, on MariaDB and on PostgreSQL. The agents reach placement over HTTP
and the databases only through the conductor. An agent stopped with SIGTERM
exits cleanly and is reported down once service_down_time has passed.
"""

import json

import pytest

from tests.integration import deployment as deployment_mod

pytestmark = pytest.mark.integration

AGENTS = ('agent1', 'agent2')
START_TIMEOUT = 60
DOWN_TIMEOUT = deployment_mod.SERVICE_DOWN_TIME + 15


def _compute_states(cloud, url=None):
    services = cloud.get('/v2.1/os-services', url=url)['services']
    return {s['host']: s['state'] for s in services
            if s['binary'] == 'nova-compute'}


def _states_are(cloud, expected):
    states = _compute_states(cloud)
    return states if states == expected else None


def _upgrade_check(cloud):
    code, out, err = cloud.run('compute-status', 'upgrade', 'check',
                               '--json')
    assert out, err
    return code, {c['check']: c['result'] for c in json.loads(out)['checks']}


def _sync_schemas(cloud):
    for category in ('api_db', 'db'):
        code, _, err = cloud.run('compute-manage', category, 'sync')
        assert code == 0, err
        code, out, err = cloud.run('compute-manage', category, 'version')
        assert code == 0, err
        assert out.strip() not in ('', 'None')


def _start_controllers(cloud):
    cloud.start_api()
    services = [cloud.start_controller('compute-conductor'),
                cloud.start_controller('compute-scheduler')]
    cloud.wait_for_api(START_TIMEOUT)
    for process in services:
        cloud.wait_for_log(process, 'started on controller', START_TIMEOUT)


def _check_wsgi_api(cloud):
    """compute.wsgi.api:application in a WSGI server sees the same cloud."""
    process, url = cloud.start_wsgi_api()
    cloud.wait_for_api(START_TIMEOUT, url=url)
    assert _compute_states(cloud, url) == dict.fromkeys(AGENTS, 'up')
    # The server's own business how it exits; it must exit.
    assert process.stop() is not None


@pytest.mark.parametrize('backend', ['mysql', 'postgresql'])
def test_services_in_separate_processes(deployment):
    cloud = deployment
    _sync_schemas(cloud)
    _start_controllers(cloud)
    code, checks = _upgrade_check(cloud)
    assert (code, checks['Compute agents']) == (1, 1), checks

    agents = {host: cloud.start_agent(host) for host in AGENTS}
    # Started: registered, compute node and resource provider reported.
    for host, process in agents.items():
        cloud.wait_for_log(process, 'started on %s' % host, START_TIMEOUT)
    cloud.wait_until('both agents up',
                     lambda: _states_are(cloud, dict.fromkeys(AGENTS, 'up')),
                     START_TIMEOUT)
    providers = cloud.get('/placement/resource_providers')
    assert sorted(p['name'] for p in providers['resource_providers']) == \
        list(AGENTS)
    hypervisors = cloud.get('/v2.1/os-hypervisors')['hypervisors']
    assert sorted(h['hypervisor_hostname'] for h in hypervisors) == \
        list(AGENTS)
    code, checks = _upgrade_check(cloud)
    assert code == 0, checks
    _check_wsgi_api(cloud)

    assert agents['agent1'].stop() == 0
    cloud.wait_until('agent1 down',
                     lambda: _states_are(cloud, {'agent1': 'down',
                                                 'agent2': 'up'}),
                     DOWN_TIMEOUT)

    assert cloud.stop_all() == {'agent2': 0, 'compute-scheduler': 0,
                                'compute-conductor': 0, 'compute-api': 0}
