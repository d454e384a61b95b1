"""Reusable pieces of request schemas (names, booleans, integers, paging)."""

import copy

from oslo_utils import strutils

from compute import exception

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES',
             'Yes', 'yes', 'y', 't', False, 'False', 'FALSE', 'false', '0',
             'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'],
}

non_negative_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 0, 'minLength': 1,
}

positive_integer = {
    'type': ['integer', 'string'],
    'pattern': '^[0-9]*$', 'minimum': 1, 'minLength': 1,
}

# A printable name without leading or trailing whitespace.
name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': r'^(?! )[^\x00-\x1f\x7f]*(?<! )$',
}

description = {
    'type': ['string', 'null'], 'minLength': 0, 'maxLength': 65535,
    'pattern': r'^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$',
}

project_id = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': r'^[a-zA-Z0-9-_]*$',
}

uuid = {'type': 'string', 'format': 'uuid'}


def multi_params(schema):
    """A query parameter that may be repeated: a list of ``schema``."""
    return {'type': 'array', 'items': copy.deepcopy(schema)}


def single_param(schema):
    """A query parameter that may be given once."""
    return dict(multi_params(schema), maxItems=1)


# A host name as services report it: letters, digits, '-', '.' and '_'.
fqdn = {
    'type': 'string', 'minLength': 1, 'maxLength': 255,
    'pattern': '^[a-zA-Z0-9-._]*$',
}

TRUE_STRINGS = ('1', 't', 'true', 'on', 'y', 'yes')
FALSE_STRINGS = ('0', 'f', 'false', 'off', 'n', 'no')


def to_bool(value):
    """Interpret one of the ``boolean`` values (validated beforehand)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_STRINGS


def check_integer_id(value, name='id'):
    """400 (Nova's "Invalid input received") unless the id in a path is
    an integer."""
    try:
        strutils.validate_integer(value, name)
    except ValueError as err:
        raise exception.InvalidInput(reason=str(err))
