"""Hits and misses answered before FastAPI (service/api/hits.py), and all it leaves to the route."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.api.hits import CacheHits
from service.api.routes import summaries
from service.api.server import uvicorn_config
from service.config import Settings
from service.engine import Engine
from service.errors import QueueFull, UpstreamError
from service.schemas import Summary, SummaryRequest
from service.testing.drafts import GOOD_DRAFT
from service.testing.engines import FakeBackend, make_engine
from service.testing.openai_server import FakeOpenAI, draft_reply
from tests.api.test_hardening import serving
from tests.conftest import fake_settings

KEY_A = "k-tenant-a-0123456789abcdef"
KEY_B = "k-tenant-b-0123456789abcdef"
PROBLEM = "application/problem+json"


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The POST /v1/summaries requests the route itself answered, with what it was handed:
    "handed" (a miss CacheHits looked up already) or "looked up" (the route looked up)."""
    calls: list[str] = []
    original = summaries.handed_lookup

    def counted(*args: Any) -> Any:
        found = original(*args)
        calls.append("looked up" if found is None else "handed")
        return found

    monkeypatch.setattr(summaries, "handed_lookup", counted)
    return calls


def without_fast_path(settings: Settings, engine: Engine) -> Any:
    """The same app without CacheHits: every request goes through FastAPI's route."""
    app = create_app(settings, engine)
    app.user_middleware = [m for m in app.user_middleware if m.cls is not CacheHits]
    return app


@pytest.fixture
def engine() -> Iterator[Engine]:
    yield make_engine(Settings(), FakeBackend())


def test_a_hit_is_answered_before_the_route(routed: list[str], sample_text: str):
    settings = Settings()
    backend = FakeBackend()
    with TestClient(create_app(settings, make_engine(settings, backend))) as client:
        miss = client.post("/v1/summaries", json={"text": sample_text})
        hits = [client.post("/v1/summaries", json={"text": sample_text}) for _ in range(3)]
        metrics = client.get("/metrics").text
    assert miss.headers["x-cache"] == "miss" and backend.calls == 1
    assert routed == []  # neither the miss nor the hits went through FastAPI's route
    for hit in hits:
        assert hit.status_code == 200 and hit.headers["x-cache"] == "hit"
        assert hit.headers["content-type"] == "application/json"
        assert hit.json() == miss.json()
    # Counted as the route counts: the HTTP request under its route, the hit, the cached summary.
    assert 'sourced_http_requests_total{method="POST",route="/v1/summaries",status="200"} 4.0' in (
        metrics
    )
    assert 'sourced_cache_lookups_total{result="hit"} 3.0' in metrics
    assert 'sourced_summaries_total{outcome="cached"} 3.0' in metrics
    assert 'sourced_http_request_seconds_count{method="POST",route="/v1/summaries"} 4.0' in metrics


def test_a_hit_has_the_routes_headers(engine: Engine, sample_text: str):
    settings = engine.settings
    responses = []
    for app in (create_app(settings, engine), without_fast_path(settings, engine)):
        with TestClient(app) as client:
            client.post("/v1/summaries", json={"text": sample_text})
            responses.append(client.post("/v1/summaries", json={"text": sample_text}))
    fast, routed = responses
    assert fast.content == routed.content
    assert sorted(fast.headers.items()) == sorted(routed.headers.items())


def test_a_miss_made_before_the_route_has_the_routes_answer(
    routed: list[str], sample_text: str, tmp_path: Path
):
    """A miss made by the fast path (not FastAPI's route) is the route's answer: the same
    status, headers and Summary (its own id and times aside)."""
    responses = []
    for fast in (True, False):
        settings = Settings(data_dir=tmp_path / str(fast))  # a store each
        engine = make_engine(settings, FakeBackend())
        app = create_app(settings, engine) if fast else without_fast_path(settings, engine)
        with TestClient(app) as client:
            responses.append(client.post("/v1/summaries", json={"text": sample_text}))
    assert routed == ["looked up"]  # the app without the fast path's request alone
    made, route_made = responses
    assert made.status_code == route_made.status_code == 200
    assert made.headers["x-cache"] == route_made.headers["x-cache"] == "miss"
    ignored = {"content-length"}  # ids and times differ, and with them the length
    assert sorted((k, v) for k, v in made.headers.items() if k not in ignored) == sorted(
        (k, v) for k, v in route_made.headers.items() if k not in ignored
    )
    made_json, route_json = made.json(), route_made.json()
    for summary in (made_json, route_json):  # its own id and times
        summary["id"] = None
        summary["provenance"] |= {"created_at": None, "latency_ms": None}
    assert made_json == route_json


