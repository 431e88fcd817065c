"""The composition root for backends: an endpoint if one is configured, else the embedded model."""

from __future__ import annotations

from service.config import Settings
from service.llm.base import Backend


def make_backend(settings: Settings) -> Backend:
    if settings.uses_endpoint:
        from service.llm.openai_compat import OpenAICompatBackend

        return OpenAICompatBackend(settings)
    from service.llm.embedded import EmbeddedBackend

    return EmbeddedBackend(settings)
