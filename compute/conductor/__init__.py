"""The conductor: orchestrates multi-step work and does DB writes for agents."""
