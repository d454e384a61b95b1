"""A simulated hypervisor with configurable resources ([fake_driver]).

It keeps its guests in memory; a host's single node is named after the host.
"""

import json
import time

from compute import conf as compute_conf
from compute.virt import driver

CONF = compute_conf.CONF

_CPU_INFO = {
    'arch': 'x86_64', 'model': 'Nehalem', 'vendor': 'Intel',
    'topology': {'cores': 1, 'threads': 1, 'sockets': 4},
    'features': ['pge', 'clflush'],
}


class FakeDriver(driver.ComputeDriver):
    def __init__(self, host):
        super().__init__(host)
        self.started_at = time.time()
        self.guests = {}

    def init_host(self):
        self.started_at = time.time()

    def get_nodenames(self):
        return [self.host]

    def get_available_resource(self, nodename):
        opts = CONF.fake_driver
        return {
            'vcpus': opts.vcpus, 'memory_mb': opts.memory_mb,
            'local_gb': opts.disk_gb, 'vcpus_used': 0, 'memory_mb_used': 0,
            'local_gb_used': 0, 'hypervisor_type': 'fake',
            'hypervisor_version': 1000,
            'cpu_info': json.dumps(_CPU_INFO), 'host_ip': '127.0.0.1',
            'disk_available_least': opts.disk_gb,
            'running_vms': len(self.guests),
        }

    def get_host_uptime(self):
        up = int(time.time() - self.started_at)
        clock = time.strftime('%H:%M:%S')
        return (' %s up %d days, %2d:%02d,  1 users,  load average: 0.00, '
                '0.00, 0.00' % (clock, up // 86400, (up % 86400) // 3600,
                                (up % 3600) // 60))
