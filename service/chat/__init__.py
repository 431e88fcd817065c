"""Slack and Discord: signatures, link fetching, rendering, deferred replies (see routes.py)."""
