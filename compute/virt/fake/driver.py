"""A simulated hypervisor with configurable resources ([fake_driver]).

Guests live in memory. Knobs for tests and benchmarks: an artificial spawn
delay (``[fake_driver] spawn_delay``), and build failures, either from
configuration (``[fake_driver] fail_builds = host:N,...``) or at run time
with ``fail_next_builds(n)``. A host's single node is named after the host.

NUMA cells and PCI devices (``[fake_driver] numa_cells`` / ``pci_devices``,
or per host ``hardware.configure(...)``) are claimed by guests as they are
created (see compute.virt.fake.hardware): a guest that does not fit fails
its build. ``metrics`` ({name: value}) are the metrics the host reports
as a compute monitor would (for MetricsFilter / MetricsWeigher).

A live migration copies for ``[fake_driver] live_migration_seconds``,
reporting memory and disk counters every ``[fake_driver]
live_migration_progress_interval`` seconds, unless forced to complete or
aborted; ``fail_next_live_migrations(n)`` makes the next ones fail
half-way.

Each host keeps an image cache: ``cached_images``, the ids of the images
``cache_image`` fetched from the image service (each once).
"""

import io
import json
import threading
import time

from oslo_utils import timeutils

from compute import conf as compute_conf
from compute.image import api as image_api
from compute import states
from compute.virt import driver
from compute.virt.fake import hardware as fake_hardware

CONF = compute_conf.CONF

_CPU_INFO = {
    'arch': 'x86_64', 'model': 'Nehalem', 'vendor': 'Intel',
    'topology': {'cores': 1, 'threads': 1, 'sockets': 4},
    'features': ['pge', 'clflush'],
}


# Bytes read at a time when fetching an image into the cache.
_CHUNK = 64 * 1024


class ImageHasNoData(Exception):
    """The image has no data (yet) to cache."""

    def __init__(self, image_id):
        super().__init__('Image %s has no data.' % image_id)


def _configured_failures(host):
    for item in CONF.fake_driver.fail_builds:
        name, _, count = item.partition(':')
        if name == host:
            return int(count or 1)
    return 0