def _full_past_the_door(engine: Engine) -> None:
    """The door finds room; the queue is full by the time the summary asks for a place."""
    asked = 0

    def queue_full() -> QueueFull | None:
        nonlocal asked
        asked += 1
        return None if asked % 2 else QueueFull("The model is busy.", retry_after_s=4)

    engine.queue_full = queue_full  # type: ignore[method-assign]


MISS_FAILURES: list[tuple[str, int]] = [
    ("an upstream failure", 502),
    ("a document too long", 413),
    ("a full queue past the door", 503),
]


@pytest.mark.parametrize(("case", "status"), MISS_FAILURES, ids=[c[0] for c in MISS_FAILURES])
def test_a_miss_that_fails_before_the_route_gets_the_routes_problem(
    routed: list[str], case: str, status: int, sample_text: str, tmp_path: Path
):
    answers = []
    for fast in (True, False):
        settings = Settings(
            data_dir=tmp_path / str(fast),
            max_document_chars=100 if case == "a document too long" else 200_000,
        )
        error = UpstreamError("The model endpoint answered HTTP 500", attempts=2, status_code=500)
        backend = FakeBackend(error=error if case == "an upstream failure" else None)
        engine = make_engine(settings, backend)
        if case == "a full queue past the door":
            _full_past_the_door(engine)
        app = create_app(settings, engine) if fast else without_fast_path(settings, engine)
        with TestClient(app, raise_server_exceptions=False) as client:
            answers.append(client.post("/v1/summaries", json={"text": sample_text}))
            metrics = client.get("/metrics").text
        route = f'route="/v1/summaries",status="{status}"}} 1.0'
        assert route in metrics, (fast, case)  # counted under its route either way
    assert routed == ["looked up"]  # the app without the fast path's request alone
    made, route_made = answers
    assert made.status_code == route_made.status_code == status, made.text
    assert made.headers["content-type"] == route_made.headers["content-type"] == PROBLEM
    assert made.json() == route_made.json()
    assert made.headers.get("retry-after") == route_made.headers.get("retry-after")


def test_the_tenant_of_each_key_gets_its_own_record(routed: list[str], sample_text: str):
    backend = FakeBackend()
    settings = Settings(api_keys=f"{KEY_A},{KEY_B}")
    with TestClient(create_app(settings, make_engine(settings, backend))) as client:
        a = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_A))
        a_again = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_A))
        # B's first: only A's record exists; the route copies it into one of B's own.
        b = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_B))
        b_again = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_B))
        a_last = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_A))
    assert backend.calls == 1
    assert routed == []  # A's miss and B's first were made before the route too
    assert b.headers["x-cache"] == b_again.headers["x-cache"] == "hit"
    assert a.json()["id"] == a_again.json()["id"] == a_last.json()["id"]
    assert b.json()["id"] == b_again.json()["id"] != a.json()["id"]
    assert b_again.json()["provenance"]["created_at"] != a.json()["provenance"]["created_at"]


def test_without_keys_every_caller_is_the_one_local_tenant(routed: list[str], sample_text: str):
    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    with TestClient(create_app(settings, engine)) as client:
        first = client.post("/v1/summaries", json={"text": sample_text})
    # Another address, another client: the same record.
    with TestClient(create_app(settings, engine), client=("10.1.2.3", 4000)) as client:
        second = client.post("/v1/summaries", json={"text": sample_text})
    assert second.headers["x-cache"] == "hit" and second.json()["id"] == first.json()["id"]
    assert routed == []


def test_hits_count_against_the_rate_limit_once_each(routed: list[str], sample_text: str):
    settings = Settings(api_keys=f"{KEY_A},{KEY_B}", rate_limit="3/minute")
    with TestClient(
        create_app(settings, make_engine(settings, FakeBackend())), raise_server_exceptions=False
    ) as client:
        post = lambda key: client.post(  # noqa: E731
            "/v1/summaries", json={"text": sample_text}, headers=bearer(key)
        )
        allowed = [post(KEY_A) for _ in range(3)]  # a miss, then two hits
        limited = [post(KEY_A) for _ in range(2)]
        other = post(KEY_B)
    assert [r.headers["x-cache"] for r in allowed] == ["miss", "hit", "hit"]
    for response in limited:
        assert response.status_code == 429
        assert response.headers["content-type"] == PROBLEM
        assert 1 <= int(response.headers["retry-after"]) <= 60
        assert "3/minute" in response.json()["detail"]
        assert response.json()["instance"] == "/v1/summaries"
    assert other.status_code == 200 and other.headers["x-cache"] == "hit"
    # The refused hits went on to the route, whose own check refused them (before its body).
    assert routed == []


