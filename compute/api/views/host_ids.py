"""The opaque ``hostId`` a project sees for a host."""

import hashlib


def host_id(host, project_id):
    """sha224 of project id and host, so projects cannot compare hosts
    ('' when there is no host)."""
    if not host:
        return ''
    return hashlib.sha224(('%s%s' % (project_id, host)).encode('utf-8')) \
        .hexdigest()
