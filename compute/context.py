"""Request context: who is calling, in which project, with which roles.

Built from the auth middleware's result for API calls, or as an admin context
for internal work. ``can()`` is the one way code checks policy.
"""

from oslo_context import context as oslo_context

from compute import policy


class RequestContext(oslo_context.RequestContext):
    """oslo.context's context plus policy checks and serialisation for RPC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_admin:
            self.is_admin = 'admin' in (self.roles or [])

    def can(self, action, target=None, fatal=True):
        """Check ``action`` for this caller against ``target``.

        The default target is the caller's own project and user, as Nova
        does. Raises PolicyNotAuthorized when ``fatal`` and the check fails.
        """
        if target is None:
            target = {'project_id': self.project_id,
                      'user_id': self.user_id}
        return policy.authorize(self, action, target, fatal=fatal)

    def to_rpc(self):
        return {'user_id': self.user_id, 'project_id': self.project_id,
                'roles': list(self.roles or []), 'is_admin': self.is_admin,
                'request_id': self.request_id,
                'global_request_id': self.global_request_id}

    @classmethod
    def from_rpc(cls, values):
        return cls(user_id=values.get('user_id'),
                   project_id=values.get('project_id'),
                   roles=values.get('roles') or [],
                   is_admin=values.get('is_admin', False),
                   request_id=values.get('request_id'),
                   global_request_id=values.get('global_request_id'),
                   overwrite=False)


def get_admin_context():
    """A context for the service's own work (periodic tasks, start-up)."""
    return RequestContext(user_id=None, project_id=None, is_admin=True,
                          roles=['admin'], overwrite=False)
