"""Request schemas (bodies and query strings), one module per resource."""
