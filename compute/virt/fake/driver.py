"""A simulated hypervisor with configurable resources ([fake_driver]).

Guests live in memory. Knobs for tests and benchmarks: an artificial spawn
delay (``[fake_driver] spawn_delay``), and build failures, either from
configuration (``[fake_driver] fail_builds = host:N,...``) or at run time
with ``fail_next_builds(n)``. A host's single node is named after the host.
"""

import json
import threading
import time

from oslo_utils import timeutils

from compute import conf as compute_conf
from compute import states
from compute.virt import driver

CONF = compute_conf.CONF

_CPU_INFO = {
    'arch': 'x86_64', 'model': 'Nehalem', 'vendor': 'Intel',
    'topology': {'cores': 1, 'threads': 1, 'sockets': 4},
    'features': ['pge', 'clflush'],
}


def _configured_failures(host):
    for item in CONF.fake_driver.fail_builds:
        name, _, count = item.partition(':')
        if name == host:
            return int(count or 1)
    return 0


class FakeDriver(driver.ComputeDriver):
    def __init__(self, host):
        super().__init__(host)
        self.started_at = time.time()
        self.guests = {}
        self._lock = threading.Lock()
        self._failures_left = _configured_failures(host)

    def init_host(self):
        self.started_at = time.time()

    def fail_next_builds(self, count):
        """Make the next ``count`` spawns on this host fail."""
        with self._lock:
            self._failures_left = count

    def get_nodenames(self):
        return [self.host]

    def get_available_resource(self, nodename):
        opts = CONF.fake_driver
        return {
            'vcpus': opts.vcpus, 'memory_mb': opts.memory_mb,
            'local_gb': opts.disk_gb, 'hypervisor_type': 'fake',
            'hypervisor_version': 1000,
            'cpu_info': json.dumps(_CPU_INFO), 'host_ip': '127.0.0.1',
            'disk_available_least': opts.disk_gb,
        }

    def get_host_uptime(self):
        up = int(time.time() - self.started_at)
        clock = time.strftime('%H:%M:%S')
        return (' %s up %d days, %2d:%02d,  1 users,  load average: 0.00, '
                '0.00, 0.00' % (clock, up // 86400, (up % 86400) // 3600,
                                (up % 3600) // 60))

    def spawn(self, instance, image, network_info, admin_password):
        with self._lock:
            if self._failures_left > 0:
                self._failures_left -= 1
                raise driver.BuildFailed(
                    'Injected build failure on %s' % self.host)
        if CONF.fake_driver.spawn_delay:
            time.sleep(CONF.fake_driver.spawn_delay)
        now = timeutils.utcnow().strftime('%Y-%m-%d %H:%M:%S')
        console = ['[%s] fake guest %s booting on %s' % (now, instance.uuid,
                                                          self.host),
                   'image: %s' % (image or {}).get('name', 'volume'),
                   '%s login:' % (instance.hostname or 'guest')]
        with self._lock:
            self.guests[instance.uuid] = {
                'power_state': states.RUNNING, 'console': console,
                'started': time.time(), 'vcpus': instance.vcpus,
                'memory_mb': instance.memory_mb,
                'nics': [vif.get('address') for vif in network_info]}

    def destroy(self, instance):
        with self._lock:
            self.guests.pop(instance.uuid, None)

    def _guest(self, instance):
        guest = self.guests.get(instance.uuid)
        if guest is None:
            raise driver.GuestNotFound(instance.uuid)
        return guest

    def get_power_state(self, instance):
        return self._guest(instance)['power_state']

    def list_instance_uuids(self):
        return list(self.guests)

    def power_off(self, instance):
        self._guest(instance)['power_state'] = states.SHUTDOWN

    def power_on(self, instance):
        self._guest(instance)['power_state'] = states.RUNNING

    def get_console_output(self, instance):
        return '\n'.join(self._guest(instance)['console']) + '\n'

    def get_diagnostics(self, instance):
        guest = self._guest(instance)
        running = guest['power_state'] == states.RUNNING
        return {
            'state': 'running' if running else 'shutdown',
            'driver': 'fake', 'hypervisor': 'fake',
            'hypervisor_os': 'fake-os', 'config_drive': False,
            'uptime': int(time.time() - guest['started']),
            'num_cpus': guest['vcpus'], 'num_nics': len(guest['nics']),
            'num_disks': 1,
            'cpu_details': [{'id': i, 'time': 0, 'utilisation': None}
                            for i in range(guest['vcpus'] or 0)],
            'nic_details': [{'mac_address': mac, 'rx_octets': 0,
                             'rx_errors': 0, 'rx_drop': 0, 'rx_packets': 0,
                             'rx_rate': None, 'tx_octets': 0,
                             'tx_errors': 0, 'tx_drop': 0, 'tx_packets': 0,
                             'tx_rate': None} for mac in guest['nics']],
            'disk_details': [{'read_bytes': 0, 'read_requests': 0,
                              'write_bytes': 0, 'write_requests': 0,
                              'errors_count': 0}],
            'memory_details': {'maximum': guest['memory_mb'] or 0,
                               'used': 0},
        }
