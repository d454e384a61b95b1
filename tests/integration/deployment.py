"""A scaled-out cloud made of real processes, for the integration tests.

``Deployment`` writes the configuration files of one deployment the way an
operator lays them out (settings every node shares, the controllers' database
URLs, the API's embedded placement, one file per hypervisor host), runs the
console scripts as subprocesses, each in a process group of its own with its
output in a log file, and waits on them and on the API.
"""

import configparser
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import requests

ADMIN_TOKEN = 'admin:admin'
# The databases of a deployment: compute's two, placement's and those of
# the built-in image and network services.
DATABASES = ('api', 'cell', 'placement', 'image', 'network')
REPORT_INTERVAL = 1
SERVICE_DOWN_TIME = 3
STOP_TIMEOUT = 20
COMMAND_TIMEOUT = 120
REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
UWSGI_INI = os.path.join(REPO, 'etc', 'compute', 'compute-api-uwsgi.ini')


def script_command(name):
    """The console script ``name`` installed beside this interpreter, else
    the same entry point run through the interpreter."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    if os.access(path, os.X_OK):
        return [path]
    module = 'compute.cmd.' + name.split('-', 1)[1]
    return [sys.executable, '-c',
            'import sys; from %s import main; sys.exit(main())' % module]


def uwsgi_command():
    """uwsgi beside this interpreter or on PATH, else None."""
    beside = os.path.join(os.path.dirname(sys.executable), 'uwsgi')
    return beside if os.access(beside, os.X_OK) else shutil.which('uwsgi')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def write_config(path, sections):
    """An oslo.config file from {section: {option: value}}."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    for section, options in sections.items():
        parser[section] = {k: str(v) for k, v in options.items()}
    with open(path, 'w') as out:
        parser.write(out)
    return str(path)


class Process:
    """One console script running in its own process group."""

    def __init__(self, name, argv, log_path, env=None):
        self.name = name
        self.log_path = log_path
        self.stopped = False
        with open(log_path, 'wb') as log:
            self.popen = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
                env=None if env is None else dict(os.environ, **env))

    def running(self):
        return self.popen.poll() is None

    def log(self):
        with open(self.log_path, errors='replace') as log:
            return log.read()

    def terminate(self):
        """Ask it to stop (SIGTERM); ``wait()`` for the outcome."""
        self.stopped = True
        if self.running():
            self.popen.send_signal(signal.SIGTERM)

    def wait(self, timeout=STOP_TIMEOUT):
        """The exit code, or None when still running after ``timeout``."""
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        """SIGTERM and wait: the exit code."""
        self.terminate()
        return self.wait()

    def kill(self):
        """SIGKILL its whole process group, children included, if it still
        runs (once reaped, its group id may belong to someone else)."""
        if self.running():
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


