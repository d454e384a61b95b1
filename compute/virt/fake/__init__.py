"""The fake hypervisor: simulated hosts for tests, benchmarks and demos."""
