"""The pipeline's CPU work on a worker thread's own event loop, so the server's loop stays free.

`summarize` interleaves model calls with pure-Python work (sentence splitting, attribution,
verification) that takes tens of milliseconds, seconds for a 200k-character document. Run on the
server's loop it would stall every other request. Here the coroutine runs on a second loop in a
worker thread; its model calls hop back to the server's loop (where the backend's HTTP client and
locks live), and cancelling the caller cancels the work.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable
from typing import TypeVar

from service.llm.base import Backend, ModelReply, ModelRequest
from service.progress import Progress, no_progress

T = TypeVar("T")


class PipelineThread:
    """One worker thread with an event loop, started on first use, stopped by `close`."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="sourced-pipeline", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    async def run(self, work: Awaitable[T]) -> T:
        """Await `work` on the worker loop; cancelling this await cancels it there."""

        async def run_there() -> T:
            return await work

        future = asyncio.run_coroutine_threadsafe(run_there(), self._started())
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


class HomeLoopBackend:
    """A backend seen from the worker loop: every call runs on the loop that owns the backend."""

    def __init__(self, backend: Backend, home: asyncio.AbstractEventLoop) -> None:
        self._backend = backend
        self._home = home
        self.name = backend.name
        self.model = backend.model

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        future = asyncio.run_coroutine_threadsafe(
            self._backend.complete(request, progress), self._home
        )
        return await asyncio.wrap_future(future)

    @property
    def ready(self) -> bool:
        return self._backend.ready

    async def load(self, progress: Progress = no_progress) -> None:
        future = asyncio.run_coroutine_threadsafe(self._backend.load(progress), self._home)
        await asyncio.wrap_future(future)

    async def aclose(self) -> None:
        """The backend belongs to its home loop; it is closed there."""


def progress_at_home(progress: Progress, home: asyncio.AbstractEventLoop) -> Progress:
    """`progress` made safe to call from any thread: it runs on `home`, soon."""
    if progress is no_progress:
        return no_progress

    def report(stage: str, detail: str) -> None:
        home.call_soon_threadsafe(progress, stage, detail)

    return report
