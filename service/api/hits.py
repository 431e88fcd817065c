"""POST /v1/summaries answered before FastAPI: hits as the stored JSON bytes, misses made.

Under load most summaries asked for are hits, and FastAPI's routing, dependency resolution and
request handling cost a hit more than its lookup did, and a miss a seventh of its time. The
request is parsed once (BodyGuard's parse, handed on in the scope). `CacheHits` sits inside the
middleware every request passes (metrics, the catch-all, the body checks: they treat it as
before) and answers only a request that passes the route's own steps: the same `SummaryRequest`
validation FastAPI makes, the same API key check, the caller's own stored record (never another
tenant's), then the same rate limit; a miss is then made by the route's own code
(`answer_miss`), its errors answered by the app's own handlers. Anything else (an invalid body,
a missing or refused key, a rate limit reached, a store that fails) goes on to the route
untouched, which answers it as it always has.
"""

from __future__ import annotations

import json
from collections import deque

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.body_checks import PARSED_BODY
from service.api.deps import authenticate, bearer, rate_limit
from service.api.paths import route_path
from service.api.problems import Problem, handled
from service.api.routes.summaries import (
    HANDED_LOOKUP,
    HandedLookup,
    answer_miss,
    check_text,
    json_response,
)
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
            body = b"".join(m.get("body", b"") for m in messages)
            response = await self._answer(scope, receive, body)
        if response is not None:
            scope["route"] = self.route  # as the router would set it, for HttpMetrics
            await response(scope, receive, send)
            return
        pending = deque(messages)

        async def replay() -> Message:
            return pending.popleft() if pending else await receive()

        await self.app(scope, replay, send)

    async def _answer(self, scope: Scope, receive: Receive, body: bytes) -> Response | None:
        """The response to a request that passes the route's checks; None for anything the
        route should answer. `receive`: what follows the body (a disconnect)."""
        try:
            # What FastAPI does with a JSON body: json.loads, then the model's validation.
            parsed = scope[PARSED_BODY] if PARSED_BODY in scope else json.loads(body)
            summary_request = SummaryRequest.model_validate(parsed)
            check_text(summary_request)
        except (ValueError, RecursionError, Problem):  # ValidationError is a ValueError
            return None
        request = Request(scope, receive)
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
        scope[HANDED_LOOKUP] = HandedLookup(key, tenant, found)
        try:
            await rate_limit(request, caller)
        except Problem:  # 429: counted nothing; the route's own check refuses it
            return None
        if found.json is not None:
            self.engine.count_hit()
            return json_response(found.json, hit=True)
        scope["route"] = self.route  # as the router sets it: the metrics of a miss that fails
        try:
            return await answer_miss(request, self.engine, summary_request, tenant, found)
        except (Problem, SourcedError) as exc:  # what the route's handlers would answer
            return await handled(request, exc)
