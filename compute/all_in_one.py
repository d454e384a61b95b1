"""The all-in-one cloud: API, conductor, scheduler and N agents in one process.

Used by ``compute-all`` and by the functional tests. ``prepare()`` creates
what a first start needs (schemas, default flavors, placement), ``start()``
runs the services and the API server, ``stop()`` undoes it.
"""

import logging
import os
import threading

from compute.api import app as api_app
from compute import clouds_yaml
from compute import conf as compute_conf
from compute.db import migration
from compute import services_builder

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


def agent_hosts():
    prefix = CONF.all_in_one.agent_host_prefix
    return ['%s%d' % (prefix, i + 1)
            for i in range(CONF.all_in_one.agent_count)]


def prepare():
    """Schemas, default flavors and the embedded placement."""
    os.makedirs(CONF.state_path, exist_ok=True)
    migration.sync('api')
    migration.sync('cell')
    from compute.db import flavors
    flavors.ensure_default_flavors()
    prepare_local_services()


def prepare_local_services():
    """The default image and network of the built-in image and network
    services, when they are the configured back ends (a no-op once they
    exist)."""
    if CONF.image.backend == 'local':
        from compute.image import local as image_local
        image_local.ensure_default_image()
    if CONF.network.backend == 'local':
        from compute.network import local as network_local
        network_local.ensure_default_network()


def mounts():
    """Services served beside the API on its port."""
    result = []
    if CONF.api.auth_strategy == 'noauth2':
        from compute.identity import app as identity_app
        result.append(('/identity', identity_app.application))
    if CONF.image.backend == 'local':
        from compute.image import wsgi as image_wsgi
        result.append(('/image', image_wsgi.application))
    if CONF.network.backend == 'local':
        from compute.network import wsgi as network_wsgi
        result.append(('/networking', network_wsgi.application))
    if CONF.placement.embedded:
        from compute.placement import embedded
        result.append(('/placement', embedded.get_app()))
    return result


def build_api():
    return api_app.build(CONF, mounts())


def make_server(app):
    from waitress import server as waitress_server
    return waitress_server.create_server(
        app, host=CONF.osapi_compute_listen,
        port=CONF.osapi_compute_listen_port,
        threads=CONF.osapi_compute_workers, clear_untrusted_proxy_headers=True,
        max_request_body_size=CONF.image.image_size_cap, ident='compute')


class AllInOne:
    def __init__(self):
        self.services = []
        self.server = None
        self._server_thread = None

    def start(self, serve_in_thread=True):
        prepare()
        app = build_api()
        self.services = [services_builder.conductor(CONF.host),
                         services_builder.scheduler(CONF.host)]
        self.services += [services_builder.agent(h) for h in agent_hosts()]
        # The conductor first: agents register through it.
        for svc in self.services:
            svc.start()
        self.server = make_server(app)
        url = 'http://%s:%s' % (CONF.osapi_compute_listen,
                                self.server.effective_port)
        if CONF.all_in_one.write_clouds_yaml:
            path = clouds_yaml.write(url)
            LOG.info('clouds.yaml for this cloud: %s', path)
        LOG.info('compute-all ready: compute API at %s/v2.1, placement API '
                 'at %s/placement, %d agent(s): %s', url, url,
                 len(agent_hosts()), ', '.join(agent_hosts()))
        if serve_in_thread:
            self._server_thread = threading.Thread(
                target=self.server.run, name='api-server', daemon=True)
            self._server_thread.start()
        return url

    def serve_forever(self):
        try:
            self.server.run()
        finally:
            self.stop()

    def stop(self):
        if self.server is not None:
            self.server.close()
        for svc in reversed(self.services):
            svc.stop()
        self.services = []
