"""The one interface every backend implements. The pipeline never knows which backend drafted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from service.schemas import Usage

Progress = Callable[[str, str], None]
"""progress(stage, detail): e.g. ("drafting", "120 tokens"). Must be cheap and never raise."""


def no_progress(stage: str, detail: str) -> None:
    """The default progress sink."""


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

    async def complete(
        self, request: ModelRequest, progress: Progress = no_progress
    ) -> ModelReply: ...

    async def aclose(self) -> None: ...
