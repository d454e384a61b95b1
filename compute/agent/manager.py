"""Server side of the compute agent's RPC API and its periodic work."""

import logging

import oslo_messaging as messaging

from compute.agent import resource_tracker
from compute.agent import rpcapi
from compute import conf as compute_conf
from compute.virt import driver as virt_driver

CONF = compute_conf.CONF
LOG = logging.getLogger(__name__)


class AgentManager:
    target = messaging.Target(version=rpcapi.VERSION)

    def __init__(self, host, driver=None):
        self.host = host
        self.driver = driver or virt_driver.load_driver(
            CONF.compute_driver, host)
        self.service = None
        self.tracker = resource_tracker.ResourceTracker(host, self.driver)

    def init_host(self):
        self.driver.init_host()
        self.update_available_resource()

    def periodic_tasks(self):
        return [(CONF.update_resources_interval,
                 self.update_available_resource)]

    def update_available_resource(self):
        self.tracker.update(self.service.id)

    # RPC methods

    def get_host_uptime(self, context):
        return self.driver.get_host_uptime()
