"""Guest hostnames derived from display names, as Nova derives them."""

import re

_INVALID = re.compile(r'[^\w.-]+')


def sanitize_hostname(name):
    """Lower case, spaces and underscores to '-', other characters
    dropped, at most 63 characters, no leading/trailing '-' or '.'."""
    text = name.lower().replace(' ', '-').replace('_', '-')
    text = _INVALID.sub('', text.encode('ascii', 'ignore').decode())
    return text[:63].strip('-.')
