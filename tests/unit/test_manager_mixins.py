"""The agent and conductor managers are composed of one mixin per area;
a name defined in two of them would silently hide one (the first in the
method resolution order wins), so no name may be."""

import collections

import pytest

from compute.agent import manager as agent_manager
from compute.conductor import manager as conductor_manager


@pytest.mark.parametrize('cls', [agent_manager.AgentManager,
                                 conductor_manager.ConductorManager])
def test_no_name_is_defined_twice(cls):
    owners = collections.defaultdict(list)
    for klass in cls.__mro__:
        if klass is object:
            continue
        for name in vars(klass):
            if not (name.startswith('__') and name.endswith('__')):
                owners[name].append(klass.__name__)
    twice = {name: where for name, where in owners.items()
             if len(where) > 1 and name not in ('target',)}
    assert not twice
