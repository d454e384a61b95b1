"""Moving a server's allocations between consumers in placement: what
every move (resize, migration, evacuation) does first and undoes on
revert or failure."""

from oslo_utils import uuidutils

from compute.db import instances as instances_db
from compute.db import migration_records
from compute.objects import migration as migration_obj
from compute.placement import allocations as placement_allocations
from tests.functional import live_servers
from tests.functional.live_servers import cleanup_servers  # noqa: F401


def test_allocations_move_to_a_migration_and_back(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    held = live_servers.allocations(server['id'])
    assert held
    migration = uuidutils.generate_uuid()

    assert placement_allocations.move_allocations(
        server['id'], migration, 'MIGRATION')
    assert live_servers.allocations(server['id']) == {}
    moved = live_servers.allocations(migration)
    assert {rp: a['resources'] for rp, a in moved.items()} == \
        {rp: a['resources'] for rp, a in held.items()}

    assert placement_allocations.move_allocations(
        migration, server['id'], 'INSTANCE')
    assert live_servers.allocations(migration) == {}
    back = live_servers.allocations(server['id'])
    assert {rp: a['resources'] for rp, a in back.items()} == \
        {rp: a['resources'] for rp, a in held.items()}


def test_moving_from_an_empty_consumer_moves_nothing(api):
    assert not placement_allocations.move_allocations(
        uuidutils.generate_uuid(), uuidutils.generate_uuid(), 'INSTANCE')


def test_deleting_a_server_mid_move_frees_the_migrations_hold(api):
    token = live_servers.token()
    server = live_servers.boot_active(api, token)
    instance = instances_db.get(server['id'])
    migration = migration_records.create(
        instance, migration_obj.RESIZE, migration_obj.MIGRATING,
        source_compute=instance.host, source_node=instance.node)
    assert placement_allocations.move_allocations(
        server['id'], migration.uuid, 'MIGRATION')

    assert api.delete('/servers/%s' % server['id'],
                      token=token).status_code == 204
    live_servers.wait(api, server['id'], token, {'DELETED'})
    assert live_servers.allocations(migration.uuid) == {}
    assert migration_records.get(migration.id).status == migration_obj.ERROR
