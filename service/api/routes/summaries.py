"""POST /v1/summaries, GET /v1/summaries/{id} (JSON or the review page), GET .../view."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, MutableMapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from fastapi import APIRouter, Body, Path, Request, Response
from fastapi.responses import HTMLResponse

from service.api import examples
from service.api.deps import Caller, Credentials, EngineDep, authenticate, rate_limit
from service.api.negotiation import prefers_html
from service.api.problems import Problem, documented
from service.api.review import review_page
from service.engine import Engine, JsonLookup
from service.errors import DocumentTooLong
from service.schemas import Summary, SummaryRequest
from service.store import StoredSummary

log = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["summaries"])

T = TypeVar("T")
SummaryId = Annotated[
    str,
    Path(
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="The `id` of a Summary returned by POST /v1/summaries.",
        examples=[examples.SUMMARY["id"]],
    ),
]
CLIENT_CLOSED = 499  # nginx's convention; the client never sees it, the metrics do
HANDED_LOOKUP = "sourced.summary_lookup"
"""The scope key under which service/api/hits.py hands a miss's lookup on to the route."""


@dataclass(frozen=True)
class HandedLookup:
    key: str
    tenant: str
    found: JsonLookup


def handed_lookup(
    scope: MutableMapping[str, Any], engine: Engine, body: SummaryRequest, tenant: str
) -> JsonLookup | None:
    """The lookup made already of this very request for this tenant, if one was."""
    handed = scope.get(HANDED_LOOKUP)
    if (
        isinstance(handed, HandedLookup)
        and handed.tenant == tenant
        and handed.key == engine.request_key(body)
    ):
        return handed.found
    return None


def check_text(body: SummaryRequest) -> None:
    """Refuse strings that JSON allows but no store or response can carry."""
    for name in ("text", "title", "published_at"):
        value = getattr(body, name)
        if value is None:
            continue
        if "\x00" in value:
            raise _field_problem(name, "contains NUL characters; send plain text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _field_problem(
                name, f"contains an unpaired surrogate escape at character {exc.start}"
            ) from None


def _field_problem(name: str, message: str) -> Problem:
    return Problem(
        422,
        f"The request is invalid: body.{name}: {message}.",
        title="Invalid request",
        slug="invalid-request",
        errors=[{"field": f"body.{name}", "message": message, "type": "value_error"}],
    )


async def _wait_for_disconnect(request: Request) -> None:
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def unless_disconnected(request: Request, work: Awaitable[T]) -> T:
    """Await `work` while watching the connection; a client that leaves cancels it.

    `work` runs in the caller's own task, which the watcher cancels when the client leaves: a
    task of its own and `asyncio.wait` for the two, then a wait for the cancelled watcher to
    finish, cost every miss three more tasks' steps and two more turns of the server's loop."""
    task = asyncio.current_task()
    if task is None:  # not in a task (never under uvicorn): nothing to cancel
        return await work
    left = False

    async def watch() -> None:
        nonlocal left
        await _wait_for_disconnect(request)
        left = True
        task.cancel()

    watcher = asyncio.ensure_future(watch())
    try:
        return await work
    except asyncio.CancelledError:
        if not left or task.uncancel() > 0:  # cancelled for another reason (a shutdown) too
            raise
    finally:
        # Its next step raises, never reads a message: the response's own are not taken.
        watcher.cancel()
    log.info("client disconnected; its summary was cancelled")
    raise Problem(
        CLIENT_CLOSED,
        "The client closed the connection; the work was cancelled.",
        title="Client closed request",
    )


