"""Console scripts: compute-all, -api, -conductor, -scheduler, -agent, -manage, -status."""
