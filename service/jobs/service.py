"""Submitting, reading and cancelling jobs: what the HTTP routes and the CLI call.

A job is checked (document count, webhook URL), stored with every document, and only then
dispatched, so an accepted job survives any crash. Documents that are bad on their face (empty,
binary, over the limit) are stored as failed with their problem and never run: one bad document
never sinks the others.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta

import anyio.to_thread

from service.chat.links import Resolver, system_resolver
from service.config import Settings
from service.engine import Engine
from service.errors import (
    DocumentTooLong,
    EmptyDocument,
    InputError,
    JobNotFound,
    TooManyDocuments,
    UndecodableDocument,
    WebhookRefused,
)
from service.jobs.models import JobDocument, JobRequest
from service.jobs.runner import InProcessRunner, Runner
from service.jobs.webhooks import signer, vet_webhook_url
from service.jobs.work import JobContext, problem_of, settle
from service.store import database_url
from service.store.job_rows import JobStatus, NewDocument, NewJob
from service.store.jobs import JobStore


def document_problem(document: JobDocument, max_chars: int) -> InputError | None:
    """Why a document cannot be summarized, if that is plain before any work."""
    text = document.text
    if not text.strip():
        return EmptyDocument("The document is empty or only whitespace; send its text.")
    if len(text) > max_chars:
        return DocumentTooLong(
            f"The document has {len(text):,} characters; a job's limit is {max_chars:,} "
            "(SOURCED_MAX_JOB_DOCUMENT_CHARS). Split it into several documents."
        )
    if "\x00" in text:
        return UndecodableDocument(
            "The document contains NUL characters: it is binary data, not text. "
            "Send plain UTF-8 text."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return UndecodableDocument(
            f"The document has an unpaired surrogate at character {exc.start}; "
            "send valid Unicode text."
        )
    return None


def request_fingerprint(request: JobRequest) -> str:
    """Equal for equal bodies: an Idempotency-Key reused with another body is refused."""
    # ensure_ascii: a document with unpaired surrogates (it will fail) still has a fingerprint.
    body = json.dumps(request.model_dump(mode="python"), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass
class JobService:
    ctx: JobContext
    runner: Runner
    resolver: Resolver = system_resolver

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    @property
    def store(self) -> JobStore:
        return self.ctx.store

    async def start(self) -> None:
        await self.runner.start()

    async def stop(self) -> None:
        await self.runner.stop()
        await anyio.to_thread.run_sync(self.store.close)

    async def submit(
        self, request: JobRequest, *, caller: str, idempotency_key: str | None = None
    ) -> tuple[JobStatus, bool]:
        """The stored job, and False when the Idempotency-Key names one submitted before."""
        limit = self.settings.max_job_documents
        if len(request.documents) > limit:
            raise TooManyDocuments(
                f"The job has {len(request.documents)} documents; the limit is {limit} "
                "(SOURCED_MAX_JOB_DOCUMENTS). Send them as several jobs."
            )
        if request.webhook_url:
            if self.settings.webhook_secret is None:
                raise WebhookRefused(
                    "This server has no webhook signing secret (SOURCED_WEBHOOK_SECRET), so it "
                    "sends no webhooks: submit without webhook_url and poll the job's URL, or "
                    "ask its operator to set the secret."
                )
            signer(self.settings)
            await vet_webhook_url(request.webhook_url, self.settings, self.resolver)
        max_chars = self.settings.max_job_document_chars
        documents = []
        for document in request.documents:
            problem = document_problem(document, max_chars)
            documents.append(
                NewDocument(
                    text=document.text if problem is None else "",
                    title=document.title,
                    published_at=document.published_at,
                    problem=problem_of(problem) if problem else None,
                    chars=len(document.text),
                )
            )
        job = NewJob(
            id=uuid.uuid4().hex,
            caller=caller,
            request_sha256=request_fingerprint(request),
            options=request.options.model_dump(mode="json"),
            documents=documents,
            retention=timedelta(seconds=self.settings.job_retention_s),
            idempotency_key=idempotency_key,
            webhook_url=request.webhook_url,
        )
        status, created = await anyio.to_thread.run_sync(self.store.create, job)
        if created:
            runnable = [d.index for d in status.documents if d.state == "queued"]
            if runnable:
                await self.runner.dispatch(status.id, runnable)
            else:
                await settle(self.ctx, status.id)
        return status, created

    async def get(self, job_id: str, *, caller: str) -> JobStatus:
        status = await anyio.to_thread.run_sync(self.store.get, job_id)
        if status is None or status.caller != caller:
            raise JobNotFound(
                f"No job with id {job_id}: ids come from POST /v1/jobs, and finished jobs are "
                f"removed {self.settings.job_retention_s:g} s after they finish."
            )
        return status

    async def recent(self, *, caller: str, limit: int = 50) -> list[JobStatus]:
        return await anyio.to_thread.run_sync(lambda: self.store.recent(caller, limit=limit))

    async def cancel(self, job_id: str, *, caller: str) -> JobStatus:
        """Cancel what has not finished (running documents stop at their next heartbeat)."""
        await self.get(job_id, caller=caller)
        retention = timedelta(seconds=self.settings.job_retention_s)
        if await anyio.to_thread.run_sync(self.store.cancel, job_id, retention):
            await self.runner.finished(job_id)
        return await self.get(job_id, caller=caller)


def build_job_service(
    settings: Settings, engine: Engine, *, resume: bool = True, sole_process: bool = True
) -> JobService:
    """The composition root's one place for the job store and the runner the settings ask for.

    `resume`: take up unfinished jobs on start (the server does; a CLI batch runs only its own).
    `sole_process`: no other process runs this store's jobs in-process (False for one of
    `sourced serve --workers N`: their running documents are theirs).
    """
    store = JobStore(database_url(settings), lease_s=settings.job_lease_s)
    ctx = JobContext(settings=settings, engine=engine, store=store)
    runner: Runner
    if settings.broker_url:
        from service.jobs.worker import CeleryDispatcher

        runner = CeleryDispatcher(ctx, resume=resume)
    else:
        runner = InProcessRunner(ctx, resume=resume, sole_process=sole_process)
    return JobService(ctx=ctx, runner=runner)
