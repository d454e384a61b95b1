"""Placement: the embedded service and the client every component uses."""