def test_a_failing_store_is_the_routes_503(engine: Engine, sample_text: str):
    with TestClient(create_app(engine.settings, engine), raise_server_exceptions=False) as client:
        client.post("/v1/summaries", json={"text": sample_text})
        engine.store.close()

        def failing(*_args: object, **_kwargs: object) -> None:
            from service.errors import StoreUnavailable

            raise StoreUnavailable("The summaries database failed (OperationalError)")

        engine.store.find_json_or_other = failing  # type: ignore[method-assign]
        response = client.post("/v1/summaries", json={"text": sample_text})
    assert response.status_code == 503 and response.headers["content-type"] == PROBLEM
    assert response.headers["retry-after"] and "database failed" in response.json()["detail"]


# Every request that is not a hit for its caller gets what the route gives it. Each one's text
# is stored already (for the keyed server: by KEY_A), so a fast path that skipped a check
# would answer it with a hit.
CASES: list[tuple[str, dict[str, str], bytes | None]] = [
    ("invalid JSON", {}, b'{"text": '),
    ("a JSON list", {}, b"[]"),
    ("an empty body", {}, b""),
    ("a number for the text", {}, b'{"text": 7}'),
    ("an unknown field", {}, b'{"text": "TEXT", "colour": "red"}'),
    ("a strict int", {}, b'{"text": "TEXT", "options": {"max_claims": true}}'),
    ("a float claim limit", {}, b'{"text": "TEXT", "options": {"max_claims": 3.0}}'),
    ("a string claim limit", {}, b'{"text": "TEXT", "options": {"max_claims": "3"}}'),
    ("an unknown length", {}, b'{"text": "TEXT", "options": {"length": "huge"}}'),
    ("a long title", {}, b'{"text": "TEXT", "title": "' + b"t" * 501 + b'"}'),
    ("a NUL in the title", {}, b'{"text": "TEXT", "title": "a\\u0000b"}'),
    ("a lone surrogate", {}, b'{"text": "TEXT", "title": "\\ud800"}'),
    ("a duplicate key", {}, b'{"text": "TEXT", "text": "TEXT"}'),
    ("non-UTF-8", {}, b'{"text": "\xff"}'),
    ("a form body", {"content-type": "application/x-www-form-urlencoded"}, b"text=TEXT"),
    ("no content type", {"content-type": ""}, None),
    ("a UTF-16 charset", {"content-type": "application/json; charset=utf-16"}, None),
]
KEYED_CASES: list[tuple[str, dict[str, str]]] = [
    ("no key", {}),
    ("a wrong key", bearer("k-not-ours-0123456789abcdef")),
    ("an empty bearer", {"authorization": "Bearer "}),
    ("another scheme", {"authorization": f"Basic {KEY_A}"}),
    ("a scheme alone", {"authorization": "Bearer"}),
]


STORED_OPTIONS: list[dict[str, Any]] = [{}, {"max_claims": 1}, {"max_claims": 3}]


def compare(settings: Settings, requests: list[tuple[bytes, dict[str, str]]], text: str) -> None:
    """Each request through the app and through the app without its fast path: the same
    status, content type, problem and headers. What a lax parse of a request would take it
    for is stored (claim limits 1 and 3), for KEY_A and for the tenant of a server without
    keys (as if the same database had been served without keys before)."""
    engine = make_engine(settings, FakeBackend())
    for options in STORED_OPTIONS:
        asyncio.run(engine.summarize(SummaryRequest(text=text, options=options)))
    answers: list[list[httpx.Response]] = []
    for app in (create_app(settings, engine), without_fast_path(settings, engine)):
        with TestClient(app, raise_server_exceptions=False) as client:
            for options in STORED_OPTIONS:
                stored = client.post(
                    "/v1/summaries", json={"text": text, "options": options}, headers=bearer(KEY_A)
                )
                assert stored.status_code == 200 and stored.headers["x-cache"] == "hit"
            answers.append(
                [client.post("/v1/summaries", content=c, headers=h) for c, h in requests]
            )
    for (content, headers), fast, routed in zip(requests, *answers, strict=True):
        assert 400 <= fast.status_code < 500, (content, headers, fast.text)
        assert fast.status_code == routed.status_code, (content, headers)
        assert fast.headers["content-type"] == routed.headers["content-type"] == PROBLEM
        assert fast.json() == routed.json()
        for name in ("www-authenticate", "retry-after", "x-cache"):
            assert fast.headers.get(name) == routed.headers.get(name)


