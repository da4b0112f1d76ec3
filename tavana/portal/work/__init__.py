"""Her work and mentoring on the portal, read-only."""
