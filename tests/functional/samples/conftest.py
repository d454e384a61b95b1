"""Fixtures of the sample conformance tests."""

import pytest

from tests.functional.samples.test_server_lifecycle_samples import Fleet


@pytest.fixture
def fleet(api):
    """The servers a test boots (``Fleet``), deleted at its end."""
    servers = Fleet(api)
    try:
        yield servers
    finally:
        servers.close()
