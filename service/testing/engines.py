"""Stand-ins for the model and for the Engine: a backend that can answer, fail or hang, and an
engine that summarizes at once (for the chat bots and job runners)."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import anyio

from service.config import Settings
from service.engine import Engine
from service.llm.base import ModelReply, ModelRequest
from service.progress import Progress, no_progress
from service.schemas import Summary, SummaryRequest, Usage
from service.store import SummaryStore
from service.testing.drafts import GOOD_DRAFT
from service.testing.summaries import sample_summary


class FakeBackend:
    """Answers every call with `draft`, or raises `error`; `gated` calls wait for `release()`."""

    name = "fake"
    model = "fake-model"

    def __init__(
        self,
        draft: dict[str, Any] | None = None,
        *,
        error: BaseException | None = None,
        gated: bool = False,
        ready: bool = True,
    ) -> None:
        self.draft = draft or GOOD_DRAFT
        self.error = error
        self.gated = gated
        self.is_ready = ready
        self.calls = 0
        self.entered = threading.Event()
        self.cancelled = threading.Event()
        self._gate: asyncio.Event | None = None

    def _event(self) -> asyncio.Event:
        if self._gate is None:
            self._gate = asyncio.Event()
        return self._gate

    def release(self) -> None:
        self._event().set()

    @property
    def ready(self) -> bool:
        return self.is_ready

    async def load(self, progress: Progress = no_progress) -> None:
        pass

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        self.calls += 1
        self.entered.set()
        if self.error is not None:
            raise self.error
        if self.gated:
            try:
                await self._event().wait()
            except asyncio.CancelledError:
                self.cancelled.set()
                raise
        return ModelReply(
            content=json.dumps(self.draft),
            finish_reason="stop",
            usage=Usage(prompt_tokens=100, completion_tokens=50),
            model=self.model,
        )

    async def aclose(self) -> None:
        pass


def make_engine(settings: Settings, backend: Any) -> Engine:
    return Engine(settings, backend, SummaryStore.from_settings(settings))


class FakeEngine:
    """Summarizes instantly (or after `delay_s`, or once `gate` is set), or raises `error`."""

    def __init__(
        self,
        *,
        claims: int = 3,
        delay_s: float = 0.0,
        error: Exception | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        self.claims = claims
        self.delay_s = delay_s
        self.error = error
        self.gate = gate
        self.requests: list[SummaryRequest] = []
        self.concurrency = 1  # what a job runner sizes its workers by

    async def summarize(
        self, request: SummaryRequest, progress: Progress = no_progress
    ) -> tuple[Summary, bool]:
        self.requests.append(request)
        if self.gate is not None:
            await anyio.to_thread.run_sync(self.gate.wait, 30.0)
        if self.delay_s:
            await anyio.sleep(self.delay_s)
        if self.error is not None:
            raise self.error
        return sample_summary(request.text, self.claims, headline=request.title or "Summary"), False
