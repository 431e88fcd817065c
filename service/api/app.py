"""The app factory: the one place the HTTP layer is assembled from Settings (and an Engine)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from service.api import problems
from service.api.admission import Admission, SourcedAPI
from service.api.auth import KeyRing
from service.api.body_checks import BodyGuard, body_limits
from service.api.hits import CacheHits, summaries_route
from service.api.mcp_http import mount_mcp
from service.api.metrics import HttpMetrics, HttpMetricSet
from service.api.operations import OperationsGuard
from service.api.ratelimit import RateLimiter
from service.api.routes import health, jobs, summaries, verify
from service.chat.conversations import ConversationService
from service.chat.jobs import ChatService
from service.chat.routes import router as chat_router
from service.chat.shortcuts import router as slack_shortcuts_router
from service.composition import make_engine
from service.config import Settings
from service.engine import Engine
from service.jobs.service import build_job_service

DESCRIPTION = """
Summaries whose every claim is checked: each claim cites exact character spans of the document
(`text[start:end] == quote`) and names who made it. Errors are RFC 9457 problem+json.
Send `Authorization: Bearer <key>` when the server has API keys configured.
"""


def create_app(
    settings: Settings,
    engine: Engine | None = None,
    *,
    resume_jobs: bool = True,
    sole_process: bool = True,
) -> FastAPI:
    """The HTTP API. Without `engine`, one is built from settings (and closed on shutdown).

    `resume_jobs` and `sole_process`: see `build_job_service` (one of several worker processes
    resumes jobs only if it is the one chosen to, and never requeues running documents).
    """
    keys = KeyRing.from_setting(settings.api_keys)
    limiter = RateLimiter(settings.rate_limit, settings.shared_rate_limit_storage)
    owns_engine = engine is None
    engine = engine or make_engine(settings)
    job_service = build_job_service(settings, engine, resume=resume_jobs, sole_process=sole_process)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # In the background, so /healthz answers while the model loads; /readyz waits for it.
        warm_up = asyncio.create_task(engine.warm_up())
        await job_service.start()  # resumes unfinished jobs; schedules the retention sweep
        async with mcp_lifespan():  # the MCP endpoint's sessions
            yield
        await job_service.stop()
        await limiter.aclose()
        warm_up.cancel()
        await asyncio.gather(warm_up, return_exceptions=True)
        if owns_engine:
            await engine.aclose()

    app = SourcedAPI(
        title="Sourced",
        version="1",
        summary="Summaries with every claim verified against exact spans of the source.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.jobs = job_service
    app.state.keys = keys
    app.state.limiter = limiter
    app.state.metrics_registry = CollectorRegistry()
    app.state.chat = ChatService(settings)
    app.state.conversations = ConversationService(settings)

    problems.install(app)
    app.include_router(summaries.router)
    app.include_router(verify.router)
    app.include_router(jobs.router)
    app.include_router(health.router)
    app.include_router(chat_router)  # authenticated by platform signatures, not API keys
    app.include_router(slack_shortcuts_router)
    mcp_lifespan = mount_mcp(app, engine, settings)  # /mcp, behind the same keys
    # Starlette wraps in reverse order: metrics outermost, so it sees the catch-all's 500s.
    if isinstance(engine, Engine):  # not a chat test's stand-in
        # Innermost: a hit it answers has passed every check the route's requests pass.
        app.add_middleware(CacheHits, engine=engine, route=summaries_route(summaries.router))
    app.add_middleware(
        BodyGuard,
        max_bytes=settings.max_body_bytes,
        json_paths=("/v1/summaries", "/v1/verify", "/v1/jobs"),
        path_limits=body_limits(settings),
        timeout_s=settings.body_timeout_s,
    )
    if keys is not None and not settings.open_operations:
        app.add_middleware(OperationsGuard, keys=keys)
    app.add_middleware(problems.CatchAll)
    http_metrics = HttpMetricSet(app.state.metrics_registry)
    app.add_middleware(HttpMetrics, metrics=http_metrics)
    app.door = Admission(engine, ("/v1/summaries",), http_metrics)
    return app
