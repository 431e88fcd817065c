"""Overload is refused at the door: before a request's body is read, parsed or looked up.

When every model slot and place in line is taken, a POST of a new summary gets 503 with
Retry-After at once. Parsing a 2 MB body and hashing it only to refuse it made the refusals
slow and the server slower for those it was serving. The door stands outside FastAPI's own
middleware and routing (`SourcedAPI`): under overload most requests are refusals, and each
layer they pass delays the admitted requests' next step on the same event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.parse
from typing import Any

import httptools
import uvicorn
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle
from uvicorn.protocols.utils import get_client_addr, get_path_with_query_string

from service.api.metrics import HttpMetricSet
from service.api.paths import route_path
from service.api.problems import PROBLEM_JSON
from service.engine import Engine


class Admission:
    def __init__(self, engine: Engine, paths: tuple[str, ...], metrics: HttpMetricSet) -> None:
        self.engine = engine
        self.paths = paths
        # False once DoorProtocol failed in this process: the app's door refuses from then on.
        self.in_protocol = True
        # The label children looked up once: under overload this runs thousands of times a second.
        self._counted = {p: metrics.requests.labels("POST", p, "503") for p in paths}
        self._timed = {p: metrics.latency.labels("POST", p) for p in paths}

    def refusal(
        self, method: str, path: str, instance: str | None = None
    ) -> tuple[bytes, list[tuple[bytes, bytes]]] | None:
        """The 503's body and headers when this request is one the queue has no room for
        (counted by `observe` once it is written); None: let it in. `path` is the one the
        router matches; `instance`, the one the caller sent (with a root path)."""
        if method != "POST" or path not in self.paths:
            return None
        # An engine without a queue (a chat test double) admits everything.
        check = getattr(self.engine, "queue_full", None)
        full = check() if check is not None else None
        if full is None:
            return None
        # The problem+json that problem_response would make, written straight to the server:
        # no Response object, no middleware.
        body = json.dumps(
            {
                "type": "urn:sourced:problem:queue-full",
                "title": full.title,
                "status": 503,
                "detail": str(full),
                "instance": instance or path,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(full.retry_after_s).encode()),
        ]
        return body, headers

    def observe(self, path: str, seconds: float) -> None:
        """Count a refusal that was written, and its time: `path` is one of `paths`."""
        self._counted[path].inc()
        self._timed[path].observe(seconds)

    async def refused(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer 503 and say True when the request is one the queue has no room for."""
        if scope["type"] != "http":
            return False
        started = time.perf_counter()
        path = route_path(scope)
        refusal = self.refusal(scope["method"], path, scope["path"])
        if refusal is None:
            return False
        body, headers = refusal
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        self.observe(path, time.perf_counter() - started)
        return True


class SourcedAPI(FastAPI):
    """FastAPI with `Admission` in front of everything else."""

    door: Admission | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.door is not None and await self.door.refused(scope, receive, send):
            return
        await super().__call__(scope, receive, send)


def door_of(app: object) -> Admission | None:
    """The door of a SourcedAPI, through the middleware uvicorn wraps an app in."""
    for _ in range(8):
        if isinstance(app, SourcedAPI):
            return app.door
        app = getattr(app, "app", None)
    return None


REFUSED_READ_PAUSE_S = 0.2
"""How long a connection that was refused is not read: well under any Retry-After (>= 1 s)."""


class DoorProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol with the door in front of the ASGI app: a refusal is written the
    moment the request's headers are parsed, with no ASGI task or request cycle (and the
    access-log line uvicorn writes for every other response).

    Under overload almost every request is a refusal; through the app each cost a task and a
    dozen coroutine steps on the loop the admitted requests wait on, and at 128 clients the
    admitted ones got a third of the throughput they had at 8. The body that follows is left to
    the parser and dropped; the connection stays open for the client's next request.

    It leans on uvicorn's protocol (its parser callbacks, scope and request cycle), which
    changes between releases (0.55 logs the scope's `raw_path`). Everything that can fail runs
    before a byte is written; if it fails, the request goes on to the app, whose own door gives
    the same 503, and the process stops using this one (logged once).
    """

    def on_headers_complete(self) -> None:
        door = self._door()
        if (
            door is None
            or not door.in_protocol
            or (self.cycle is not None and not self.cycle.response_complete)
        ):
            super().on_headers_complete()  # a pipelined request waits its turn as usual
            return
        started = time.perf_counter()
        try:
            refused = self._prepare_refusal(door)
        except Exception:
            door.in_protocol = False
            self.logger.exception(
                "The door in the HTTP protocol failed (uvicorn %s); the app's door refuses "
                "overload from now on.",
                uvicorn.__version__,
            )
            refused = None
        if refused is None:
            super().on_headers_complete()
            return
        response, path, keep_alive = refused
        self.transport.write(response)
        door.observe(path, time.perf_counter() - started)
        if not keep_alive:
            self.transport.close()
            return
        self.on_response_complete()
        # A client that asks again at once, on the same connection, ignores Retry-After: its
        # next request is read a moment later. On a machine it shares with its clients, a
        # server that answers refusals as fast as they come hands its cores to them.
        self.flow.pause_reading()
        self.loop.call_later(REFUSED_READ_PAUSE_S, self._resume_after_refusal)

    def _prepare_refusal(self, door: Admission) -> tuple[bytes, str, bool] | None:
        """The refusal's bytes, the router's path and whether the connection stays open, with
        the access-log line written and a finished request cycle in place; None: no refusal."""
        # The path as the router matches it: uvicorn puts root_path in front of it in the scope.
        url = httptools.parse_url(self.url)
        path = url.path.decode("ascii", "replace")
        if "%" in path:
            path = urllib.parse.unquote(path)
        method = self.parser.get_method().decode("ascii", "replace")
        refusal = door.refusal(method, path, self.root_path + path)
        if refusal is None:
            return None
        body, headers = refusal
        # What uvicorn's on_headers_complete puts in the scope: the ASGI keys its access log
        # reads (the door's paths are ASCII, so the path is the one uvicorn decodes).
        self.scope["method"] = method
        self.scope["http_version"] = self.parser.get_http_version()
        self.scope["path"] = self.root_path + path
        self.scope["raw_path"] = self.root_path.encode("ascii") + url.path
        self.scope["query_string"] = url.query or b""
        # A client that waits for "100 Continue" may never send its body: the connection
        # cannot be read for another request after it.
        keep_alive = (
            self.parser.get_http_version() == "1.1"
            and self.parser.should_keep_alive()
            and not self.expect_100_continue
        )
        head = [b"HTTP/1.1 503 Service Unavailable\r\n"]
        for name, value in [*self.server_state.default_headers, *headers]:
            head += [name, b": ", value, b"\r\n"]
        if not keep_alive:
            head.append(b"connection: close\r\n")
        # A finished cycle: the body's callbacks drop what follows, keep-alive carries on.
        cycle = RequestResponseCycle(
            scope=self.scope,
            transport=self.transport,
            flow=self.flow,
            logger=self.logger,
            access_logger=self.access_logger,
            access_log=False,
            default_headers=self.server_state.default_headers,
            message_event=asyncio.Event(),
            expect_100_continue=False,
            keep_alive=keep_alive,
            on_response=self.on_response_complete,
        )
        cycle.response_complete = True
        if self.access_log:  # before the response is written, as uvicorn's cycle logs
            self._log_access(503)
        self.cycle = cycle
        return b"".join([*head, b"\r\n", body]), path, keep_alive

    def _log_access(self, status: int) -> None:
        """The access-log line uvicorn writes for every response it sends, with the client as
        the app sees it (X-Forwarded-For believed from the trusted proxies alone)."""
        scope: Any = dict(self.scope)
        if self.config.proxy_headers:
            scope = _through_proxy_headers(scope, self.config.forwarded_allow_ips)
        self.access_logger.info(
            '%s - "%s %s HTTP/%s" %d',
            get_client_addr(scope),
            scope["method"],
            get_path_with_query_string(scope),
            scope["http_version"],
            status,
        )

    def _resume_after_refusal(self) -> None:
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self.flow.resume_reading()

    def _door(self) -> Admission | None:
        if not hasattr(self, "_found_door"):
            self._found_door = door_of(self.app)
        return self._found_door


def _through_proxy_headers(scope: Any, trusted: list[str] | str) -> Any:
    """`scope` as uvicorn's ProxyHeadersMiddleware hands it on: its own rules, run at once
    (it awaits nothing but the app, which here only keeps the scope)."""
    seen: list[Any] = []

    async def keep(inner: Any, _receive: Any, _send: Any) -> None:
        seen.append(inner)

    middleware: Any = ProxyHeadersMiddleware(keep, trusted)
    with contextlib.suppress(StopIteration):
        middleware(scope, _no_receive, _no_send).send(None)
    return seen[0] if seen else scope


async def _no_receive() -> Message:
    raise RuntimeError("a refusal has no body to read")


async def _no_send(_message: Message) -> None:
    raise RuntimeError("a refusal is written by the protocol")
