"""Microversions: parsing, negotiation and the named features they gate.

Every behaviour that changes with the microversion is gated by a named
constant below, never by a literal in a controller: ``req.ver >= FEATURE``.
The full history, one line per version, is in doc/source/api/microversions.rst;
a unit test keeps its last entry in step with ``MAX``.
"""

import functools
import re

from compute import exception

LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
STANDARD_HEADER = 'OpenStack-API-Version'
SERVICE_TYPE = 'compute'
_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


@functools.total_ordering
class Version:
    """A microversion, comparable and hashable."""

    __slots__ = ('major', 'minor')

    def __init__(self, major, minor):
        self.major = major
        self.minor = minor

    @classmethod
    def parse(cls, text):
        match = _VERSION_RE.match(text.strip())
        if not match:
            raise exception.InvalidAPIVersionString(version=text)
        return cls(int(match.group(1)), int(match.group(2)))

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        return self._key() == other._key()

    def __lt__(self, other):
        return self._key() < other._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % (self.major, self.minor)

    __repr__ = __str__


def v(text):
    return Version.parse(text)


MIN = v('2.1')
MAX = v('2.104')

# Named features: the first microversion at which each behaviour applies.
KEYPAIR_TYPE = v('2.2')                 # keypair type; create 201, delete 204
FLAVOR_ACCESS_PUBLIC_409 = v('2.7')     # addTenantAccess on public flavor: 409
KEYPAIR_USER_ID = v('2.10')             # admins act on other users' keypairs
SERVICE_FORCED_DOWN = v('2.11')         # forced_down field and force-down PUT
SERVER_DESCRIPTION = v('2.19')
PROJECT_ID_OPTIONAL = v('2.18')
STANDARD_HEADER_ACCEPTED = v('2.27')    # OpenStack-API-Version header
HYPERVISOR_CPU_INFO_DICT = v('2.28')
HYPERVISOR_PAGING = v('2.33')
KEYPAIR_PAGING = v('2.35')
PROXY_APIS_REMOVED = v('2.36')          # network quotas/limits hidden
IMAGE_META_LIMIT_REMOVED = v('2.39')    # maxImageMeta gone from limits
AGGREGATE_UUID = v('2.41')              # aggregates expose uuid
QUOTA_CLASS_SERVER_GROUPS = v('2.50')
SERVICE_HYPERVISOR_UUID = v('2.53')
FLAVOR_DESCRIPTION = v('2.55')
PERSONALITY_REMOVED = v('2.57')         # injected file limits/quotas gone
FLAVOR_EXTRA_SPECS_EMBEDDED = v('2.61')
DOWN_CELL_RECORDS = v('2.69')
STRICT_QUERY_AND_CLEANUPS = v('2.75')   # swap default 0; servers always listed
EXTRA_SPEC_VALIDATION = v('2.86')
HYPERVISOR_USAGE_REMOVED = v('2.88')    # statistics/uptime routes gone
KEYPAIR_NO_GENERATE = v('2.92')
FLAVOR_NAME_FILTER = v('2.102')         # rxtx_factor/disabled gone
UNKNOWN_QUERY_REJECTED = v('2.102')

# Servers and what hangs off them.
DELETED_SERVERS = v('2.21')
EVENTS_FOR_ALL = v('2.51')
EVENT_HOST_ID = v('2.62')
EVENT_DETAILS = v('2.84')
IP6_FILTER_FOR_ALL = v('2.5')
INVALID_STATUS_REFUSED = v('2.38')
CHANGES_BEFORE = v('2.66')
LOCKED_FILTER = v('2.73')
MORE_FILTERS_FOR_ALL = v('2.83')
PIN_AZ_UPDATE = v('2.104')
INSTANCE_ACTION_PAGING = v('2.58')
DIAGNOSTICS_STANDARD_FORMAT = v('2.48')
MORE_EXTENDED_ATTRIBUTES = v('2.3')  # + delete_on_termination
SERVER_LOCKED = v('2.9')
HOST_STATUS = v('2.16')
SERVER_TAGS = v('2.26')
FLAVOR_EMBEDDED = v('2.47')
TRUSTED_CERTS = v('2.63')
SERVER_GROUPS = v('2.71')
LOCKED_REASON = v('2.73')
HOSTNAME_FOR_ALL = v('2.90')
PINNED_AZ = v('2.96')
IMAGE_PROPERTIES = v('2.98')
SCHEDULER_HINTS = v('2.100')

