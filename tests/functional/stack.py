"""Starting and stopping the in-process all-in-one cloud for tests."""

from compute import all_in_one
from compute import conf as compute_conf
from compute.db import session
from compute.image import local as image_local
from compute.network import local as network_local
from compute.placement import client as placement_client
from compute import policy
from compute import rpc

CONF = compute_conf.CONF

DEFAULT_OVERRIDES = {
    ('all_in_one', 'agent_count'): 3,
    ('DEFAULT', 'osapi_compute_listen_port'): 0,
    ('DEFAULT', 'host'): 'controller',
    ('DEFAULT', 'report_interval'): 1,
}


class Stack:
    def __init__(self, state_path, overrides=None):
        self.state_path = str(state_path)
        self.overrides = dict(DEFAULT_OVERRIDES, **(overrides or {}))
        self.cloud = None
        self.url = None

    def start(self):
        CONF([], project='compute', default_config_files=[],
             default_config_dirs=[])
        CONF.set_override('state_path', self.state_path)
        for (group, name), value in self.overrides.items():
            CONF.set_override(name, value,
                              group=None if group == 'DEFAULT' else group)
        self.cloud = all_in_one.AllInOne()
        self.url = self.cloud.start(serve_in_thread=True)
        return self.url

    def agent(self, host):
        """The agent manager on ``host`` (to run its periodic tasks)."""
        for svc in self.cloud.services:
            if svc.binary == 'nova-compute' and svc.host == host:
                return svc.manager
        raise KeyError(host)

    def driver(self, host):
        """The virt driver of the agent on ``host`` (for its test knobs)."""
        return self.agent(host).driver

    def stop(self):
        self.cloud.stop()
        rpc.cleanup()
        session.dispose()
        image_local.dispose()
        network_local.dispose()
        placement_client.reset()
        policy.reset()
        CONF.reset()
        CONF.clear_override('state_path')
