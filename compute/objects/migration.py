"""A migration record: one move of a server (resize, cold or live
migration, evacuation) from a source host to a destination.

While a move is in flight the migration's ``uuid`` is also a placement
consumer: it holds the source host's allocation, and the instance holds
the destination's (Nova's "migration-based allocations").
"""

import dataclasses
import datetime

from compute.objects import base

# Migration statuses Nova uses (migration_type -> the statuses it goes
# through; 'error' and 'failed' end a move that did not complete).
PRE_MIGRATING = 'pre-migrating'
MIGRATING = 'migrating'
POST_MIGRATING = 'post-migrating'
FINISHED = 'finished'
CONFIRMING = 'confirming'
CONFIRMED = 'confirmed'
REVERTING = 'reverting'
REVERTED = 'reverted'
ERROR = 'error'
FAILED = 'failed'
QUEUED = 'queued'
PREPARING = 'preparing'
RUNNING = 'running'
COMPLETED = 'completed'
CANCELLING = 'cancelling'
CANCELLED = 'cancelled'
ACCEPTED = 'accepted'
DONE = 'done'

# A live migration still under way (it has a server-migrations resource
# and can be aborted).
LIVE_IN_PROGRESS = (QUEUED, PREPARING, RUNNING, POST_MIGRATING)

# Statuses after which a migration holds nothing in placement any more.
ENDED = (CONFIRMED, REVERTED, ERROR, FAILED, COMPLETED, CANCELLED)

# migration_type values
RESIZE = 'resize'
COLD_MIGRATION = 'migration'
LIVE_MIGRATION = 'live-migration'
EVACUATION = 'evacuation'


@base.register
@dataclasses.dataclass
class Migration(base.ComputeObject):
    id: int
    uuid: str
    instance_uuid: str
    migration_type: str
    status: str
    source_compute: str | None = None
    source_node: str | None = None
    dest_compute: str | None = None
    dest_node: str | None = None
    dest_host: str | None = None
    old_instance_type_id: int | None = None
    new_instance_type_id: int | None = None
    hidden: bool = False
    memory_total: int | None = None
    memory_processed: int | None = None
    memory_remaining: int | None = None
    disk_total: int | None = None
    disk_processed: int | None = None
    disk_remaining: int | None = None
    cross_cell_move: bool = False
    user_id: str | None = None
    project_id: str | None = None
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    deleted: bool = False

    @classmethod
    def from_row(cls, row):
        return cls(**{field.name: getattr(row, field.name)
                      for field in dataclasses.fields(cls)
                      if field.name != 'deleted'},
                   deleted=bool(row.deleted))
