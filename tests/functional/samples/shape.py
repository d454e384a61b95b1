"""Comparing a response body with an API sample by shape, not by value.

Same keys at every level, same nesting, same JSON types. Values (ids,
dates, hosts) may differ; a sample's ``null`` admits a string (fields like
``disabled_reason`` hold either), and an empty list in either body only
has to be a list. Maps of user data (``FREE_FORM`` keys such as
``extra_specs``) only have to be objects of strings.
"""

FREE_FORM = frozenset(['extra_specs', 'metadata'])
# Objects keyed by data (host names, then service names): each value must
# look like one of the sample's values, to this depth.
KEYED_BY_DATA = {'hosts': 2}
# Fields a sample shows as strings that are legitimately null here too
# (no reason given; no heartbeat yet).
NULLABLE = frozenset(['disabled_reason', 'updated_at'])


def _type(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, list):
        return 'array'
    return 'object'


def differences(sample, ours, path='$'):
    """A list of human-readable differences (empty when shapes match)."""
    st, ot = _type(sample), _type(ours)
    if st != ot:
        if st == 'null' and ot == 'string':
            return []
        if ot == 'null' and path.rsplit('.', 1)[-1] in NULLABLE:
            return []
        return ['%s: sample has %s, response has %s (%r)'
                % (path, st, ot, ours)]
    if st == 'object':
        problems = []
        missing = sorted(set(sample) - set(ours))
        extra = sorted(set(ours) - set(sample))
        if missing:
            problems.append('%s: missing keys %s' % (path, missing))
        if extra:
            problems.append('%s: unexpected keys %s' % (path, extra))
        for key in sorted(set(sample) & set(ours)):
            sub = '%s.%s' % (path, key)
            if key in FREE_FORM:
                problems += _free_form(ours[key], sub)
            elif key in KEYED_BY_DATA:
                problems += _keyed_by_data(sample[key], ours[key], sub,
                                           KEYED_BY_DATA[key])
            else:
                problems += differences(sample[key], ours[key], sub)
        return problems
    if st == 'array' and sample and ours:
        problems = []
        for i, item in enumerate(ours):
            # Each item must look like one of the sample's items (links:
            # self vs describedby; flavors with and without description).
            candidates = [differences(one, item, '%s[%d]' % (path, i))
                          for one in sample]
            problems += min(candidates, key=len)
        return problems
    return []


def _free_form(ours, path):
    if not isinstance(ours, dict) or not all(
            isinstance(v, str) for v in ours.values()):
        return ['%s: expected an object of strings, got %r' % (path, ours)]
    return []


def _keyed_by_data(sample, ours, path, depth):
    if _type(sample) != 'object' or _type(ours) != 'object' or not sample:
        return differences(sample, ours, path)
    problems = []
    for key, value in ours.items():
        sub = '%s[%r]' % (path, key)
        if depth > 1:
            candidates = [_keyed_by_data(one, value, sub, depth - 1)
                          for one in sample.values()]
        else:
            candidates = [differences(one, value, sub)
                          for one in sample.values()]
        problems += min(candidates, key=len)
    return problems
