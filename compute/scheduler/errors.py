"""Errors the scheduler raises to its callers."""

from compute import exception


class NoValidHost(exception.ComputeException):
    msg_fmt = 'No valid host was found. %(reason)s'
    code = 500

    # The text before the reason, to recover the reason from a message.
    PREFIX = 'No valid host was found. '

    @classmethod
    def from_message(cls, message):
        """The error again from its message (as it crossed RPC)."""
        reason = message[len(cls.PREFIX):] \
            if message.startswith(cls.PREFIX) else message
        return cls(reason=reason)


class FilterNotFound(exception.ComputeException):
    msg_fmt = ('Scheduler %(kind)s %(name)s is not available (check '
               '[filter_scheduler] options).')
