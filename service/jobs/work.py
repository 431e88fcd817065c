"""One document of a job, start to finish: the only code that runs job work, wherever it runs.

    claim (or skip: finished, or held by a live worker) -> Engine.summarize, the synchronous
    endpoint's use case, beside a heartbeat that records progress and notices a cancel ->
    result or problem, written once -> the last document settles the job -> on_finished

An in-process runner and a Celery worker both call `run_document`; they differ only in how
(job id, index) pairs reach it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import anyio.to_thread

from service.config import Settings
from service.engine import Engine
from service.errors import BudgetedError, QueueFull, SourcedError
from service.schemas import Summary, SummaryOptions, SummaryRequest
from service.store.job_rows import DocumentWork
from service.store.jobs import JobStore

log = logging.getLogger(__name__)

Notify = Callable[[str], Awaitable[None]]
SECTION = re.compile(r"(\d+)\s*/\s*(\d+)")
MAX_QUEUE_WAIT_S = 30.0


async def _nothing(_job_id: str) -> None:
    return None


@dataclass
class JobContext:
    """What job work needs: the engine (backend, cache, model slots) and the job store."""

    settings: Settings
    engine: Engine
    store: JobStore
    on_finished: Notify = _nothing  # called once per job, when it is done or cancelled

    @property
    def retention(self) -> timedelta:
        return timedelta(seconds=self.settings.job_retention_s)

    @property
    def document_settings(self) -> Settings:
        """A job's documents may be longer than the synchronous endpoint's, and longer than
        the model's context (drafted in sections)."""
        return self.settings.model_copy(
            update={
                "max_document_chars": self.settings.max_job_document_chars,
                "long_documents": True,
            }
        )


def problem_of(exc: BaseException) -> dict[str, Any]:
    """RFC 9457 problem details for a document that failed, as the API would send them."""
    if isinstance(exc, SourcedError):
        name = type(exc).__name__
        slug = "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")
        problem: dict[str, Any] = {
            "type": f"urn:sourced:problem:{slug}",
            "title": exc.title,
            "status": exc.http_status,
            "detail": str(exc),
        }
        if isinstance(exc, BudgetedError):
            problem.update(attempts=exc.attempts, tokens=exc.tokens)
        return problem
    return {
        "type": "urn:sourced:problem:internal-error",
        "title": "Internal error",
        "status": 500,
        "detail": f"The service failed unexpectedly on this document ({type(exc).__name__}); "
        "the error is logged. Resubmit it, and report it if it persists.",
    }


@dataclass
class _Progress:
    """The latest progress the use case reported; the heartbeat writes it to the store."""

    stage: str | None = "starting"
    detail: str | None = None
    sections: tuple[int, int] | None = None
    changed: bool = True

    def __call__(self, stage: str, detail: str) -> None:
        self.stage, self.detail = stage[:64], detail[:200]
        if stage.startswith("section") and (found := SECTION.search(detail)):
            self.sections = (int(found.group(1)), int(found.group(2)))
        self.changed = True


async def run_document(ctx: JobContext, job_id: str, index: int) -> str:
    """Summarize one document of a job; its outcome: done, failed, cancelled, skipped (it
    was finished) or held (another worker is on it: ask again once its lease could expire)."""
    work = await anyio.to_thread.run_sync(ctx.store.claim, job_id, index)
    if work is None:
        if await anyio.to_thread.run_sync(ctx.store.document_state, job_id, index) == "running":
            return "held"  # by a worker that heartbeats; ask again after its lease
        # Finished already (a redelivered task): nothing to do, but a settler that died
        # before settling is covered here.
        await settle(ctx, job_id)
        return "skipped"
    progress = _Progress()
    task = asyncio.ensure_future(_summarize(ctx, work, progress))
    outcome = "done"
    try:
        while not task.done():
            await asyncio.wait({task}, timeout=ctx.settings.job_heartbeat_s)
            if task.done():
                break
            state = await anyio.to_thread.run_sync(_beat, ctx.store, work, progress)
            if state != "running":  # cancelled (DELETE), or taken over after a lost lease
                task.cancel()
                outcome = "cancelled"
                break
        try:
            summary, cached = await task
            await anyio.to_thread.run_sync(_beat, ctx.store, work, progress)  # the last progress
        except asyncio.CancelledError:
            if _being_cancelled():
                raise
            return outcome
        except Exception as exc:
            if not isinstance(exc, SourcedError):
                log.error("document %d of job %s failed: %s", index, job_id, type(exc).__name__)
            tokens = exc.tokens if isinstance(exc, BudgetedError) else 0
            problem = problem_of(exc)
            await anyio.to_thread.run_sync(
                lambda: ctx.store.fail(job_id, index, problem=problem, tokens=tokens)
            )
            outcome = "failed"
        else:
            usage = summary.provenance.usage
            await anyio.to_thread.run_sync(
                lambda: ctx.store.finish(
                    job_id, index, summary_id=summary.id, cached=cached, tokens=usage.total
                )
            )
    except asyncio.CancelledError:
        # This process is stopping: the document goes back to the queue for the next one.
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await anyio.to_thread.run_sync(ctx.store.release, job_id, index)
        raise
    await settle(ctx, job_id)
    return outcome


def _being_cancelled() -> bool:
    current = asyncio.current_task()
    return current is not None and current.cancelling() > 0


def _beat(store: JobStore, work: DocumentWork, progress: _Progress) -> str | None:
    changed, progress.changed = progress.changed, False
    return store.heartbeat(
        work.job_id,
        work.index,
        stage=progress.stage if changed else None,
        detail=progress.detail if changed else None,
        sections=progress.sections,
    )


async def _summarize(
    ctx: JobContext, work: DocumentWork, progress: _Progress
) -> tuple[Summary, bool]:
    request = SummaryRequest(
        text=work.text,
        title=work.title,
        published_at=work.published_at,
        options=SummaryOptions.model_validate(work.options),
    )
    waited = 0.0
    while True:
        try:
            return await ctx.engine.summarize(request, progress, settings=ctx.document_settings)
        except QueueFull as exc:
            # Synchronous requests filled the model's line; a job waits its turn instead.
            if waited >= ctx.settings.job_lease_s * 100:
                raise
            pause = min(MAX_QUEUE_WAIT_S, float(exc.retry_after_s))
            progress("waiting", f"the model is busy; next try in {pause:g} s")
            await asyncio.sleep(pause)
            waited += pause


async def settle(ctx: JobContext, job_id: str) -> None:
    """Mark the job done if this was its last document, and tell whoever waits for it."""
    if await anyio.to_thread.run_sync(ctx.store.settle, job_id, ctx.retention):
        await ctx.on_finished(job_id)
