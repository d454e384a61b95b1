"""JsonFilter: the ``query`` hint, a JSON expression over host state
attributes, must hold for the host.

An expression is ``[op, arg, ...]`` with op one of ``=``, ``<``, ``>``,
``in``, ``<=``, ``>=``, ``not``, ``or``, ``and``; an argument is a literal,
a nested expression, or ``$attr`` (``$a.b`` for nested values) naming a
host state attribute. Arguments that resolve to nothing are dropped.
"""

import json
import operator

from compute.scheduler.filters import base


def _chain(compare):
    """True when each argument relates to the next by ``compare``."""
    def check(args):
        if len(args) < 2:
            return False
        return all(compare(a, b) for a, b in zip(args, args[1:]))
    return check


def _first_in_rest(args):
    return len(args) >= 2 and args[0] in args[1:]


_OPERATORS = {
    '=': _chain(operator.eq),
    '<': _chain(operator.lt),
    '>': _chain(operator.gt),
    '<=': _chain(operator.le),
    '>=': _chain(operator.ge),
    'in': _first_in_rest,
    'not': lambda args: [not arg for arg in args],
    'or': any,
    'and': all,
}


def _variable(host_state, name):
    value = host_state
    for part in name.split('.'):
        if isinstance(value, dict):
            value = value.get(part)
        else:
            value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _evaluate(expression, host_state):
    if not expression:
        return True
    op, args = expression[0], expression[1:]
    check = _OPERATORS.get(op)
    if check is None:
        return False
    values = []
    for arg in args:
        if isinstance(arg, list):
            arg = _evaluate(arg, host_state)
        elif isinstance(arg, str) and arg.startswith('$'):
            arg = _variable(host_state, arg[1:])
        if arg is not None:
            values.append(arg)
    try:
        return check(values)
    except TypeError:
        return False


class JsonFilter(base.BaseHostFilter):
    def host_passes(self, host_state, spec):
        query = base.hint_value(spec, 'query')
        if not query:
            return True
        if isinstance(query, str):
            try:
                query = json.loads(query)
            except ValueError:
                return False
        if not isinstance(query, list):
            return False
        result = _evaluate(query, host_state)
        return any(result) if isinstance(result, list) else bool(result)
