"""Makes the service objects of each binary, for one process or many."""

from compute.agent import manager as agent_manager
from compute.agent import rpcapi as agent_rpcapi
from compute.conductor import manager as conductor_manager
from compute.conductor import rpcapi as conductor_rpcapi
from compute.scheduler import manager as scheduler_manager
from compute.scheduler import rpcapi as scheduler_rpcapi
from compute import service

# Nova's binary names: clients and tempest look services up by them.
CONDUCTOR_BINARY = 'nova-conductor'
SCHEDULER_BINARY = 'nova-scheduler'
AGENT_BINARY = 'nova-compute'


def conductor(host):
    return service.Service(host, CONDUCTOR_BINARY, conductor_rpcapi.TOPIC,
                           conductor_manager.ConductorManager(),
                           service.DirectReporter())


def scheduler(host):
    return service.Service(host, SCHEDULER_BINARY, scheduler_rpcapi.TOPIC,
                           scheduler_manager.SchedulerManager(),
                           service.DirectReporter())


def agent(host):
    return service.Service(host, AGENT_BINARY, agent_rpcapi.TOPIC,
                           agent_manager.AgentManager(host),
                           service.ConductorReporter())
