"""How long work reports where it is: the use case, the backends and the outer layers share it."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, str], None]
"""progress(stage, detail): e.g. ("drafting", "120 tokens"). Must be cheap and never raise."""


def no_progress(stage: str, detail: str) -> None:
    """The default progress sink."""
