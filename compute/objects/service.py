"""A service record (conductor, scheduler or compute agent) and its liveness."""

import dataclasses
import datetime

from oslo_utils import timeutils

from compute.objects import base


@base.register
@dataclasses.dataclass
class Service(base.ComputeObject):
    id: int
    uuid: str
    host: str
    binary: str
    topic: str
    report_count: int = 0
    disabled: bool = False
    disabled_reason: str | None = None
    forced_down: bool = False
    last_seen_up: datetime.datetime | None = None
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    version: int = 0

    def is_up(self, down_time):
        """Up when not forced down and heard from within ``down_time`` s."""
        if self.forced_down:
            return False
        last = self.last_seen_up or self.updated_at or self.created_at
        if last is None:
            return False
        age = timeutils.utcnow(with_timezone=False) - last
        return abs(age.total_seconds()) <= down_time

    @classmethod
    def from_row(cls, row):
        return cls(id=row.id, uuid=row.uuid, host=row.host,
                   binary=row.binary, topic=row.topic,
                   report_count=row.report_count or 0,
                   disabled=bool(row.disabled),
                   disabled_reason=row.disabled_reason,
                   forced_down=bool(row.forced_down),
                   last_seen_up=row.last_seen_up, created_at=row.created_at,
                   updated_at=row.updated_at, version=row.version or 0)
