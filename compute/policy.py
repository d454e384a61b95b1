"""The policy enforcer: oslo.policy with the defaults from compute.policies."""

import threading

from oslo_policy import policy as oslo_policy

from compute import conf as compute_conf
from compute import exception

CONF = compute_conf.CONF
_ENFORCER = None
_lock = threading.Lock()


def get_enforcer():
    """The process's enforcer, created on first use (also used by oslopolicy
    tools through the ``oslo.policy.enforcer`` entry point)."""
    global _ENFORCER
    if _ENFORCER is None:
        with _lock:
            if _ENFORCER is None:
                from compute import policies
                enforcer = oslo_policy.Enforcer(
                    CONF, policy_file=CONF.api.policy_file)
                enforcer.register_defaults(policies.list_rules())
                enforcer.load_rules()
                _ENFORCER = enforcer
    return _ENFORCER


def reset():
    global _ENFORCER
    _ENFORCER = None


def authorize(context, action, target, fatal=True):
    enforcer = get_enforcer()
    credentials = context.to_policy_values()
    try:
        return enforcer.authorize(
            action, target, credentials, do_raise=fatal,
            exc=exception.PolicyNotAuthorized, action=action)
    except oslo_policy.PolicyNotRegistered:
        raise exception.PolicyNotAuthorized(action=action)
