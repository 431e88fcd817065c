"""Test doubles for the API tests: a backend that can answer, fail or hang; a real server."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from service.config import Settings
from service.engine import Engine
from service.llm.base import ModelReply, ModelRequest
from service.progress import Progress, no_progress
from service.schemas import Usage
from service.store import SummaryStore
from tests.drafts import GOOD_DRAFT


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

    async def ready(self) -> bool:
        return self.is_ready

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


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free 127.0.0.1 port, in a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
