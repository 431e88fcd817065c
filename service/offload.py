"""The pipeline's CPU work on a worker thread's own event loop, so the server's loop stays free.

`summarize` interleaves model calls with pure-Python work (sentence splitting, attribution,
verification) that takes tens of milliseconds, seconds for a 200k-character document. Run on the
server's loop it would stall every other request. Here the coroutine runs on a second loop in a
worker thread; its model calls hop back to the server's loop (where the backend's HTTP client and
locks live), and cancelling the caller cancels the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
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
        """Await `work` on the worker loop; cancelling this await cancels it there.

        The outcome comes back as one callback on this loop, the task's state read on its own
        loop: `run_coroutine_threadsafe` and `wrap_future` chained two futures and a
        `concurrent.futures.Future` (with its lock) each way: 78 against 48 us a round trip
        of an empty coroutine, and every miss makes one."""
        home = asyncio.get_running_loop()
        there = self._started()
        done: asyncio.Future[T] = home.create_future()
        started: list[asyncio.Task[T]] = []

        async def run_there() -> T:
            return await work

        def settle(outcome: tuple[T | None, BaseException | None, bool]) -> None:
            result, error, cancelled = outcome
            if done.done():  # the caller was cancelled: nobody waits
                return
            if cancelled:
                done.cancel()
            elif error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)  # type: ignore[arg-type]

        def report(task: asyncio.Task[T]) -> None:  # on the worker loop
            if task.cancelled():
                if (
                    inspect.iscoroutine(work)
                    and inspect.getcoroutinestate(work) == inspect.CORO_CREATED
                ):
                    work.close()  # cancelled before it began: closed, never "never awaited"
                outcome: tuple[T | None, BaseException | None, bool] = (None, None, True)
            else:
                error = task.exception()  # retrieved here, whoever waits
                outcome = (None if error else task.result(), error, False)
            with contextlib.suppress(RuntimeError):  # this loop closed first (a shutdown)
                home.call_soon_threadsafe(settle, outcome)

        def start() -> None:  # on the worker loop, in the caller's context
            task = there.create_task(run_there())
            task.add_done_callback(report)
            started.append(task)

        def cancel() -> None:  # after `start`: callbacks of one loop run in order
            for task in started:
                task.cancel()

        there.call_soon_threadsafe(start)
        try:
            return await done
        except asyncio.CancelledError:
            with contextlib.suppress(RuntimeError):  # the worker loop is closed: nothing runs
                there.call_soon_threadsafe(cancel)
            raise

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
