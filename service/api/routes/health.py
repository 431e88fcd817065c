"""Liveness, readiness and Prometheus metrics: for orchestrators and scrapers, no API key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from service.api.deps import EngineDep
from service.api.problems import Problem, documented

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The database answers and the model backend is ready",
    responses=documented(503),
)
async def readyz(engine: EngineDep) -> dict[str, Any]:
    ready, reason = await engine.ready()
    if not ready:
        raise Problem(503, f"Not ready: {reason}.", slug="not-ready", headers={"Retry-After": "5"})
    return {
        "status": "ready",
        "backend": engine.backend.name,
        "model": engine.backend.model,
        "queue": {"depth": engine.queue_depth, "capacity": engine.concurrency + engine.queue_size},
    }


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
async def metrics(request: Request, engine: EngineDep) -> Response:
    http_registry: CollectorRegistry = request.app.state.metrics_registry
    body = generate_latest(http_registry) + generate_latest(engine.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