@pytest.mark.parametrize(("case", "headers", "content"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_request_gets_the_routes_problem(
    case: str, headers: dict[str, str], content: bytes | None, sample_text: str
):
    text = json.dumps(sample_text)[1:-1].encode()
    body = (b'{"text": "TEXT"}' if content is None else content).replace(b"TEXT", text)
    compare(Settings(), [(body, {"content-type": "application/json", **headers})], sample_text)


@pytest.mark.parametrize(("case", "headers"), KEYED_CASES, ids=[c[0] for c in KEYED_CASES])
def test_a_request_without_an_accepted_key_gets_the_routes_problem(
    case: str, headers: dict[str, str], sample_text: str
):
    body = json.dumps({"text": sample_text}).encode()
    compare(
        Settings(api_keys=f"{KEY_A},{KEY_B}"),
        [(body, {"content-type": "application/json", **headers})],
        sample_text,
    )


@pytest.mark.parametrize("root_path", ["", "/sourced"])
def test_behind_a_proxy_prefix_hits_and_checks_still_come_before_the_route(
    routed: list[str], fake_openai: FakeOpenAI, sample_text: str, root_path: str
):
    """`sourced serve --root-path /sourced` (a proxy serves the API under /sourced and strips
    it): uvicorn puts the prefix in front of the scope's path. The middleware that answers
    hits, guards /metrics, limits bodies and refuses overload compared that path with their
    routes' and missed: hits went through FastAPI and /metrics needed no key."""
    fake_openai.default = draft_reply(GOOD_DRAFT)
    settings = fake_settings(fake_openai, api_keys=KEY_A, root_path=root_path)
    config = uvicorn_config(settings)
    config.log_level = "warning"
    with serving(config) as url, httpx.Client(base_url=url, timeout=30) as client:
        post = lambda **kw: client.post("/v1/summaries", headers=bearer(KEY_A), **kw)  # noqa: E731
        miss = post(json={"text": sample_text})
        hit = post(json={"text": sample_text})
        metrics = client.get("/metrics")
        form = client.post(
            "/v1/summaries",
            content=b"text=x",
            headers={**bearer(KEY_A), "content-type": "text/plain"},
        )
        engine = config.app.state.engine  # the app `sourced serve` runs
        engine.queue_full = lambda: QueueFull("The model is busy.", retry_after_s=5)
        refused = post(json={"text": sample_text + "\nAnother sentence for a miss."})
    assert miss.headers["x-cache"] == "miss" and hit.headers["x-cache"] == "hit"
    assert hit.json() == miss.json() and len(fake_openai.requests) == 1
    assert routed == []  # neither the miss nor the hit reached the route
    assert metrics.status_code == 401  # the operations guard saw /metrics
    assert form.status_code == 415 and form.json()["instance"] == f"{root_path}/v1/summaries"
    assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
    assert refused.json()["instance"] == f"{root_path}/v1/summaries"
    assert len(fake_openai.requests) == 1


def test_a_request_key_is_computed_once_per_request_asked(
    engine: Engine, sample_text: str, monkeypatch: pytest.MonkeyPatch
):
    """`request_key` remembers a request's key; any field that differs is another key."""
    computed: list[str] = []
    original = engine.cache_key

    def counted(request: SummaryRequest) -> str:
        computed.append(original(request))
        return computed[-1]

    monkeypatch.setattr(engine, "cache_key", counted)
    requests = [
        SummaryRequest(text=sample_text),
        SummaryRequest(text=sample_text, title="A title"),
        SummaryRequest(text=sample_text, published_at="2026-01-01"),
        SummaryRequest.model_validate({"text": sample_text, "options": {"length": "short"}}),
        SummaryRequest.model_validate({"text": sample_text, "options": {"require_model": True}}),
        SummaryRequest.model_validate({"text": sample_text, "options": {"max_claims": 3}}),
    ]
    keys = [engine.request_key(r) for r in requests]
    again = [engine.request_key(r.model_copy(deep=True)) for r in requests]
    assert keys == again and len(set(keys)) == len(requests) == len(computed)
    # The server's own limit resolved is the same request as the default.
    default = engine.settings.max_claims
    resolved = {"text": sample_text, "options": {"max_claims": default}}
    assert engine.request_key(SummaryRequest.model_validate(resolved)) == keys[0]


def test_a_miss_is_serialised_once_for_the_store_and_the_answer(
    sample_text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The JSON the store is given is the response's body: a made Summary is serialised once
    (the route serialised it again)."""
    dumped: list[str] = []
    original = Summary.model_dump_json

    def counted(self: Summary, **kwargs: Any) -> str:
        dumped.append(self.id)
        return original(self, **kwargs)

    monkeypatch.setattr(Summary, "model_dump_json", counted)
    settings = Settings(data_dir=tmp_path)
    engine = make_engine(settings, FakeBackend())
    for app in (create_app(settings, engine), without_fast_path(settings, engine)):
        with TestClient(app) as client:
            text = f"{sample_text}\nA sentence of its own: {len(dumped)}."
            miss = client.post("/v1/summaries", json={"text": text})
        assert miss.headers["x-cache"] == "miss"
        assert dumped[-1:] == [miss.json()["id"]] and dumped.count(miss.json()["id"]) == 1
        stored = engine.store.find_json(engine.request_key(SummaryRequest(text=text)))
        assert stored is not None and stored.encode() == miss.content
