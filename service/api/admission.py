"""Overload is refused at the door: before a request's body is read, parsed or looked up.

When every model slot and place in line is taken, a POST of a new summary gets 503 with
Retry-After at once. Parsing a 2 MB body and hashing it only to refuse it made the refusals
slow and the server slower for those it was serving.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.problems import problem_response
from service.engine import Engine


class Admission:
    def __init__(self, app: ASGIApp, *, engine: Engine, paths: tuple[str, ...]) -> None:
        self.app = app
        self.engine = engine
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in self.paths:
            # An engine without a queue (a chat test double) admits everything.
            check = getattr(self.engine, "queue_full", None)
            full = check() if check is not None else None
            if full is not None:
                response = problem_response(
                    503,
                    str(full),
                    title=full.title,
                    slug="queue-full",
                    instance=scope["path"],
                    headers={"Retry-After": str(full.retry_after_s)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
