"""REST-level workloads measuring the service (never asserted in tests)."""
