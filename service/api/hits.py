"""Cache hits of POST /v1/summaries answered before FastAPI: the stored JSON bytes as they are.

Under load most summaries asked for are hits, and FastAPI's routing, dependency resolution and
request handling cost a hit more than its lookup did. `CacheHits` sits inside the middleware
every request passes (metrics, the catch-all, the body checks: they treat a hit as before) and
answers only a request it can tell is a hit for its caller, by the route's own steps: the same
JSON parse and `SummaryRequest` validation FastAPI makes, the same API key check, the caller's
own stored record (never another tenant's), then the same rate limit. Anything else (an invalid
body, a missing or refused key, a miss, another tenant's record, a rate limit reached, a store
that fails) goes on to the route untouched, which answers it as it always has; a miss hands its
lookup on, so the route does not look it up a second time.
"""

from __future__ import annotations

import json
from collections import deque

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.deps import authenticate, bearer, rate_limit
from service.api.paths import route_path
from service.api.problems import Problem
from service.api.routes.summaries import HANDED_LOOKUP, HandedLookup, check_text, json_response
from service.engine import Engine
from service.errors import SourcedError
from service.schemas import SummaryRequest

PATH = "/v1/summaries"


def summaries_route(router: APIRouter) -> APIRoute:
    """The route of POST /v1/summaries: what FastAPI's router puts in a request's scope."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.path == PATH and "POST" in (route.methods or ()):
            return route
    raise LookupError(f"the router has no POST {PATH}")


class CacheHits:
    def __init__(self, app: ASGIApp, *, engine: Engine, route: APIRoute) -> None:
        """`route`: the FastAPI route of POST /v1/summaries, which labels a hit's metrics."""
        self.app = app
        self.engine = engine
        self.route = route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or route_path(scope) != PATH:
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        while True:  # BodyGuard, outside, has read the whole body already: one message
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        response = None
        if message["type"] == "http.request":
            response = await self._hit(scope, b"".join(m.get("body", b"") for m in messages))
        if response is not None:
            scope["route"] = self.route  # as the router would set it, for HttpMetrics
            await response(scope, receive, send)
            return
        pending = deque(messages)

        async def replay() -> Message:
            return pending.popleft() if pending else await receive()

        await self.app(scope, replay, send)

    async def _hit(self, scope: Scope, body: bytes) -> Response | None:
        """The response to a hit of this caller's; None for anything the route should answer."""
        try:
            # What FastAPI does with a JSON body: json.loads, then the model's validation.
            summary_request = SummaryRequest.model_validate(json.loads(body))
            check_text(summary_request)
        except (ValueError, RecursionError, Problem):  # ValidationError is a ValueError
            return None
        request = Request(scope)
        try:
            caller = authenticate(request, await bearer(request))
        except Problem:  # 401 or 403: the route says it
            return None
        tenant = caller if caller.startswith("key:") else ""  # as the route derives it
        key = self.engine.request_key(summary_request)
        try:
            found = await self.engine.lookup_json(key, tenant=tenant)
        except SourcedError:  # a failing store: the route's lookup fails the same way, as a 503
            return None
        if found.json is None:
            scope[HANDED_LOOKUP] = HandedLookup(key, tenant, found)
            return None
        try:
            await rate_limit(request, caller)
        except Problem:  # 429: counted nothing; the route's own check refuses it
            return None
        self.engine.count_hit()
        return json_response(found.json.encode(), hit=True)
