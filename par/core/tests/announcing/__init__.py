"""An app that exists only in tests: it announces a menu entry, an API route and demo data, and nothing central
names it (par/core/tests/test_discovery.py)."""