class FakeDriver(driver.ComputeDriver):
    # As a libvirt/KVM host: raw, qcow2 and ISO images and the legacy
    # kernel/ramdisk formats, tagging, interface attach, trusted certs.
    capabilities = {
        'supports_image_type_raw': True,
        'supports_image_type_qcow2': True,
        'supports_image_type_iso': True,
        'supports_image_type_aki': True,
        'supports_image_type_ami': True,
        'supports_image_type_ari': True,
        'supports_image_type_vhd': False,
        'supports_image_type_vhdx': False,
        'supports_image_type_vmdk': False,
        'supports_image_type_vdi': False,
        'supports_image_type_ploop': False,
        'supports_attach_interface': True,
        'supports_device_tagging': True,
        'supports_tagged_attach_interface': True,
        'supports_trusted_certs': True,
    }

    def __init__(self, host):
        super().__init__(host)
        self.started_at = time.time()
        self.guests = {}
        self._lock = threading.Lock()
        self._failures_left = _configured_failures(host)
        # Live migration: guests being received, outgoing transfers.
        self.incoming = {}
        self._transfers = {}
        self._live_failures_left = 0
        # Resize / cold migration: originals kept on the source until
        # confirm or revert; injected failures per step.
        self.resize_sources = {}
        self._move_failures = {}
        # NUMA cells and PCI devices; claims of guests being spawned.
        self.hardware = fake_hardware.FakeHardware()
        self._spawning = {}
        self.metrics = {}
        # Image ids fetched into this host's image cache.
        self.cached_images = set()
        self._cache_lock = threading.Lock()

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
        with self._lock:
            claims = self._claims()
        return dict(self.hardware.resources(opts.vcpus, opts.memory_mb,
                                            claims),
                    local_gb=opts.disk_gb, hypervisor_type='fake',
                    hypervisor_version=1000,
                    cpu_info=json.dumps(_CPU_INFO), host_ip='127.0.0.1',
                    disk_available_least=opts.disk_gb,
                    metrics=self._metrics())

    def _metrics(self):
        now = timeutils.utcnow().isoformat()
        return json.dumps([{'name': name, 'value': value, 'timestamp': now,
                            'source': 'fake'}
                           for name, value in sorted(self.metrics.items())])

    def _claims(self):
        """[(instance uuid, claim)] of every guest holding hardware here
        (call with the lock held)."""
        held = [(uuid, guest[fake_hardware.CLAIM])
                for records in (self.guests, self.resize_sources)
                for uuid, guest in records.items()
                if guest.get(fake_hardware.CLAIM)]
        return held + list(self._spawning.items())

    def _claim(self, flavor, image_props):
        """A new guest's NUMA and PCI claim; ValueError when it does not
        fit."""
        with self._lock:
            return self.hardware.claim(flavor, image_props, self._claims())

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
            try:
                self._spawning[instance.uuid] = self.hardware.claim(
                    instance.flavor, (image or {}).get('properties') or {},
                    self._claims())
            except ValueError as err:
                raise driver.BuildFailed('%s on %s' % (err, self.host))
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
                'nics': [vif.get('address') for vif in network_info],
                # None when the guest was destroyed while it spawned.
                fake_hardware.CLAIM: self._spawning.pop(instance.uuid, None)}

    def destroy(self, instance):
        with self._lock:
            self.guests.pop(instance.uuid, None)
            self._spawning.pop(instance.uuid, None)

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

    def snapshot(self, instance, update_task_state):
        """A raw image of the guest: a few bytes naming it (failures are
        injected with ``fail_next_action('snapshot', error)``)."""
        update_task_state(states.IMAGE_PENDING_UPLOAD)
        self._act(instance, 'snapshot', line='snapshot taken')
        data = ('fake root disk of guest %s on %s\n'
                % (instance.uuid, self.host)).encode()
        update_task_state(states.IMAGE_UPLOADING,
                          expected_state=states.IMAGE_PENDING_UPLOAD)
        return 'raw', 'bare', io.BytesIO(data)

    # Power and state actions. Each leaves a console line; the guest dict
    # keeps 'rescue' (image id, password) while rescued and the
    # 'admin_password' last set. ``fail_next_action(name, error)`` makes
    # the next call of action ``name`` ('reboot', 'pause', ...,
    # 'set_admin_password') raise ``error`` before it changes anything;
    # ``hold_next_action(name)`` makes it wait until the event it returns
    # is set (to see the server's states while the hypervisor works).

    def fail_next_action(self, name, error):
        with self._lock:
            self.__dict__.setdefault('_action_failures', {})[name] = error

    def hold_next_action(self, name):
        gate = threading.Event()
        with self._lock:
            self.__dict__.setdefault('_action_gates', {})[name] = gate
        return gate

    def _act(self, instance, name, power_state=None, line=None):
        """The guest after action ``name``: an injected failure raised,
        its power state set, ``line`` (or the action's name) logged."""
        with self._lock:
            gate = self.__dict__.get('_action_gates', {}).pop(name, None)
        if gate is not None:
            gate.wait(60)
        with self._lock:
            error = self.__dict__.get('_action_failures', {}).pop(name, None)
            if error is not None:
                raise error
            guest = self._guest(instance)
            if power_state is not None:
                guest['power_state'] = power_state
            guest['console'].append(line or name)
            return guest

    def reboot(self, instance, network_info, reboot_type):
        self._act(instance, 'reboot', states.RUNNING,
                  'reboot (%s)' % reboot_type)

    def pause(self, instance):
        self._act(instance, 'pause', states.PAUSED_POWER)

    def unpause(self, instance):
        self._act(instance, 'unpause', states.RUNNING)

    def suspend(self, instance):
        self._act(instance, 'suspend', states.SUSPENDED_POWER)

    def resume(self, instance, network_info):
        self._act(instance, 'resume', states.RUNNING)

    def rescue(self, instance, network_info, image, rescue_password):
        guest = self._act(instance, 'rescue', states.RUNNING,
                          'rescue from image %s' % image['id'])
        guest['rescue'] = {'image': image['id'],
                           'password': rescue_password}

    def unrescue(self, instance):
        self._act(instance, 'unrescue', states.RUNNING).pop('rescue', None)

    def trigger_crash_dump(self, instance):
        self._act(instance, 'trigger_crash_dump',
                  line='NMI received: crash dump triggered')

    def inject_network_info(self, instance, network_info):
        guest = self._act(instance, 'inject_network_info',
                          line='network info injected')
        guest['nics'] = [vif.get('address') for vif in network_info]

    def set_admin_password(self, instance, new_pass):
        guest = self._act(instance, 'set_admin_password',
                          line='admin password changed')
        guest['admin_password'] = new_pass

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

    # Live migration, taking ``[fake_driver] live_migration_seconds``.

    def fail_next_live_migrations(self, count):
        """Make the next ``count`` live migrations from this host fail
        half-way."""
        with self._lock:
            self._live_failures_left = count

    def pre_live_migration(self, instance, block_migration):
        with self._lock:
            self.incoming[instance.uuid] = {
                'block_migration': block_migration}

    def live_migration(self, instance, dest, block_migration, on_progress):
        guest = self._guest(instance)
        transfer = _Transfer()
        with self._lock:
            self._transfers[instance.uuid] = transfer
            failing = self._live_failures_left > 0
            if failing:
                self._live_failures_left -= 1
        try:
            self._copy(instance, transfer, block_migration, on_progress,
                       failing)
        finally:
            with self._lock:
                self._transfers.pop(instance.uuid, None)
        data = dict(guest, console=list(guest['console']))
        data['console'].append('live-migrated from %s to %s'
                               % (self.host, dest))
        return data

    def _copy(self, instance, transfer, block_migration, on_progress,
              failing):
        opts = CONF.fake_driver
        memory = (instance.memory_mb or 0) * 1024 * 1024
        # Fake hosts share no storage: 'auto' (None) copies the disks.
        copy_disks = block_migration is None or block_migration
        disk = ((instance.root_gb or 0) + (instance.ephemeral_gb or 0)) \
            * 1024 ** 3 if copy_disks else 0
        started = time.monotonic()
        while True:
            elapsed = time.monotonic() - started
            done = transfer.force or elapsed >= opts.live_migration_seconds
            share = 1.0 if done else elapsed / opts.live_migration_seconds
            on_progress(_counters(memory, disk, share))
            if transfer.abort:
                raise driver.LiveMigrationAborted(instance.uuid)
            if instance.uuid not in self.guests:
                raise driver.LiveMigrationFailed(
                    'Guest %s vanished from %s' % (instance.uuid, self.host))
            if failing and (done or share >= 0.5):
                raise driver.LiveMigrationFailed(
                    'Injected live migration failure on %s' % self.host)
            if done:
                return
            transfer.wake.wait(opts.live_migration_progress_interval)
            transfer.wake.clear()

    def _signal(self, instance, request):
        """Pass ``request`` to the running transfer (none: too late)."""
        with self._lock:
            transfer = self._transfers.get(instance.uuid)
            if transfer is None:
                return
            setattr(transfer, request, True)
        transfer.wake.set()

    def live_migration_force_complete(self, instance):
        self._signal(instance, 'force')

    def live_migration_abort(self, instance):
        self._signal(instance, 'abort')

    def post_live_migration_at_destination(self, instance, migrate_data):
        data = dict(migrate_data)
        # The source's claim does not hold here: claim again (the guest
        # runs anyway when it does not fit, as it already moved).
        try:
            data[fake_hardware.CLAIM] = self._claim(
                instance.flavor, fake_hardware.image_properties(instance))
        except ValueError:
            data[fake_hardware.CLAIM] = None
        with self._lock:
            self.incoming.pop(instance.uuid, None)
            self.guests[instance.uuid] = data

    def rollback_live_migration_at_destination(self, instance):
        with self._lock:
            self.incoming.pop(instance.uuid, None)


    # Resize and cold migration. ``fail_next_move_step(step)`` makes the
    # next call of that step ('migrate_disk_and_power_off',
    # 'finish_migration', 'confirm_migration', 'finish_revert_migration')
    # fail before it changes anything.

    def fail_next_move_step(self, step, count=1):
        with self._lock:
            self._move_failures[step] = count

    def _maybe_fail_move(self, step):
        with self._lock:
            if self._move_failures.get(step, 0) > 0:
                self._move_failures[step] -= 1
                raise RuntimeError('Injected %s failure on %s'
                                   % (step, self.host))

    def migrate_disk_and_power_off(self, instance, dest, flavor):
        self._maybe_fail_move('migrate_disk_and_power_off')
        if flavor['root_gb'] < (instance.root_gb or 0):
            # As libvirt answers: disks only grow.
            raise RuntimeError('Resize error: Unable to resize disk down.')
        with self._lock:
            guest = self._guest(instance)
            guest['power_state'] = states.SHUTDOWN
            guest['console'].append('powered off, disks sent to %s for '
                                    'flavor %s' % (dest, flavor['name']))
            self.resize_sources[instance.uuid] = self.guests.pop(
                instance.uuid)

    def finish_migration(self, instance, flavor, network_info, power_on):
        self._maybe_fail_move('finish_migration')
        try:
            claim = self._claim(flavor,
                                fake_hardware.image_properties(instance))
        except ValueError as err:
            raise RuntimeError('Resize error: %s on %s' % (err, self.host))
        console = ['guest %s moved to %s with flavor %s'
                   % (instance.uuid, self.host, flavor['name'])]
        with self._lock:
            self.guests[instance.uuid] = {
                'power_state': states.RUNNING if power_on
                else states.SHUTDOWN,
                'console': console, 'started': time.time(),
                'vcpus': flavor['vcpus'], 'memory_mb': flavor['memory_mb'],
                'nics': [vif.get('address') for vif in network_info],
                fake_hardware.CLAIM: claim}

    def confirm_migration(self, instance):
        self._maybe_fail_move('confirm_migration')
        with self._lock:
            self.resize_sources.pop(instance.uuid, None)

    def finish_revert_migration(self, instance, power_on):
        self._maybe_fail_move('finish_revert_migration')
        with self._lock:
            guest = self.resize_sources.pop(instance.uuid, None)
            if guest is None:
                raise driver.GuestNotFound(instance.uuid)
            guest['power_state'] = states.RUNNING if power_on \
                else states.SHUTDOWN
            guest['console'].append('move reverted, guest back on %s'
                                    % self.host)
            self.guests[instance.uuid] = guest

    # Image pre-caching.

    def cache_image(self, context, image_id):
        """Read the image's data from the image service into the cache
        (once; ImageHasNoData while it has none)."""
        with self._cache_lock:
            if image_id in self.cached_images:
                return False
            path = image_api.get_image_api().download(context, image_id)
            if path is None:
                raise ImageHasNoData(image_id=image_id)
            with open(path, 'rb') as data:
                while data.read(_CHUNK):
                    pass
            self.cached_images.add(image_id)
            return True


class _Transfer:
    """An outgoing live migration and what the operator asked of it."""

    def __init__(self):
        self.wake = threading.Event()
        self.force = False
        self.abort = False


def _counters(memory, disk, share):
    """Progress counters of a copy ``share`` (0..1) done."""
    memory_done = int(memory * share)
    disk_done = int(disk * share)
    return {'memory_total': memory, 'memory_processed': memory_done,
            'memory_remaining': memory - memory_done,
            'disk_total': disk, 'disk_processed': disk_done,
            'disk_remaining': disk - disk_done}
