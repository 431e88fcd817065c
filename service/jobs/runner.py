"""Where job documents run: in this process (the default), or on Celery workers (a broker URL).

Either way the store holds the truth; a runner only carries (job id, index) to `run_document`.
Both resume on start: the in-process runner requeues everything unfinished (it was the only
worker), the Celery dispatcher re-sends documents never picked up (the API may have died
between storing a job and sending its tasks; a duplicate task finds the document claimed).
A scheduled sweep removes finished jobs past their retention.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any, Protocol

import anyio.to_thread

from service.jobs.webhooks import deliver_webhook
from service.jobs.work import JobContext, run_document, settle

log = logging.getLogger(__name__)


class Runner(Protocol):
    async def start(self) -> None: ...

    async def dispatch(self, job_id: str, indexes: Sequence[int]) -> None: ...

    async def finished(self, job_id: str) -> None:
        """A job is done or cancelled: send its webhook."""

    async def stop(self) -> None: ...


class InProcessRunner:
    """A queue of documents and as many consumers as the engine has model slots."""

    def __init__(
        self,
        ctx: JobContext,
        *,
        workers: int | None = None,
        resume: bool = True,
        sole_process: bool = True,
    ) -> None:
        self.ctx = ctx
        self.resume = resume
        # One of several server processes (`sourced serve --workers N`): a running document
        # may be another live process's, so it is left to its lease, not requeued.
        self.sole_process = sole_process
        ctx.on_finished = self.finished
        self.workers = workers or ctx.engine.concurrency
        self._queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        for _ in range(self.workers):
            self._spawn(self._consume())
        if not self.resume:
            return
        store = self.ctx.store
        requeued = await anyio.to_thread.run_sync(store.requeue_running) if self.sole_process else 0
        pending = await anyio.to_thread.run_sync(store.unfinished)
        if pending:
            log.info("resuming %d job documents (%d were running)", len(pending), requeued)
        for item in pending:
            self._queue.put_nowait(item)
        for job_id in await anyio.to_thread.run_sync(store.unsettled):
            self._spawn(self._settle(job_id))
        for job_id in await anyio.to_thread.run_sync(store.pending_webhooks):
            await anyio.to_thread.run_sync(store.reset_webhook, job_id)
            self._spawn(self._deliver(job_id))
        self._spawn(sweep_forever(self.ctx))

    async def dispatch(self, job_id: str, indexes: Sequence[int]) -> None:
        for index in indexes:
            self._queue.put_nowait((job_id, index))

    async def finished(self, job_id: str) -> None:
        self._spawn(self._deliver(job_id))

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _consume(self) -> None:
        while True:
            job_id, index = await self._queue.get()
            try:
                await run_document(self.ctx, job_id, index)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the store failed: the document stays queued for later
                log.error("job %s document %d: %s", job_id, index, type(exc).__name__)
                await asyncio.sleep(1.0)
                self._queue.put_nowait((job_id, index))

    async def _settle(self, job_id: str) -> None:
        await settle(self.ctx, job_id)

    async def _deliver(self, job_id: str) -> None:
        await deliver_webhook(self.ctx.settings, self.ctx.store, job_id)


async def sweep_forever(ctx: JobContext) -> None:
    """Remove finished jobs past their retention, now and every job_sweep_interval_s."""
    while True:
        try:
            removed = await anyio.to_thread.run_sync(ctx.store.sweep)
            if removed:
                log.info("swept %d expired jobs", removed)
        except Exception as exc:
            log.warning("the job sweep failed (%s); trying again later", type(exc).__name__)
        await asyncio.sleep(ctx.settings.job_sweep_interval_s)
