"""The scheduler: picks hosts with placement, filters and weighers."""
