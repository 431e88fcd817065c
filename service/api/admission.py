"""Overload is refused at the door: before a request's body is read, parsed or looked up.

When every model slot and place in line is taken, a POST of a new summary gets 503 with
Retry-After at once. Parsing a 2 MB body and hashing it only to refuse it made the refusals
slow and the server slower for those it was serving. The door stands outside FastAPI's own
middleware and routing (`SourcedAPI`): under overload most requests are refusals, and each
layer they pass delays the admitted requests' next step on the same event loop.
"""

from __future__ import annotations

import json
import time

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from service.api.metrics import HttpMetricSet
from service.api.problems import PROBLEM_JSON
from service.engine import Engine


class Admission:
    def __init__(self, engine: Engine, paths: tuple[str, ...], metrics: HttpMetricSet) -> None:
        self.engine = engine
        self.paths = paths
        # The label children looked up once: under overload this runs thousands of times a second.
        self._counted = {p: metrics.requests.labels("POST", p, "503") for p in paths}
        self._timed = {p: metrics.latency.labels("POST", p) for p in paths}

    async def refused(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer 503 and say True when the request is one the queue has no room for."""
        if not (scope["type"] == "http" and scope["method"] == "POST"):
            return False
        path = scope["path"]
        if path not in self.paths:
            return False
        # An engine without a queue (a chat test double) admits everything.
        check = getattr(self.engine, "queue_full", None)
        full = check() if check is not None else None
        if full is None:
            return False
        started = time.perf_counter()
        # The problem+json that problem_response would make, written straight to the server:
        # no Response object, no middleware.
        body = json.dumps(
            {
                "type": "urn:sourced:problem:queue-full",
                "title": full.title,
                "status": 503,
                "detail": str(full),
                "instance": path,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(full.retry_after_s).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        # Counted as HttpMetrics counts the others; the path is one of `paths` (bounded).
        self._counted[path].inc()
        self._timed[path].observe(time.perf_counter() - started)
        return True


class SourcedAPI(FastAPI):
    """FastAPI with `Admission` in front of everything else."""

    door: Admission | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.door is not None and await self.door.refused(scope, receive, send):
            return
        await super().__call__(scope, receive, send)
