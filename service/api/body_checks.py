"""Checks on a request body before anything parses it: its size, its media type, its encoding.

A pure ASGI middleware, so an oversized body is refused while it streams in (never buffered past
the limit) and the route still sees disconnects through the original `receive`.
"""

from __future__ import annotations

import asyncio
import functools
import json
from email.message import Message as MimeMessage
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.paths import route_path
from service.api.problems import problem_response
from service.config import Settings

_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "TRACE"})


def media_type(content_type: str) -> tuple[str, str | None]:
    """("application/json", "utf-8") from "application/json; charset=UTF-8"."""
    parsed = MimeMessage()
    parsed["content-type"] = content_type
    charset = parsed.get_param("charset")
    return parsed.get_content_type(), charset.lower() if isinstance(charset, str) else None


@functools.lru_cache(maxsize=256)
def is_json(content_type: str | None) -> tuple[bool, str]:
    """Whether a JSON route accepts this Content-Type, and if not, what to tell the caller.

    Remembered (a few hundred values): parsing the header as a MIME header cost a cache hit
    as much as its JSON parse; a client sends the same one every time."""
    if not content_type:
        return False, "The request has no Content-Type; send the body as application/json."
    mime, charset = media_type(content_type)
    if mime != "application/json" and not (
        mime.startswith("application/") and mime.endswith("+json")
    ):
        return False, f"The body is {mime}; send it as application/json (a JSON object)."
    if charset not in (None, "utf-8", "utf8"):
        return False, f"The body's charset is {charset}; send it as UTF-8."
    return True, ""


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


PARSED_BODY = "sourced.parsed_body"
"""The scope key under which BodyGuard hands on the JSON body it parsed (valid, no repeated
key): the fast path of POST /v1/summaries reads it instead of parsing the body again."""


def parse_checked(text: str) -> tuple[Any, str | None]:
    """`text` parsed as JSON (None if it is not JSON), and a key that appears twice in one of
    its objects (JSON parsers silently keep the last), else None. Invalid JSON is left for the
    route's own parser to report."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates), None
    except _DuplicateKey as exc:
        return None, str(exc.args[0])[:100]
    except (ValueError, RecursionError):
        return None, None


REMEMBERED_BODY_CHARS = 20_000
"""The longest body whose parse `parse_remembered` keeps (a 3,000-word document's request)."""


@functools.lru_cache(maxsize=256)
def _parse_kept(text: str) -> tuple[Any, str | None]:
    return parse_checked(text)


def parse_remembered(text: str) -> tuple[Any, str | None]:
    """`parse_checked`, remembered for the last few hundred bodies of up to
    `REMEMBERED_BODY_CHARS`: a client asks for the same summary again and again (its cache
    hits), and the parse was a fifth of a hit's time in the app. Every request with the same
    body gets the same parsed object: whoever reads it (CacheHits validates it) must not
    change it."""
    return _parse_kept(text) if len(text) <= REMEMBERED_BODY_CHARS else parse_checked(text)


def duplicate_key(text: str) -> str | None:
    """A key that appears twice in one JSON object of `text`, else None (`parse_checked`)."""
    return parse_checked(text)[1]


def body_limits(settings: Settings) -> dict[str, tuple[int, str]]:
    """The paths whose bodies have their own limit (not SOURCED_MAX_BODY_BYTES), and its setting."""
    return {
        "/v1/jobs": (settings.max_job_body_bytes, "SOURCED_MAX_JOB_BODY_BYTES"),
        "/v1/chat/": (settings.max_chat_body_bytes, "SOURCED_MAX_CHAT_BODY_BYTES"),
    }


class BodyGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        json_paths: tuple[str, ...],
        path_limits: dict[str, tuple[int, str]] | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        """`path_limits`: path prefix -> (limit, the setting that sets it), over `max_bytes`."""
        self.app = app
        self.max_bytes = max_bytes
        self.json_paths = json_paths
        self.path_limits = path_limits or {}
        self.timeout_s = timeout_s

    def _limit(self, path: str) -> tuple[int, str]:
        for prefix, limit in self.path_limits.items():
            if path.startswith(prefix):
                return limit
        return self.max_bytes, "SOURCED_MAX_BODY_BYTES"

    def _too_large(self, path: str = "") -> str:
        limit, setting = self._limit(path)
        return (
            f"The request body is larger than the limit of {limit:,} bytes; send a "
            f"shorter document (the server's limit is {setting})."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _BODYLESS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path = scope["path"]  # as the caller sent it, for the problem's `instance`
        route = route_path(scope)  # as the router matches it
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit()):
            await problem_response(
                400, "The Content-Length header is not a number.", instance=path
            )(scope, receive, send)
            return
        max_bytes = self._limit(route)[0]
        if declared is not None and int(declared) > max_bytes:
            await problem_response(
                413, self._too_large(route), slug="body-too-large", instance=path
            )(scope, receive, send)
            return
        # Only a POST carries a JSON body here; any other method is the router's to refuse (405).
        wants_json = scope["method"] == "POST" and route.startswith(self.json_paths)
        if wants_json:
            ok, reason = is_json(headers.get("content-type"))
            if not ok:
                await problem_response(415, reason, slug="unsupported-media-type", instance=path)(
                    scope, receive, send
                )
                return

        chunks: list[bytes] = []
        size = 0
        try:
            # A stalled upload would hold its connection (and memory) for ever.
            async with asyncio.timeout(self.timeout_s):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return  # the client left before sending its body: nothing to answer
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > max_bytes:
                        await problem_response(
                            413, self._too_large(route), slug="body-too-large", instance=path
                        )(scope, receive, send)
                        return
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await problem_response(
                408,
                f"The request body did not arrive within {self.timeout_s:g}s "
                "(SOURCED_BODY_TIMEOUT_S); send it at once.",
                slug="body-timeout",
                instance=path,
                headers={"Connection": "close"},
            )(scope, receive, send)
            return
        body = b"".join(chunks)
        if wants_json:
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                await problem_response(
                    400,
                    f"The body is not valid UTF-8 (bad byte at position {exc.start}); "
                    "encode the JSON as UTF-8.",
                    slug="not-utf-8",
                    instance=path,
                )(scope, receive, send)
                return
            parsed, duplicate = parse_remembered(decoded)
            if duplicate is not None:
                await problem_response(
                    422,
                    f"The body repeats the key {duplicate!r} in one object; send each key once.",
                    title="Invalid request",
                    slug="invalid-request",
                    instance=path,
                    errors=[{"field": "body", "message": "duplicate key", "type": "json_invalid"}],
                )(scope, receive, send)
                return
            if parsed is not None:
                scope[PARSED_BODY] = parsed

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