class Deployment:
    def __init__(self, workdir, transport_url, control_exchange, databases):
        """``databases``: URLs keyed by DATABASES."""
        self.workdir = workdir
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.processes = []
        self.agents = []
        # What every node has: the bus, liveness, where placement is.
        self.common_conf = write_config(workdir / 'compute.conf', {
            'DEFAULT': {
                'state_path': workdir / 'state',
                'host': 'controller',
                'transport_url': transport_url,
                'control_exchange': control_exchange,
                'report_interval': REPORT_INTERVAL,
                'service_down_time': SERVICE_DOWN_TIME,
                'rpc_response_timeout': 20,
                'osapi_compute_listen': '127.0.0.1',
                'osapi_compute_listen_port': self.port,
            },
            # Queues and exchanges go away with the processes (reply and
            # fanout queues a minute later): a later run on the same broker
            # starts from nothing.
            'oslo_messaging_rabbit': {'amqp_auto_delete': 'true',
                                      'rabbit_transient_queues_ttl': 60},
            'placement': {'embedded': 'false',
                          'endpoint_override': self.url + '/placement'},
        })
        # Only controllers (API, conductor, scheduler) reach the databases.
        # The built-in image and network services keep theirs where both
        # the API (/image, /networking, checks at create) and the conductor
        # (ports of new servers) find them.
        self.controller_conf = write_config(workdir / 'controller.conf', {
            'database': {'connection': databases['cell']},
            'api_database': {'connection': databases['api']},
            'image': {'connection': databases['image'],
                      'images_path': workdir / 'images'},
            'network': {'connection': databases['network']},
        })
        self.api_conf = write_config(workdir / 'api.conf', {
            'placement': {'embedded': 'true',
                          'connection': databases['placement']},
        })

    @staticmethod
    def _config_args(*files):
        args = []
        for path in files:
            args += ['--config-file', path]
        return args

    def controller_args(self):
        return self._config_args(self.common_conf, self.controller_conf)

    def run(self, script, *args):
        """Run a command to completion: (exit code, stdout, stderr)."""
        done = subprocess.run(
            script_command(script) + self.controller_args() + list(args),
            capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
        return done.returncode, done.stdout, done.stderr

    def _spawn(self, name, argv, env=None):
        process = Process(name, argv, self.workdir / ('%s.log' % name), env)
        self.processes.append(process)
        return process

    def start(self, script, config_args, name=None):
        return self._spawn(name or script,
                           script_command(script) + config_args)

    def start_api(self):
        return self.start('compute-api', self.controller_args() +
                          self._config_args(self.api_conf))

    def start_wsgi_api(self):
        """The API's WSGI module in a WSGI server: uwsgi with the shipped
        ini when uwsgi is installed, else waitress. Returns (process, URL).
        """
        port = free_port()
        env = {'COMPUTE_CONFIG_FILE': os.pathsep.join(
            [self.common_conf, self.controller_conf, self.api_conf])}
        uwsgi = uwsgi_command()
        if uwsgi:
            with open(UWSGI_INI) as ini:
                text = re.sub(r'(?m)^http-socket = .*$',
                              'http-socket = 127.0.0.1:%d' % port,
                              ini.read())
            # One worker: once it answers, it is ready. A worker still
            # loading the application when SIGTERM comes keeps uWSGI from
            # exiting.
            text = re.sub(r'(?m)^processes = .*$', 'processes = 1', text)
            ini_path = self.workdir / 'compute-api-uwsgi.ini'
            ini_path.write_text(text)
            argv = [uwsgi, '--ini', str(ini_path)]
        else:
            argv = [sys.executable, '-m', 'waitress',
                    '--listen=127.0.0.1:%d' % port,
                    'compute.wsgi.api:application']
        process = self._spawn('wsgi-api', argv, env)
        return process, 'http://127.0.0.1:%d' % port

    def start_controller(self, script):
        return self.start(script, self.controller_args())

    def start_agent(self, host):
        """An agent with nothing but the shared settings and its host name:
        no database, placement over HTTP."""
        host_conf = write_config(self.workdir / ('%s.conf' % host),
                                 {'DEFAULT': {'host': host}})
        agent = self.start('compute-agent',
                           self._config_args(self.common_conf, host_conf),
                           name=host)
        self.agents.append(agent)
        return agent

    def request(self, method, path, body=None, token=ADMIN_TOKEN,
                version=None, url=None):
        """A call to the API as ``token`` (noauth2 '<user>:<project>'),
        at compute microversion ``version`` when given."""
        headers = {'X-Auth-Token': token}
        if version:
            headers['OpenStack-API-Version'] = 'compute %s' % version
        return requests.request(method, (url or self.url) + path, json=body,
                                headers=headers, timeout=10)

    def get(self, path, url=None, **kwargs):
        """The body of a successful GET."""
        resp = self.request('GET', path, url=url, **kwargs)
        resp.raise_for_status()
        return resp.json()

    def wait_until(self, what, predicate, timeout):
        """Poll ``predicate`` until it returns something true; fail with
        ``what`` (and the last value seen) after ``timeout`` seconds or as
        soon as a process has died."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            dead = [p.name for p in self.processes
                    if not p.stopped and not p.running()]
            if dead:
                raise AssertionError('%s exited while waiting for %s'
                                     % (', '.join(dead), what))
            last = predicate()
            if last:
                return last
            if time.monotonic() > deadline:
                raise AssertionError('no %s after %ss (last: %r)'
                                     % (what, timeout, last))
            time.sleep(0.25)

    def wait_for_api(self, timeout, url=None):
        url = url or self.url

        def answers():
            try:
                return requests.get(url + '/', timeout=2).ok
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or still loading the application.
                return False
        self.wait_until('API on %s' % url, answers, timeout)

    def wait_for_log(self, process, text, timeout):
        self.wait_until('"%s" in the log of %s' % (text, process.name),
                        lambda: text in process.log(), timeout)

    @staticmethod
    def _stop_together(processes):
        processes = [p for p in processes if not p.stopped]
        for process in processes:
            process.terminate()
        return {p.name: p.wait() for p in processes}

    def stop_all(self):
        """Stop the agents, then the rest, as an operator would:
        {name: exit code} of what was still to stop."""
        codes = self._stop_together(self.agents)
        codes.update(self._stop_together(self.processes))
        return codes

    def kill_all(self):
        for process in self.processes:
            process.kill()

    def logs(self):
        return '\n'.join('===== %s (exit code %s) =====\n%s' % (
            p.name, p.popen.returncode, p.log()) for p in self.processes)

    def _host_conf(self, host, sections=None):
        """A configuration file of node ``host``: its name and
        ``sections`` ({section: {option: value}}) of its own."""
        sections = dict(sections or {})
        sections['DEFAULT'] = dict(sections.get('DEFAULT', {}), host=host)
        return write_config(self.workdir / ('%s.conf' % host), sections)

    def start_controller_on(self, script, host):
        """``script`` as a controller process on another controller node
        named ``host`` (a second scheduler or conductor, say); its log is
        '<script>-<host>.log'."""
        return self.start(script, self.controller_args() +
                          self._config_args(self._host_conf(host)),
                          name='%s-%s' % (script, host))

    def start_agent_with(self, host, sections):
        """An agent like ``start_agent``'s with settings of its own, e.g.
        {'fake_driver': {'vcpus': 2}} for the size of its fake host."""
        agent = self.start('compute-agent', self._config_args(
            self.common_conf, self._host_conf(host, sections)), name=host)
        self.agents.append(agent)
        return agent
