"""The compute agent: one per hypervisor host, drives its virt driver."""
