"""Hypervisor drivers behind one interface (compute.virt.driver)."""
