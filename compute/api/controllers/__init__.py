"""Handlers, one module per resource; the route table is compute.api.routes."""
