"""A hostile caller and overload against the API: each defect of issue 12 has its test here."""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from service.api import body_checks, create_app
from service.api.admission import REFUSED_READ_PAUSE_S, DoorProtocol
from service.api.review import review_page
from service.api.server import bind_host, uvicorn_config
from service.config import Settings
from service.engine import Engine
from service.errors import QueueFull
from service.schemas import Evidence, SummaryRequest
from service.store import SummaryStore
from service.testing.engines import FakeBackend, make_engine
from service.testing.http import serve_in_thread
from service.testing.openai_server import FakeOpenAI
from tests.conftest import fake_settings

KEY_A = "k-tenant-a-0123456789abcdef"
KEY_B = "k-tenant-b-0123456789abcdef"
PROBLEM = "application/problem+json"


def client_for(settings: Settings, backend: Any = None) -> TestClient:
    engine = make_engine(settings, backend or FakeBackend())
    return TestClient(create_app(settings, engine), raise_server_exceptions=False)


def bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


async def until(condition: Any, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.005)


# 3. Heavy work off the event loop.


def heavy_page(engine: Any, sample_text: str) -> str:
    """A stored 199k-character document with 30 claims of 20 spans each: seconds to render."""
    text = (sample_text + "\n") * (199_000 // (len(sample_text) + 1))
    summary, _ = asyncio.run(engine.summarize(SummaryRequest(text=sample_text)))
    step = len(text) // 600
    claims = [
        summary.claims[0].model_copy(
            update={
                "id": f"c{c}",
                "evidence": [
                    Evidence(start=at, end=at + 40, quote=text[at : at + 40])
                    for at in range(c * 7, len(text) - 50, step * 30)
                ][:20],
            }
        )
        for c in range(30)
    ]
    heavy = summary.model_copy(update={"id": "heavy", "claims": claims})
    engine.store.put(heavy, cache_key="heavy", document_text=text)
    return "heavy"


async def test_review_pages_render_off_the_event_loop(
    sample_text: str, monkeypatch: pytest.MonkeyPatch
):
    from service.api.routes import summaries

    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    page = await asyncio.to_thread(heavy_page, engine, sample_text)
    rendered_on: list[threading.Thread] = []

    def recording(stored: Any) -> Any:
        rendered_on.append(threading.current_thread())
        return review_page(stored)

    monkeypatch.setattr(summaries, "review_page", recording)
    transport = httpx.ASGITransport(app=create_app(settings, engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        views = [client.get(f"/v1/summaries/{page}/view") for _ in range(2)]
        html = client.get(f"/v1/summaries/{page}", headers={"accept": "text/html"})
        responses = await asyncio.gather(*views, html)
    assert [r.status_code for r in responses] == [200] * 3
    assert "<mark" in responses[0].text
    assert len(rendered_on) == 3 and threading.current_thread() not in rendered_on


async def test_the_pipeline_runs_off_the_event_loop_and_calls_the_model_on_it(sample_text: str):
    from service.summarize import summarize

    loop_thread = threading.current_thread()
    seen: dict[str, threading.Thread] = {}

    class Recording(FakeBackend):
        async def complete(self, request: Any, progress: Any = None) -> Any:
            seen["model"] = threading.current_thread()
            return await super().complete(request)

    async def recording_summarize(*args: Any, **kwargs: Any) -> Any:
        seen["pipeline"] = threading.current_thread()
        return await summarize(*args, **kwargs)

    settings = Settings()
    engine = Engine(
        settings,
        Recording(),
        SummaryStore.from_settings(settings),
        summarize_fn=recording_summarize,
    )
    summary, _ = await engine.summarize(SummaryRequest(text=sample_text))
    await engine.aclose()
    assert summary.claims
    assert seen["pipeline"] is not loop_thread  # sentence splitting, verification: elsewhere
    assert seen["model"] is loop_thread  # the backend's HTTP client lives on the loop


# 4. /metrics label values are bounded.


def test_made_up_methods_do_not_grow_metrics():
    with client_for(Settings()) as client:
        before = len(client.get("/metrics").text)
        for i in range(200):
            client.request(f"X{i}", "/v1/summaries")
            client.request(f"Y{i}", f"/made/up/{i}")
        metrics = client.get("/metrics").text
    assert "X17" not in metrics and "/made/up" not in metrics
    assert 'method="other"' in metrics
    assert len(metrics) < before + 10_000


# 5. Overload is refused at the door.


async def test_a_full_queue_refuses_before_reading_the_body(sample_text: str):
    settings = Settings(model_concurrency=1, queue_size=0)
    backend = FakeBackend(gated=True)
    engine = make_engine(settings, backend)
    transport = httpx.ASGITransport(app=create_app(settings, engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        busy = asyncio.create_task(client.post("/v1/summaries", json={"text": sample_text}))
        await until(lambda: backend.calls == 1)
        # Not even valid JSON: refused for the queue, never parsed.
        refused = await client.post(
            "/v1/summaries", content=b"{not json", headers={"content-type": "application/json"}
        )
        backend.release()
        assert (await busy).status_code == 200
    assert refused.status_code == 503
    assert refused.headers["content-type"] == PROBLEM
    assert int(refused.headers["retry-after"]) >= 1


def test_the_server_refuses_a_full_queue_before_the_app(monkeypatch: pytest.MonkeyPatch):
    """`sourced serve`'s protocol answers 503 + Retry-After as soon as the headers are read:
    the app (its task, middleware and door) never sees the request; keep-alive carries on."""
    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    app = create_app(settings, engine)
    assert uvicorn_config(settings).http is DoorProtocol
    full = QueueFull("The model is busy.", retry_after_s=7)
    monkeypatch.setattr(engine, "queue_full", lambda: full)
    entered: list[str] = []
    door = app.door
    assert door is not None
    refused_in_app = door.refused

    async def counted(scope: Any, receive: Any, send: Any) -> bool:
        refused = await refused_in_app(scope, receive, send)
        if refused:
            entered.append(scope["path"])
        return refused

    monkeypatch.setattr(door, "refused", counted)
    with serve_in_thread(app, http=DoorProtocol) as url:
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        answers, waits = [], []
        for body in (b"{not json", b'{"text": "' + b"x" * 100_000 + b'"}'):
            started = time.monotonic()
            connection.request(
                "POST", "/v1/summaries?x=1", body, {"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            answers.append((response.status, dict(response.headers), response.read()))
            waits.append(time.monotonic() - started)
        connection.request("GET", "/healthz")  # the same connection, kept alive
        health = connection.getresponse()
        assert health.status == 200 and health.read()
        connection.close()
        for header in ({"Connection": "close"}, {"Expect": "100-continue"}):
            closing = http.client.HTTPConnection(host, int(port), timeout=10)
            closing.request("POST", "/v1/summaries", b"{}", header)
            closed = closing.getresponse()
            assert closed.status == 503 and closed.headers["connection"] == "close"
            closing.close()
        metrics = httpx.get(f"{url}/metrics").text
    for status, headers, body in answers:
        assert status == 503 and headers["retry-after"] == "7"
        assert headers["content-type"] == PROBLEM and int(headers["content-length"]) == len(body)
        problem = json.loads(body)
        assert problem["status"] == 503 and problem["instance"] == "/v1/summaries"
        assert problem["detail"] == "The model is busy."
    assert entered == []  # no request reached the app's own door
    # Asked again at once on the refused connection: read only after a pause.
    assert waits[1] >= REFUSED_READ_PAUSE_S * 0.9
    assert 'route="/v1/summaries",status="503"} 4.0' in metrics  # counted all the same


def test_refusals_at_the_door_are_access_logged_like_other_requests(
    fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
):
    """The protocol's 503s and BodyGuard's 408s get uvicorn's access-log line, with the client
    the app sees (here: X-Forwarded-For from a trusted proxy); the door's once had none."""
    settings = fake_settings(fake_openai, trusted_proxies="127.0.0.1", body_timeout_s=0.5)
    config = uvicorn_config(settings)  # what `sourced serve` runs: its protocol, its logging
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    access = logging.getLogger("uvicorn.access")
    access.addHandler(handler)
    forwarded = {"X-Forwarded-For": "10.9.8.7", "Content-Type": "application/json"}
    try:
        with serving(config) as url:
            host, port = url.removeprefix("http://").split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("GET", "/healthz", headers=forwarded)
            assert connection.getresponse().read()
            engine = config.app.state.engine
            monkeypatch.setattr(
                engine, "queue_full", lambda: QueueFull("The model is busy.", retry_after_s=3)
            )
            connection.request("POST", "/v1/summaries?x=1", b"{not json", forwarded)
            refused = connection.getresponse()
            assert refused.status == 503 and refused.read()
            connection.close()
            monkeypatch.undo()
            with socket.create_connection((host, int(port)), timeout=10) as stalled:
                stalled.sendall(
                    b"POST /v1/summaries HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.9.8.7\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
                )
                assert stalled.recv(65536).startswith(b"HTTP/1.1 408")
    finally:
        access.removeHandler(handler)
    assert '10.9.8.7:0 - "GET /healthz HTTP/1.1" 200' in lines
    assert '10.9.8.7:0 - "POST /v1/summaries?x=1 HTTP/1.1" 503' in lines
    assert '10.9.8.7:0 - "POST /v1/summaries HTTP/1.1" 408' in lines


def test_without_the_access_log_no_request_is_logged():
    """SOURCED_ACCESS_LOG=false: uvicorn's protocol (and the door's) logs a request only when
    its access logger has a handler; with the setting off it has none."""
    access = logging.getLogger("uvicorn.access")
    uvicorn_config(Settings(access_log=False))
    assert not access.hasHandlers()
    uvicorn_config(Settings())
    assert access.hasHandlers()


def test_a_door_that_no_longer_fits_uvicorn_leaves_the_refusals_to_the_app(
    monkeypatch: pytest.MonkeyPatch,
):
    """When DoorProtocol fails on a uvicorn release it does not fit (0.55's access log read a
    scope key the door did not fill), each request still gets one answer, the app door's 503,
    and the failure is logged once; the door had written its 503 and then uvicorn's 400."""
    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    app = create_app(settings, engine)
    monkeypatch.setattr(
        engine, "queue_full", lambda: QueueFull("The model is busy.", retry_after_s=7)
    )

    def unfit(_protocol: DoorProtocol, _status: int) -> None:
        raise KeyError("raw_path")

    monkeypatch.setattr(DoorProtocol, "_log_access", unfit)
    failures: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: failures.append(record.getMessage())  # type: ignore[method-assign]
    errors = logging.getLogger("uvicorn.error")
    answers = []
    try:
        with serve_in_thread(app, http=DoorProtocol) as url:
            errors.addHandler(handler)  # after uvicorn's logging set-up, which drops handlers
            host, port = url.removeprefix("http://").split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            for _ in range(3):
                connection.request(
                    "POST", "/v1/summaries", b"{}", {"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                answers.append((response.status, response.headers["retry-after"], response.read()))
            connection.request("GET", "/healthz")  # the same connection, still in step
            assert connection.getresponse().status == 200
            connection.close()
    finally:
        errors.removeHandler(handler)
    for status, retry_after, body in answers:
        assert (status, retry_after) == (503, "7")
        assert json.loads(body)["detail"] == "The model is busy."
    assert [line for line in failures if "door in the HTTP protocol failed" in line] == [
        f"The door in the HTTP protocol failed (uvicorn {uvicorn.__version__}); the app's door "
        "refuses overload from now on."
    ]
    assert app.door is not None and not app.door.in_protocol


async def test_requests_past_the_door_are_refused_before_they_are_looked_up(
    sample_text: str, monkeypatch: pytest.MonkeyPatch
):
    """Requests that all pass the door while a place is free: one takes it, the others are
    refused at once (503 + Retry-After), not after a store lookup each."""
    settings = Settings(model_concurrency=1, queue_size=0)
    backend = FakeBackend(gated=True)
    engine = make_engine(settings, backend)
    lookups: list[str] = []
    find_for = engine.store.find_for

    def counted(key: str, **kwargs: Any) -> Any:
        lookups.append(key)
        return find_for(key, **kwargs)

    monkeypatch.setattr(engine.store, "find_for", counted)
    transport = httpx.ASGITransport(app=create_app(settings, engine))
    texts = [f"{sample_text}\nVariant {i}.\n" for i in range(5)]  # five cache keys
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        calls = [asyncio.create_task(client.post("/v1/summaries", json={"text": t})) for t in texts]
        await until(lambda: backend.calls == 1 and sum(c.done() for c in calls) == 4)
        backend.release()
        responses = await asyncio.gather(*calls)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 503, 503, 503, 503]
    assert all(int(r.headers["retry-after"]) >= 1 for r in responses if r.status_code == 503)
    # The admitted one missed at the route's lookup; nothing stored it since: none here either.
    assert lookups == [], "a refused request was looked up first"
    assert engine.queue_depth == 0


async def test_a_miss_is_looked_up_once(sample_text: str, monkeypatch: pytest.MonkeyPatch):
    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    lookups: list[str] = []
    for name in ("find_json_or_other", "find_for"):
        original = getattr(engine.store, name)

        def counted(key: str, *, _original: Any = original, _name: str = name, **kw: Any) -> Any:
            lookups.append(_name)
            return _original(key, **kw)

        monkeypatch.setattr(engine.store, name, counted)
    transport = httpx.ASGITransport(app=create_app(settings, engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        miss = await client.post("/v1/summaries", json={"text": sample_text})
        hit = await client.post("/v1/summaries", json={"text": sample_text})
    assert (miss.headers["x-cache"], hit.headers["x-cache"]) == ("miss", "hit")
    assert lookups == ["find_json_or_other", "find_json_or_other"]


async def test_a_miss_is_keyed_once(sample_text: str, monkeypatch: pytest.MonkeyPatch):
    """The key its lookup computed is the key the miss is made and stored under."""
    engine = make_engine(Settings(), FakeBackend())
    keys: list[str] = []
    original = engine.cache_key

    def counted(request: SummaryRequest) -> str:
        keys.append(original(request))
        return keys[-1]

    monkeypatch.setattr(engine, "cache_key", counted)
    transport = httpx.ASGITransport(app=create_app(Settings(), engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        miss = await client.post("/v1/summaries", json={"text": sample_text})
    assert miss.headers["x-cache"] == "miss"
    assert len(keys) == 1
    assert engine.store.find_json(keys[0]) == miss.text


async def test_a_twin_stored_after_a_miss_is_found_before_a_second_model_call(sample_text: str):
    """A twin that finishes between a request's lookup and its place in line is found there."""
    backend = FakeBackend()
    engine = make_engine(Settings(), backend)
    request = SummaryRequest(text=sample_text)
    missed = await engine.find_json(request)
    assert missed.json is None and missed.missed_at is not None
    twin, _ = await engine.summarize(request)
    summary, hit = await engine.summarize(request, refuse_if_full=True, missed_at=missed.missed_at)
    assert hit and summary.id == twin.id and backend.calls == 1
    # Without a write since the mark, the engine goes straight to the model.
    other = SummaryRequest(text=sample_text + "\nOne more sentence here.")
    missed = await engine.find_json(other)
    _, hit = await engine.summarize(other, refuse_if_full=True, missed_at=missed.missed_at)
    assert not hit and backend.calls == 2
    await engine.aclose()


# 8. X-Forwarded-For only from configured proxies.


@contextmanager
def serving(config: uvicorn.Config) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_forwarded_for_counts_only_from_trusted_proxies(fake_openai: FakeOpenAI, trusted: str):
    settings = fake_settings(fake_openai, rate_limit="2/minute", trusted_proxies=trusted)
    config = uvicorn_config(settings)
    config.log_level = "warning"
    with serving(config) as url:
        statuses = [
            httpx.get(
                f"{url}/v1/summaries/nope", headers={"x-forwarded-for": f"10.0.0.{i}"}
            ).status_code
            for i in range(3)
        ]
    # Untrusted, the header is ignored: three requests from one address, the third limited.
    assert statuses == ([404, 404, 429] if not trusted else [404, 404, 404])


# 9. Readiness tells the truth; 503s say when to come back.


def test_not_ready_when_the_disk_is_nearly_full():
    with client_for(Settings(min_free_disk_bytes=10**18)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "bytes free" in response.json()["detail"] and response.headers["retry-after"]


def test_not_ready_with_a_corrupt_database(sample_text: str):
    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    with TestClient(create_app(settings, engine), raise_server_exceptions=False) as client:
        assert client.get("/readyz").status_code == 200
        # Corrupted at rest: no connection open (SQLite maps its -shm file: never write to it).
        engine.store.close()
        for suffix in ("-wal", "-shm"):
            (settings.data_dir / f"sourced.db{suffix}").unlink(missing_ok=True)
        (settings.data_dir / "sourced.db").write_bytes(b"this is not a database" * 500)
        response = client.get("/readyz")
        posted = client.post("/v1/summaries", json={"text": sample_text})
    assert response.status_code == 503, response.text
    assert posted.status_code == 503 and posted.headers["retry-after"]


# 10. Operations pages behind the key.


@pytest.mark.parametrize("path", ["/metrics", "/docs", "/openapi.json"])
def test_operations_pages_need_a_key_on_a_keyed_server(path: str):
    with client_for(Settings(api_keys=KEY_A)) as client:
        anonymous = client.get(path)
        wrong = client.get(path, headers=bearer("k-wrong-0123456789abcdef"))
        keyed = client.get(path, headers=bearer(KEY_A))
        health = client.get("/healthz")
    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM
    assert wrong.status_code == 403
    assert keyed.status_code == 200 and health.status_code == 200


def test_operations_pages_can_be_opened():
    with client_for(Settings(api_keys=KEY_A, open_operations=True)) as client:
        assert client.get("/metrics").status_code == 200


# 11. One tenant never sees another's record.


def test_the_cache_shares_work_but_not_records(sample_text: str):
    backend = FakeBackend()
    with client_for(Settings(api_keys=f"{KEY_A},{KEY_B}"), backend) as client:
        a = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_A))
        time.sleep(0.01)
        b = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_B))
        a_again = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_A))
        b_again = client.post("/v1/summaries", json={"text": sample_text}, headers=bearer(KEY_B))
    assert backend.calls == 1  # the model's work is shared
    assert b.headers["x-cache"] == "hit"
    assert a.json()["id"] != b.json()["id"]
    assert a.json()["provenance"]["created_at"] != b.json()["provenance"]["created_at"]
    assert a.json()["claims"] == b.json()["claims"]
    assert a_again.json()["id"] == a.json()["id"] and b_again.json()["id"] == b.json()["id"]


# 12. Identical requests in flight make one model call.


@pytest.mark.parametrize(("twins", "concurrency"), [(20, 8), (2, 1)])
async def test_identical_concurrent_requests_make_one_model_call(
    sample_text: str, twins: int, concurrency: int
):
    settings = Settings(model_concurrency=concurrency, queue_size=4)
    backend = FakeBackend(gated=True)
    engine = make_engine(settings, backend)
    transport = httpx.ASGITransport(app=create_app(settings, engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        calls = [
            asyncio.create_task(client.post("/v1/summaries", json={"text": sample_text}))
            for _ in range(twins)
        ]
        await until(lambda: backend.calls == 1)
        await asyncio.sleep(0.1)
        # The twins wait for the first one's work (one flight), not for places of their own.
        assert engine.queue_depth == 1
        backend.release()
        responses = await asyncio.gather(*calls)
    assert [r.status_code for r in responses] == [200] * twins
    assert backend.calls == 1
    assert sorted(r.headers["x-cache"] for r in responses) == ["hit"] * (twins - 1) + ["miss"]
    assert len({r.text for r in responses}) == 1


async def test_when_the_first_of_twins_leaves_the_other_still_gets_its_summary(
    sample_text: str,
):
    settings = Settings(model_concurrency=2)
    backend = FakeBackend(gated=True)
    engine = make_engine(settings, backend)
    request = SummaryRequest(text=sample_text)
    first = asyncio.create_task(engine.summarize(request))
    await until(lambda: backend.calls == 1)
    second = asyncio.create_task(engine.summarize(request))
    await asyncio.sleep(0.05)
    first.cancel()
    await until(lambda: backend.calls == 2)
    backend.release()
    summary, hit = await second
    assert summary.claims and not hit
    await engine.aclose()


# 13. A stalled upload is closed.


def test_a_stalled_body_is_closed_with_408():
    settings = Settings(body_timeout_s=0.5)
    with serve_in_thread(
        create_app(settings, make_engine(settings, FakeBackend())), lifespan="on"
    ) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            started = time.monotonic()
            conn.sendall(
                b"POST /v1/summaries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"text": '
            )
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
            waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
    assert waited < 5


# 14. Contract nits.


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "BREW"])
def test_other_methods_on_the_summaries_route_are_405(method: str):
    with client_for(Settings()) as client:
        response = client.request(method, "/v1/summaries", content=b"x")
    assert response.status_code == 405, response.text


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Some text.", "options": {"max_claims": True}},
        {"text": "Some text.", "options": {"max_claims": "3"}},
        {"text": "Some text.", "options": {"max_claims": 3.0}},
        {"text": 7},
    ],
)
def test_types_are_strict(body: dict[str, Any]):
    with client_for(Settings()) as client:
        response = client.post("/v1/summaries", json=body)
    assert response.status_code == 422, response.text


def test_duplicate_keys_are_refused():
    with client_for(Settings()) as client:
        response = client.post(
            "/v1/summaries",
            content=b'{"text": "One.", "text": "Two."}',
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 422
    assert "'text'" in response.json()["detail"]


def test_a_body_sent_again_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch):
    """BodyGuard remembers a body's parse (a client asking for its hit again); a body that
    repeats a key is refused every time it comes."""
    parsed: list[str] = []
    original = body_checks.parse_checked

    def counted(text: str) -> Any:
        parsed.append(text)
        return original(text)

    monkeypatch.setattr(body_checks, "parse_checked", counted)
    body_checks._parse_kept.cache_clear()
    twice = b'{"text": "One.", "text": "Two."}'
    with client_for(Settings()) as client:
        answers = [client.post("/v1/summaries", json={"text": "One. Two."}) for _ in range(3)]
        refused = [
            client.post(
                "/v1/summaries", content=twice, headers={"content-type": "application/json"}
            )
            for _ in range(2)
        ]
    assert [r.headers["x-cache"] for r in answers] == ["miss", "hit", "hit"]
    assert [r.status_code for r in refused] == [422, 422]
    assert len(parsed) == 2


def test_a_bracketed_ipv6_host_binds():
    assert bind_host("[::1]") == "::1" and bind_host("127.0.0.1") == "127.0.0.1"
    try:
        probe = socket.socket(socket.AF_INET6)
        probe.bind(("::1", 0))
        probe.close()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    config = uvicorn_config(Settings(), host="[::1]", port=0)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "uvicorn could not bind [::1]"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    assert httpx.get(f"http://[::1]:{port}/healthz").status_code == 200
    server.should_exit = True
    thread.join(10)
