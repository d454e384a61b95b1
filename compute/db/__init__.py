"""SQL persistence: models of the API and cell databases and their queries."""
