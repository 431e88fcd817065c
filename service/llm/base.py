"""The one interface every backend implements. The pipeline never knows which backend drafted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from service.progress import Progress, no_progress
from service.schemas import Usage


@dataclass(frozen=True)
class ModelRequest:
    messages: list[dict[str, str]]
    schema: dict[str, Any]
    schema_name: str
    max_tokens: int
    stop_when: Callable[[str], bool] | None = None
    """Given the answer so far, whether to stop generating now (a repeat began). Backends that
    stream token by token honour it; the parser drops the same repeats for the others."""


@dataclass
class ModelReply:
    content: str | None
    finish_reason: str
    usage: Usage
    model: str
    refusal: str | None = None
    attempts: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


class Backend(Protocol):
    """A model that turns a request into a reply.

    Implementations retry their own transport failures (one retry layer) and raise
    `UpstreamError`/`UpstreamTimeout` carrying attempts and tokens when they give up.
    """

    name: str
    model: str

    @property
    def ready(self) -> bool:
        """Whether a request could be answered now (the embedded model: once it is in memory)."""
        ...

    async def load(self, progress: Progress = no_progress) -> None:
        """Make ready now rather than on the first request; nothing to do for an endpoint."""
        ...

    async def complete(
        self, request: ModelRequest, progress: Progress = no_progress
    ) -> ModelReply: ...

    async def aclose(self) -> None: ...


class NothingToLoad:
    """For a backend that holds no model of its own (an endpoint, a recording): always ready."""

    ready = True

    async def load(self, progress: Progress = no_progress) -> None:
        """Nothing to load."""
