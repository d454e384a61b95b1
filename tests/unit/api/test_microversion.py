"""Microversion parsing and negotiation."""

import pytest

from compute.api import microversion as mv
from compute import exception


def test_ordering():
    assert mv.v('2.9') < mv.v('2.10') < mv.v('2.100')
    assert mv.v('2.1') == mv.MIN


@pytest.mark.parametrize('text', ['2', '2.', '.1', 'a.b', '2.1.1', '02.1',
                                  ' ', '2.-1'])
def test_bad_strings(text):
    with pytest.raises(exception.InvalidAPIVersionString):
        mv.Version.parse(text)


def test_no_header_is_minimum():
    assert mv.negotiate({}) == mv.MIN


def test_latest_is_maximum():
    assert mv.negotiate({mv.LEGACY_HEADER: 'latest'}) == mv.MAX
    assert mv.negotiate({mv.STANDARD_HEADER: 'compute latest'}) == mv.MAX


def test_standard_header_for_other_service_is_ignored():
    headers = {mv.STANDARD_HEADER: 'placement 1.30',
               mv.LEGACY_HEADER: '2.5'}
    assert mv.negotiate(headers) == mv.v('2.5')


def test_standard_header_list():
    headers = {mv.STANDARD_HEADER: 'placement 1.30, compute 2.60'}
    assert mv.negotiate(headers) == mv.v('2.60')


def test_out_of_range():
    with pytest.raises(mv.VersionNotAcceptable):
        mv.negotiate({mv.LEGACY_HEADER: '2.105'})


def test_response_headers():
    headers = mv.response_headers(mv.v('2.42'))
    assert headers[mv.LEGACY_HEADER] == '2.42'
    assert headers[mv.STANDARD_HEADER] == 'compute 2.42'


def test_history_document_ends_at_max():
    import os
    import re
    path = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'doc',
                        'source', 'api', 'microversions.rst')
    with open(path) as f:
        versions = re.findall(r'^   \* - (2\.\d+)$', f.read(), re.M)
    assert versions[0] == str(mv.MIN)
    assert versions[-1] == str(mv.MAX)
    assert len(versions) == mv.MAX.minor
