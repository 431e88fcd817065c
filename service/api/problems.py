"""Every error leaves the API as RFC 9457 problem+json, with a message a person can act on.

No handler echoes what the caller sent (document text, keys) or what a provider answered: messages
come from our own error classes, and validation errors keep only the field path and the reason.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import BudgetedError, ModelRefusal, QueueFull, SourcedError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_UNAVAILABLE_S = 5  # a database or setup that failed: worth asking again soon


class Problem(Exception):
    """Raised by routes and dependencies for an HTTP error with its own headers."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.slug = slug
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    slug: str | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:sourced:problem:{slug}" if slug else "about:blank",
        "title": title or _phrase(status),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _slug(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    return ".".join(parts) or "body"


def validation_detail(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """A readable message and the field errors, without the offending input (it may be private)."""
    fields = []
    for error in errors:
        kind = error.get("type", "")
        if kind == "json_invalid":
            reason = error.get("ctx", {}).get("error", "invalid JSON")
            message = (
                f"The body is not valid JSON ({reason}); send a JSON object such as "
                '{"text": "..."} with Content-Type: application/json.'
            )
            return message, [{"field": "body", "message": str(reason), "type": kind}]
        fields.append(
            {"field": _field_path(error.get("loc", ())), "message": error["msg"], "type": kind}
        )
    listed = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
    more = f" (and {len(fields) - 5} more)" if len(fields) > 5 else ""
    return f"The request is invalid: {listed}{more}. Fix the named fields and resend.", fields


def install(app: FastAPI) -> None:
    """Register the handlers that turn every known error into problem+json."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.detail,
            title=exc.title,
            slug=exc.slug,
            instance=request.url.path,
            headers=exc.headers,
            **exc.extra,
        )

    @app.exception_handler(SourcedError)
    async def _sourced(request: Request, exc: SourcedError) -> JSONResponse:
        headers = {}
        extra: dict[str, Any] = {}
        if isinstance(exc, QueueFull):
            headers["Retry-After"] = str(exc.retry_after_s)
        elif exc.http_status == 503:
            headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE_S)
        if isinstance(exc, BudgetedError):
            extra = {"attempts": exc.attempts, "tokens": exc.tokens}
            if exc.request_id:
                extra["upstream_request_id"] = exc.request_id
        detail = str(exc)
        if isinstance(exc, ModelRefusal):
            # The refusal is the model's own words, which may quote the document.
            detail = (
                f"The model refused to summarize this document (after {exc.attempts} attempts); "
                "try another model or a different excerpt."
            )
        if exc.http_status >= 500:
            log.warning("%s on %s: %s", type(exc).__name__, request.url.path, detail)
        return problem_response(
            exc.http_status,
            detail,
            title=exc.title,
            slug=_slug(type(exc).__name__),
            instance=request.url.path,
            headers=headers,
            **extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, fields = validation_detail(list(exc.errors()))
        return problem_response(
            422,
            detail,
            title="Invalid request",
            slug="invalid-request",
            instance=request.url.path,
            errors=fields,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = {
            404: f"Nothing at {request.url.path}; see /docs for the endpoints.",
            405: f"{request.method} is not allowed on {request.url.path}; see /docs.",
        }.get(exc.status_code, str(exc.detail))
        return problem_response(
            exc.status_code,
            detail,
            instance=request.url.path,
            headers=dict(exc.headers or {}),
        )


async def handled(request: Request, exc: Exception) -> Response:
    """What the app's exception handlers answer `exc` with, found by its class as Starlette's
    ExceptionMiddleware finds them: for middleware that answers before that one. An exception
    no handler takes is raised again."""
    handlers = request.app.exception_handlers
    for cls in type(exc).__mro__:
        if cls in handlers:
            response: Response = await handlers[cls](request, exc)
            return response
    raise exc


class CatchAll:
    """Outermost guard: an unexpected exception becomes a bare 500 and a log line with its type.

    Starlette's own error middleware would log the traceback, whose message may quote a document.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except Exception as exc:
            log.error(
                "unhandled %s on %s %s", type(exc).__name__, scope.get("method"), scope.get("path")
            )
            if started:
                return
            response = problem_response(
                500,
                "The service failed unexpectedly; the error is logged. Retry later, and report it "
                "if it persists.",
                slug="internal-error",
            )
            await response(scope, receive, send)


class ProblemDetail(BaseModel):
    """RFC 9457 problem details, as every error is sent (media type application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, str]] | None = Field(
        default=None,
        description="For 422: each invalid field's `field` path, `message` and `type`.",
    )
    attempts: int | None = None
    tokens: int | None = None


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these error statuses."""
    reasons = {
        400: "The body is not UTF-8",
        401: "No API key sent",
        403: "The API key is not accepted",
        404: "No summary with that id",
        413: "The body or the document is over its limit (the limit is in the message)",
        415: "The body is not application/json",
        422: "Invalid JSON or fields (each field's path is in `errors`)",
        429: "Rate limit for this key reached (see Retry-After)",
        502: "The model failed or gave no usable summary",
        503: "The model queue is full (see Retry-After), or the service is not ready",
        504: "The model timed out",
    }
    return {
        status: {
            "description": reasons.get(status, _phrase(status)),
            "content": {PROBLEM_JSON: {"schema": ProblemDetail.model_json_schema()}},
        }
        for status in statuses
    }
