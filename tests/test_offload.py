"""The pipeline's worker loop: its work's result, errors and cancellation reach the caller."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Iterator

import pytest

from service.offload import PipelineThread

CALLER = contextvars.ContextVar("caller", default="nobody")


@pytest.fixture
def pipeline() -> Iterator[PipelineThread]:
    thread = PipelineThread()
    yield thread
    thread.close()


async def test_the_work_runs_on_the_worker_thread_with_the_callers_context(
    pipeline: PipelineThread,
):
    async def work() -> tuple[threading.Thread, str]:
        await asyncio.sleep(0)
        return threading.current_thread(), CALLER.get()

    CALLER.set("request 7")
    ran_on, seen = await pipeline.run(work())
    assert ran_on is not threading.current_thread() and ran_on.name == "sourced-pipeline"
    assert seen == "request 7"


async def test_an_error_there_is_raised_here(pipeline: PipelineThread):
    async def work() -> None:
        await asyncio.sleep(0)
        raise ValueError("no claim verified")

    with pytest.raises(ValueError, match="no claim verified"):
        await pipeline.run(work())
    assert await pipeline.run(asyncio.sleep(0, result="next")) == "next"  # the loop goes on


async def test_cancelling_the_caller_cancels_the_work_there(pipeline: PipelineThread):
    entered, cancelled = threading.Event(), threading.Event()

    async def work() -> None:
        entered.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    caller = asyncio.create_task(pipeline.run(work()))
    assert await asyncio.to_thread(entered.wait, 10)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert await asyncio.to_thread(cancelled.wait, 10)


async def test_a_caller_cancelled_before_the_work_starts_never_runs_it(pipeline: PipelineThread):
    ran = threading.Event()
    blocker = threading.Event()
    # The worker loop is held up, so the cancellation arrives before the work is started.
    await pipeline.run(asyncio.sleep(0))
    loop = pipeline._started()
    loop.call_soon_threadsafe(blocker.wait, 10)

    async def work() -> None:
        ran.set()

    caller = asyncio.create_task(pipeline.run(work()))
    await asyncio.sleep(0.01)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    blocker.set()
    await pipeline.run(asyncio.sleep(0))  # everything queued before has run
    # Not even its first step ran (it used to: the whole reading of the document, for a
    # client that had left), and it was closed, not left to warn "never awaited".
    assert not ran.is_set()
