"""Checks of a model's draft against the document. Every check returns a `Check` with a reason."""
