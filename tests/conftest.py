"""Test-wide settings.

With ``COMPUTE_TESTS_NO_SKIP=1`` (set by .ci/run) a skipped test fails: CI
must never pass by silently skipping the tests that need RabbitMQ, MariaDB,
PostgreSQL or a real guest.
"""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get('COMPUTE_TESTS_NO_SKIP') == '1' and report.skipped \
            and not hasattr(report, 'wasxfail'):
        report.outcome = 'failed'
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) \
            else str(report.longrepr)
        report.longrepr = 'skipped in CI, which forbids skips: %s' % reason
