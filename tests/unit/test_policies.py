"""Our policy defaults are Nova's: same names, same check strings."""

import os
import re

import pytest

from compute import policies

REFERENCE = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                         'shared', 'reference', 'policies.md')


def _nova_rules():
    if not os.path.exists(REFERENCE):
        pytest.fail('reference policies.md not found at %s' % REFERENCE)
    rules = {}
    with open(REFERENCE) as f:
        for line in f:
            match = re.match(r'^\| (?:\d+ \| )?`([^`]+)` \| `([^`]+)` \|', line)
            if match:
                rules[match.group(1)] = match.group(2)
    return rules


def test_every_rule_matches_nova():
    nova = _nova_rules()
    ours = {rule.name: rule.check_str for rule in policies.list_rules()}
    assert ours, 'no rules registered'
    unknown = sorted(set(ours) - set(nova))
    assert not unknown, 'rules Nova does not have: %s' % unknown
    different = {name: (check, nova[name]) for name, check in ours.items()
                 if check != nova[name]}
    assert not different


def test_api_rules_are_project_scoped():
    for rule in policies.list_rules():
        if getattr(rule, 'operations', None):
            assert rule.scope_types == ['project'], rule.name