@router.post(
    "/summaries",
    response_model=Summary,
    summary="Summarize a document, every claim verified against its text",
    description=(
        "Returns a Summary whose claims each cite exact character spans of `text` "
        "(`text[start:end] == quote`) and name who made them. The same text, title, date and "
        "options with the same prompt and model return the stored Summary without calling the "
        "model again (`X-Cache: hit`). A client that disconnects cancels the work."
    ),
    responses={
        200: {
            "description": "The verified summary",
            "headers": {"X-Cache": {"description": "hit or miss", "schema": {"type": "string"}}},
            "content": {"application/json": {"example": examples.SUMMARY}},
        },
        **documented(400, 401, 403, 413, 415, 422, 429, 502, 503, 504),
    },
)
async def create_summary(
    request: Request,
    body: Annotated[SummaryRequest, Body(openapi_examples=examples.REQUESTS)],
    engine: EngineDep,
    caller: Caller,
) -> Any:
    check_text(body)
    tenant = caller if caller.startswith("key:") else ""  # without keys: one local tenant
    # A miss that CacheHits (service/api/hits.py) looked up already is not looked up again.
    handed = handed_lookup(request.scope, engine, body, tenant)
    # Sent as JSON bytes directly: the Summary was validated when it was made (or stored).
    found = handed if handed is not None else await engine.find_json(body, tenant=tenant)
    if found.json is not None:
        return json_response(found.json, hit=True)
    return await answer_miss(request, engine, body, tenant, found)


async def answer_miss(
    request: Request, engine: Engine, body: SummaryRequest, tenant: str, found: JsonLookup
) -> Response:
    """The answer to a request whose lookup (`found`) found no record of this tenant's: the
    summary made (or copied from another tenant's record), unless the client leaves first.
    The route's, and CacheHits' for a request that passed the route's checks."""
    try:
        summary_json, hit = await unless_disconnected(
            request,
            engine.summarize_json(
                body, tenant=tenant, refuse_if_full=True, missed_at=found.missed_at, key=found.key
            ),
        )
    except DocumentTooLong as exc:
        raise as_job_hint(exc, engine.settings.max_job_document_chars) from None
    return json_response(summary_json, hit=hit)


def json_response(content: bytes, *, hit: bool) -> Response:
    return Response(
        content, media_type="application/json", headers={"X-Cache": "hit" if hit else "miss"}
    )


def as_job_hint(exc: DocumentTooLong, job_limit: int) -> DocumentTooLong:
    """The 413 of a document too long to summarize while the caller waits: send a job."""
    return DocumentTooLong(
        f"{exc.message} Or send it as a job, POST /v1/jobs, which takes documents of up to "
        f"{job_limit:,} characters and long ones section by section."
    )


async def _stored_or_404(engine: Engine, summary_id: str) -> StoredSummary:
    stored = await engine.get_stored(summary_id)
    if stored is None:
        raise Problem(
            404,
            f"No summary with id {summary_id}; ids come from POST /v1/summaries.",
            slug="not-found",
        )
    return stored


@router.get(
    "/summaries/{summary_id}",
    response_model=Summary,
    summary="A stored summary (JSON), or its review page for Accept: text/html",
    responses={
        200: {
            "description": "The summary as JSON, or the review page when the client prefers HTML",
            "content": {"application/json": {"example": examples.SUMMARY}, "text/html": {}},
        },
        **documented(401, 403, 404, 422, 429),
    },
)
async def read_summary(
    request: Request, summary_id: SummaryId, engine: EngineDep, credentials: Credentials
) -> Any:
    if prefers_html(request.headers.get("accept")):
        return await _review_page(await _stored_or_404(engine, summary_id))
    caller = authenticate(request, credentials)
    await rate_limit(request, caller)
    return (await _stored_or_404(engine, summary_id)).summary


@router.get(
    "/summaries/{summary_id}/view",
    response_class=HTMLResponse,
    summary="The review page of a stored summary",
    description=(
        "The document with each claim's evidence highlighted beside the claims, their sources "
        "and verification results; clicking a claim scrolls to its spans. Self-contained HTML. "
        "Like a shared-document link, the unguessable id is the permission: no API key needed."
    ),
    responses={200: {"content": {"text/html": {}}}, **documented(404, 422)},
)
async def view_summary(summary_id: SummaryId, engine: EngineDep) -> HTMLResponse:
    return await _review_page(await _stored_or_404(engine, summary_id))


async def _review_page(stored: StoredSummary) -> HTMLResponse:
    """Rendered in a worker thread: a 200k-character document takes seconds of CPU."""
    return await anyio.to_thread.run_sync(review_page, stored)
