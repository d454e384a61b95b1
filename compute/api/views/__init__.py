"""Response builders, one module per resource, shaped per microversion."""