# Server groups.
SERVER_GROUP_OWNER = v('2.13')          # project_id and user_id shown
SERVER_GROUP_POLICY_RULES = v('2.64')   # policy + rules replace policies

# Rebuild, evacuate and server external events.
EVACUATE_SHARED_STORAGE_AUTO = v('2.14')  # no onSharedStorage, no adminPass back
EVACUATE_FORCE = v('2.29')              # evacuate takes force
VOLUME_EXTENDED_EVENT = v('2.51')
REBUILD_KEY_NAME = v('2.54')
REBUILD_USER_DATA = v('2.57')           # rebuild takes user_data, no personality
EVACUATE_FORCE_REMOVED = v('2.68')
POWER_UPDATE_EVENT = v('2.76')
ACCELERATOR_BOUND_EVENT = v('2.82')
REBUILD_HOSTNAME = v('2.90')
VOLUME_REIMAGED_EVENT = v('2.93')
HOSTNAME_FQDN = v('2.94')
EVACUATE_TO_STOPPED = v('2.95')

# Moves: resize, cold migration and the migration records.
MIGRATION_TYPE = v('2.23')              # migration_type and links in lists
COLD_MIGRATE_HOST = v('2.56')           # migrate action names a host
MIGRATION_PAGING = v('2.59')            # uuid, limit/marker, changes-since
MIGRATION_USER_PROJECT = v('2.80')      # user_id/project_id shown, filters
LIVE_MIGRATE_FORCE = v('2.30')          # force; a given host is scheduled
LIVE_MIGRATE_ASYNC = v('2.34')          # pre-checks no longer answer 400
LIVE_MIGRATION_ABORT_QUEUED = v('2.65')
LIVE_MIGRATE_FORCE_REMOVED = v('2.68')

# Snapshots, backups and shelving.
IMAGE_ID_IN_BODY = v('2.45')            # createImage/createBackup answer
#                                         {"image_id"}, no Location
UNSHELVE_AVAILABILITY_ZONE = v('2.77')
UNSHELVE_HOST = v('2.91')               # host; availability_zone null


def _from_headers(headers):
    """The requested version text, or None when the client sent none."""
    standard = headers.get(STANDARD_HEADER)
    if standard:
        # "compute 2.60" or a comma list naming several services.
        for item in standard.split(','):
            parts = item.strip().split(None, 1)
            if len(parts) == 2 and parts[0].lower() == SERVICE_TYPE:
                return parts[1].strip()
    legacy = headers.get(LEGACY_HEADER)
    if legacy:
        return legacy.strip()
    return None


class VersionNotAcceptable(exception.ComputeException):
    code = 406
    msg_fmt = ('Version %(version)s is not supported by the API. Minimum is '
               '%(min)s and maximum is %(max)s.')


def negotiate(headers):
    """The microversion a request asks for, validated against MIN..MAX."""
    text = _from_headers(headers)
    if text is None:
        return MIN
    if text.lower() == 'latest':
        return MAX
    version = Version.parse(text)
    if not (MIN <= version <= MAX):
        raise VersionNotAcceptable(version=str(version), min=str(MIN),
                                   max=str(MAX))
    return version


def response_headers(version):
    return {LEGACY_HEADER: str(version),
            STANDARD_HEADER: '%s %s' % (SERVICE_TYPE, version),
            'Vary': '%s, %s' % (STANDARD_HEADER, LEGACY_HEADER)}
