"""HTTP metrics for Prometheus; the engine keeps its own (tokens, retries, cache, queue)."""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpMetricSet:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "sourced_http_requests",
            "HTTP requests by method, route and status",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "sourced_http_request_seconds",
            "HTTP request latency by method and route",
            ["method", "route"],
            buckets=(
                0.001,
                0.0025,
                0.005,
                0.01,
                0.025,
                0.05,
                0.1,
                0.25,
                0.5,
                1,
                2.5,
                5,
                10,
                30,
                60,
            ),
            registry=registry,
        )


# Label values must be bounded: a made-up method would otherwise add a series per request.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "other"


class HttpMetrics:
    """Counts and times every request by method, route template and status."""

    def __init__(self, app: ASGIApp, *, metrics: HttpMetricSet) -> None:
        self.app = app
        self.metrics = metrics
        # Each label set's series, looked up once: `labels()` was a tenth of a cache hit's
        # time in the app. Bounded as the labels are (methods, route templates, statuses).
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def tracked_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        finally:
            count, timing = self._series_of(method_label(scope["method"]), scope, status)
            count.inc()
            timing.observe(time.perf_counter() - started)

    def _series_of(self, method: str, scope: Scope, status: int) -> tuple[Counter, Histogram]:
        labels = (method, _route_template(scope), status)
        series = self._series.get(labels)
        if series is None:
            series = self._series[labels] = (
                self.metrics.requests.labels(method, labels[1], str(status)),
                self.metrics.latency.labels(method, labels[1]),
            )
        return series


def _route_template(scope: Scope) -> str:
    """The matched route's path template (bounded label values), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"
