"""Jobs at scale: Celery carries (job id, index) through the broker; `sourced worker` runs them.

Tasks are acknowledged late (after the document's result is written) and rejected back to the
queue when their worker process dies, so a lost worker's document is redelivered: by the
parent of a killed pool process at once, by Redis after `job_visibility_timeout_s` when the
whole worker vanished. Redelivery is safe because the store decides: a document that is done
is skipped, one whose worker still heartbeats is left to it (`JobStore.claim`).

Each worker process keeps one event loop thread with its own Engine (backend, cache, model
slot) and JobStore, built on its first task, and runs `run_document` there: the same code as
the in-process runner.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

import anyio.to_thread
from celery import Celery, Task

from service.composition import make_engine
from service.config import Settings
from service.jobs.runner import sweep_forever
from service.jobs.webhooks import deliver_webhook
from service.jobs.work import JobContext, run_document, settle
from service.store import database_url
from service.store.jobs import JobStore

log = logging.getLogger(__name__)
QUEUE = "sourced-jobs"
SUMMARIZE = "sourced.summarize_document"
WEBHOOK = "sourced.deliver_webhook"
T = TypeVar("T")


def make_celery(settings: Settings) -> Celery:
    if not settings.broker_url:
        raise ValueError("make_celery needs settings.broker_url")
    app = Celery("sourced", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_default_queue=QUEUE,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.job_visibility_timeout_s,
            # How often a live worker looks for a lost one's unacknowledged tasks (kombu's
            # default, 10 s x a throttle of 10, would leave them waiting well past the timeout).
            "unacked_restore_interval": max(
                1, min(10, int(settings.job_visibility_timeout_s // 2))
            ),
            "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )
    _register(app, settings)
    return app


class _Runtime:
    """One per worker process: a loop thread, the engine and the job store, made lazily."""

    def __init__(self, settings: Settings, app: Celery) -> None:
        self.settings = settings
        self.app = app
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.ctx: JobContext | None = None

    def run(self, make: Any) -> Any:
        loop = self._ensure()
        assert self.ctx is not None
        future = asyncio.run_coroutine_threadsafe(make(self.ctx), loop)
        return future.result()

    def _ensure(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="sourced-jobs", daemon=True).start()
                self._loop = loop
                self.ctx = self._call(loop, self._build())
            return self._loop

    @staticmethod
    def _call(loop: asyncio.AbstractEventLoop, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, loop).result()

    async def _build(self) -> JobContext:
        engine = make_engine(self.settings)
        store = JobStore(database_url(self.settings), lease_s=self.settings.job_lease_s)

        async def on_finished(job_id: str) -> None:
            await anyio.to_thread.run_sync(
                lambda: self.app.send_task(WEBHOOK, args=(job_id,), queue=QUEUE)
            )

        return JobContext(
            settings=self.settings, engine=engine, store=store, on_finished=on_finished
        )


def _register(app: Celery, settings: Settings) -> None:
    runtime = _Runtime(settings, app)

    @app.task(name=SUMMARIZE, bind=True, max_retries=None)
    def summarize_document(task: Task, job_id: str, index: int) -> str:
        try:
            outcome: str = runtime.run(lambda ctx: run_document(ctx, job_id, index))
        except Exception as exc:  # the store or the broker failed: try again later
            log.warning("job %s document %d: %s; retrying", job_id, index, type(exc).__name__)
            if task.request.retries >= 10:
                raise
            raise task.retry(exc=exc, countdown=min(60, 2**task.request.retries)) from None
        if outcome == "held":
            # Another worker holds it. If that worker is gone (this task may be its redelivery)
            # its lease runs out; a later look either claims the document or finds it done.
            raise task.retry(countdown=settings.job_lease_s, max_retries=None)
        return outcome

    @app.task(name=WEBHOOK, bind=True, max_retries=3)
    def send_webhook(task: Task, job_id: str) -> str | None:
        try:
            state: str | None = runtime.run(
                lambda ctx: deliver_webhook(ctx.settings, ctx.store, job_id)
            )
        except Exception as exc:
            raise task.retry(exc=exc, countdown=30) from None
        return state


class CeleryDispatcher:
    """The API side: sends each document to the broker; the workers do the rest."""

    def __init__(self, ctx: JobContext, *, resume: bool = True) -> None:
        self.ctx = ctx
        self.resume = resume
        self.app = make_celery(ctx.settings)
        ctx.on_finished = self.finished
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        if not self.resume:
            return
        store = self.ctx.store
        # Documents never picked up (the API may have died between storing and sending);
        # a duplicate message finds its document claimed or done and changes nothing.
        for job_id, index in await anyio.to_thread.run_sync(
            lambda: store.unfinished(states=("queued",))
        ):
            await self.dispatch(job_id, [index])
        for job_id in await anyio.to_thread.run_sync(store.unsettled):
            await settle(self.ctx, job_id)
        task = asyncio.ensure_future(sweep_forever(self.ctx))
        self._tasks.add(task)

    async def dispatch(self, job_id: str, indexes: Sequence[int]) -> None:
        def send() -> None:
            with self.app.producer_or_acquire() as producer:
                for index in indexes:
                    self.app.send_task(
                        SUMMARIZE, args=(job_id, index), queue=QUEUE, producer=producer
                    )

        await anyio.to_thread.run_sync(send)

    async def finished(self, job_id: str) -> None:
        await anyio.to_thread.run_sync(
            lambda: self.app.send_task(WEBHOOK, args=(job_id,), queue=QUEUE)
        )

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def run_worker(settings: Settings, *, concurrency: int = 1, pool: str = "prefork") -> None:
    """`sourced worker`: consume the jobs queue until stopped."""
    app = make_celery(settings)
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--pool={pool}",
            f"--queues={QUEUE}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
