"""Events other services send about servers (POST
/os-server-external-events): which are accepted, and their delivery to
the agents of the servers' hosts.

An event for an unknown server fails with 404, one without the tag its
name needs with 400, one for a server no host runs with 422; the others
are accepted (200) and cast to every host the server is on (its host,
and both ends of a move in flight). ``volume-extended`` and
``power-update`` are instance actions the owner can follow
(``extend_volume``, ``start`` / ``stop``).
"""

import collections
import logging

from compute.agent import rpcapi as agent_rpcapi
from compute.db import instance_actions
from compute.db import instance_list
from compute.db import migration_records
from compute import exception
from compute.objects import migration as migration_obj

LOG = logging.getLogger(__name__)

POWER_ON = 'POWER_ON'
POWER_OFF = 'POWER_OFF'
# Events that name what they are about in their tag.
_TAG_REQUIRED = ('volume-extended', 'volume-reimaged')
_POWER_ACTIONS = {POWER_ON: 'start', POWER_OFF: 'stop'}
# A move in flight: its hosts get the server's events too.
_MOVING = (migration_obj.PRE_MIGRATING, migration_obj.MIGRATING,
           migration_obj.POST_MIGRATING, migration_obj.FINISHED,
           migration_obj.RUNNING, migration_obj.PREPARING,
           migration_obj.QUEUED, migration_obj.ACCEPTED,
           migration_obj.CONFIRMING, migration_obj.REVERTING)


class NoInstancesForEvents(exception.NotFound):
    msg_fmt = 'No instances found for any event'


def _instances(uuids):
    found = instance_list.get_instances(
        {'uuid': sorted(uuids), 'deleted': False}, ['id'], ['asc'])
    return {instance.uuid: instance for instance in found}


def _hosts(instance):
    hosts = [instance.host]
    migration = migration_records.latest_for_instance(instance.uuid,
                                                      statuses=_MOVING)
    if migration is not None:
        hosts += [host for host in (migration.source_compute,
                                    migration.dest_compute)
                  if host and host not in hosts]
    return hosts


def _judge(event, instance):
    """(code, status) of one event."""
    if instance is None:
        return 404, 'failed'
    if event['name'] in _TAG_REQUIRED and event.get('tag') is None:
        return 400, 'failed'
    if not instance.host:
        return 422, 'failed'
    return 200, 'completed'


def _record_action(context, event):
    """The instance action an event starts; False for a power-update
    whose tag is no power state (Nova skips it)."""
    if event['name'] == 'volume-extended':
        instance_actions.action_start(context, event['server_uuid'],
                                      'extend_volume')
    elif event['name'] == 'power-update':
        action = _POWER_ACTIONS.get(event.get('tag'))
        if action is None:
            LOG.warning('Invalid power state %s: skipping event %s',
                        event.get('tag'), event)
            return False
        instance_actions.action_start(context, event['server_uuid'],
                                      action)
    return True


def create(context, events):
    """Judge ``events`` (the validated list; each gets its ``code`` and
    ``status``) and deliver the accepted ones; returns the HTTP status:
    200, or 207 when some failed. 404 when none was accepted."""
    instances = _instances({event['server_uuid'] for event in events})
    by_host = collections.defaultdict(list)
    result = 200
    for event in events:
        instance = instances.get(event['server_uuid'])
        given_status = event.get('status', 'completed')
        event['code'], event['status'] = _judge(event, instance)
        if event['code'] != 200:
            result = 207
            continue
        if not _record_action(context, event):
            continue
        delivered = {'name': event['name'], 'tag': event.get('tag'),
                     'status': given_status,
                     'server_uuid': event['server_uuid']}
        for host in _hosts(instance):
            by_host[host].append(delivered)
    if not any(event['code'] == 200 for event in events):
        raise NoInstancesForEvents()
    agents = agent_rpcapi.AgentAPI()
    for host, host_events in by_host.items():
        agents.external_instance_event(context, host, host_events)
    return result
