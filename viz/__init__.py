"""Interactive, shareable network views (pyvis, vis-network inlined: they work offline)."""
