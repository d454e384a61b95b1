"""Networking for servers: the NetworkAPI interface (api), the built-in
local back end (local, models, views) and its Networking API v2.0 (wsgi)."""
