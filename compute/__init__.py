"""compute: a from-scratch implementation of the OpenStack compute API and services."""
