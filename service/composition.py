"""The composition root: the one place that turns Settings into concrete parts.

An endpoint if one is configured, else the embedded model; the summaries store; the Engine that
owns both. The outer layers (api, chat, cli, evals, jobs, mcp) ask here; nothing else builds a
concrete backend.
"""

from __future__ import annotations

from service.config import Settings
from service.engine import Engine
from service.llm.base import Backend
from service.store import SummaryStore


def make_backend(settings: Settings) -> Backend:
    if settings.uses_endpoint:
        from service.llm.openai_compat import OpenAICompatBackend

        return OpenAICompatBackend(settings)
    from service.llm.embedded import EmbeddedBackend

    return EmbeddedBackend(settings)


def make_engine(settings: Settings) -> Engine:
    """The engine of a process (server, worker, MCP), with its backend and store."""
    return Engine(settings, make_backend(settings), SummaryStore.from_settings(settings))
