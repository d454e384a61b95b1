"""The route table: every handler resolves, windows and ordering hold."""

from compute.api import microversion as mv
from compute.api import router
from compute.api import routes
from compute import exception

import pytest


def test_every_handler_resolves():
    for route in routes.ROUTES:
        if route.gone:
            continue
        assert callable(route.handler), route.template
        if isinstance(route.target, router.Actions):
            for name, action in route.target.actions.items():
                if not action.route.gone:
                    assert callable(action.route.handler), name


def test_no_duplicate_route_in_same_window():
    seen = {}
    for route in routes.ROUTES:
        key = (route.method, route.template)
        for other in seen.get(key, []):
            assert route.max < other.min or other.max < route.min, key
        seen.setdefault(key, []).append(route)


def test_literal_before_template():
    r = router.Router(routes.ROUTES)
    route, args, _ = r.match('GET', '/flavors/detail', mv.MIN)
    assert route.target == 'flavors:detail'
    route, args, _ = r.match('GET', '/flavors/m1.tiny', mv.MIN)
    assert args == {'flavor_id': 'm1.tiny'}


def test_project_prefix():
    r = router.Router(routes.ROUTES)
    route, _, project = r.match('GET', '/0123abcd/flavors', mv.MIN)
    assert project == '0123abcd'
    assert route.target == 'flavors:index'


def test_window_404_and_gone_410():
    r = router.Router(routes.ROUTES)
    with pytest.raises(exception.NotFound):
        r.match('GET', '/os-hypervisors/statistics', mv.v('2.88'))
    with pytest.raises(exception.Gone):
        r.match('GET', '/os-cloudpipe', mv.MAX)
