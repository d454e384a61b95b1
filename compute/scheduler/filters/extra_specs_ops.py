"""The little language of extra spec values that filters match against
host attributes or aggregate metadata.

``<op> <operand>`` compares: ``=`` (at least, numeric), ``==``, ``!=``,
``>=``, ``<=`` (numeric), ``s==``, ``s!=``, ``s<``, ``s<=``, ``s>``,
``s>=`` (text), ``<in>`` (operand is a substring), ``<all-in>`` (every
operand is in the value), and ``<or> a <or> b`` (equals one of them). A
value with no operator must equal the attribute exactly.
"""

import operator


def _numeric(compare):
    def check(value, operands):
        return compare(float(value), float(operands[0]))
    return check


def _text(compare):
    def check(value, operands):
        return compare(str(value), operands[0])
    return check


_OPERATORS = {
    '=': _numeric(operator.ge),
    '==': _numeric(operator.eq),
    '!=': _numeric(operator.ne),
    '>=': _numeric(operator.ge),
    '<=': _numeric(operator.le),
    's==': _text(operator.eq),
    's!=': _text(operator.ne),
    's<': _text(operator.lt),
    's<=': _text(operator.le),
    's>': _text(operator.gt),
    's>=': _text(operator.ge),
    '<in>': lambda value, operands: operands[0] in value,
    '<all-in>': lambda value, operands: all(op in value for op in operands),
}


def _one_of(value, words):
    # words: a <or> b <or> c
    return value in words[::2]


def match(value, requirement):
    """Whether ``value`` (a host attribute or metadata value) satisfies
    the extra spec ``requirement``."""
    words = requirement.split()
    if not words:
        return value == requirement
    op, operands = words[0], words[1:]
    if op == '<or>':
        return bool(operands) and _one_of(value, operands)
    check = _OPERATORS.get(op)
    if check is None:
        return value == requirement
    if not operands:
        return False
    try:
        return check(value, operands)
    except (TypeError, ValueError):
        return False
