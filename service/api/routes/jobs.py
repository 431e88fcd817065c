"""POST /v1/jobs, GET /v1/jobs[/{id}], DELETE /v1/jobs/{id}, GET /v1/jobs/{id}/events (SSE)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request, Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from service.api.deps import Caller, get_settings
from service.api.problems import Problem, documented
from service.config import Settings
from service.jobs.models import Job, JobList, JobRequest
from service.jobs.service import JobService
from service.jobs.views import job_view
from service.store.job_rows import IdempotencyConflict

router = APIRouter(prefix="/v1", tags=["jobs"])

JobId = Annotated[
    str,
    Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="The `id` of a job from POST /v1/jobs."),
]
EVENTS_POLL_S = 0.5


async def get_jobs(request: Request) -> JobService:
    jobs: JobService = request.app.state.jobs
    return jobs


Jobs = Annotated[JobService, Depends(get_jobs)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _view(settings: Settings, status: Any) -> Job:
    return job_view(status, settings.public_base_url)


@router.post(
    "/jobs",
    status_code=202,
    response_model=Job,
    summary="Summarize one or many documents in the background",
    description=(
        "Stores the job, every document included, before answering `202 Accepted` with its "
        "`Location`: read its progress there, follow `/events`, or give a `webhook_url`. "
        "Documents may be far longer than POST /v1/summaries takes. The same `Idempotency-Key` "
        "with the same body returns the first job instead of a second."
    ),
    responses={
        202: {"description": "Accepted: the job as stored", "headers": {"Location": {}}},
        **documented(401, 403, 413, 415, 422, 429, 503),
    },
)
async def create_job(
    response: Response,
    body: Annotated[JobRequest, Body()],
    jobs: Jobs,
    settings: SettingsDep,
    caller: Caller,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            description="Any unique string: a retried POST with it makes no second job.",
        ),
    ] = None,
) -> Job:
    try:
        status, created = await jobs.submit(body, caller=caller, idempotency_key=idempotency_key)
    except IdempotencyConflict:
        raise Problem(
            422,
            "This Idempotency-Key was used before with a different body; use a new key for a "
            "new job.",
            slug="idempotency-key-reused",
        ) from None
    view = _view(settings, status)
    response.headers["Location"] = view.links["self"]
    if not created:
        response.headers["Idempotent-Replayed"] = "true"
    return view


@router.get(
    "/jobs",
    response_model=JobList,
    summary="Your jobs, newest first",
    responses=documented(401, 403, 429),
)
async def list_jobs(
    jobs: Jobs,
    settings: SettingsDep,
    caller: Caller,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> JobList:
    found = await jobs.recent(caller=caller, limit=limit)
    return JobList(jobs=[_view(settings, status) for status in found])


@router.get(
    "/jobs/{job_id}",
    response_model=Job,
    summary="A job: each document's state, progress and link to its Summary",
    responses=documented(401, 403, 404, 422, 429),
)
async def read_job(job_id: JobId, jobs: Jobs, settings: SettingsDep, caller: Caller) -> Job:
    return _view(settings, await jobs.get(job_id, caller=caller))


@router.delete(
    "/jobs/{job_id}",
    response_model=Job,
    summary="Cancel a job: documents not finished are not summarized",
    responses=documented(401, 403, 404, 422, 429),
)
async def cancel_job(job_id: JobId, jobs: Jobs, settings: SettingsDep, caller: Caller) -> Job:
    return _view(settings, await jobs.cancel(job_id, caller=caller))


@router.get(
    "/jobs/{job_id}/events",
    summary="The job's progress as Server-Sent Events",
    description=(
        "An event `progress` (the Job as JSON) whenever it changes, then one `done` or "
        "`cancelled` event when it ends, and the stream closes."
    ),
    responses={200: {"content": {"text/event-stream": {}}}, **documented(401, 403, 404, 429)},
)
async def job_events(
    request: Request, job_id: JobId, jobs: Jobs, settings: SettingsDep, caller: Caller
) -> EventSourceResponse:
    await jobs.get(job_id, caller=caller)  # a 404 before the stream starts

    async def events() -> AsyncIterator[ServerSentEvent]:
        last = None
        number = 0
        while True:
            view = _view(settings, await jobs.get(job_id, caller=caller))
            shown = view.model_dump_json()
            if shown != last:
                number += 1
                last = shown
                finished = view.state in ("done", "cancelled")
                event = view.state if finished else "progress"
                yield ServerSentEvent(data=shown, event=event, id=str(number))
                if finished:
                    return
            if await request.is_disconnected():
                return
            await asyncio.sleep(EVENTS_POLL_S)

    return EventSourceResponse(events(), ping=15)
