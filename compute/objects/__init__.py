"""Domain objects that cross RPC: versioned, serialisable, never ORM rows."""
