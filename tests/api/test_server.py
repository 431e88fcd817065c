"""The API under a real uvicorn on 127.0.0.1, and its bounded model queue."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable

import httpx
import pytest

from service.api import create_app
from service.config import Settings
from service.schemas import SummaryRequest
from service.testing.drafts import GOOD_DRAFT
from service.testing.engines import FakeBackend, make_engine
from service.testing.http import serve_in_thread
from service.testing.openai_server import FakeOpenAI, draft_reply
from tests.conftest import fake_settings


async def until(condition: Callable[[], bool], timeout: float = 10) -> None:
    """Wait for work done in the loop and its worker threads (cache lookups run in threads)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.005)


def test_real_server_summarizes_caches_and_serves_the_page(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.default = draft_reply(GOOD_DRAFT)
    with (
        serve_in_thread(create_app(fake_settings(fake_openai)), lifespan="on") as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        made = client.post("/v1/summaries", json={"text": sample_text})
        again = client.post("/v1/summaries", json={"text": sample_text})
        page = client.get(f"/v1/summaries/{made.json()['id']}/view")
        bad = client.post(
            "/v1/summaries", content=b"\xff", headers={"content-type": "application/json"}
        )
        ready = client.get("/readyz")

    assert made.status_code == 200 and made.headers["x-cache"] == "miss"
    assert again.headers["x-cache"] == "hit" and again.json() == made.json()
    assert len(fake_openai.requests) == 1
    assert page.status_code == 200 and "<mark" in page.text
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    assert ready.json()["status"] == "ready"


def test_a_client_that_disconnects_cancels_its_work(sample_text: str):
    settings = Settings()
    backend = FakeBackend(gated=True)  # never answers unless cancelled
    engine = make_engine(settings, backend)
    body = httpx.Request("POST", "http://x/", json={"text": sample_text}).read()
    with serve_in_thread(create_app(settings, engine), lifespan="on") as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                b"POST /v1/summaries HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            assert backend.entered.wait(10), "the model was never called"
        # The socket is closed: the server notices and cancels the model call.
        assert backend.cancelled.wait(10), "the model call was not cancelled"
        metrics = httpx.get(f"{url}/metrics", timeout=10).text
    assert 'sourced_summaries_total{outcome="cancelled"} 1.0' in metrics
    assert engine.queue_depth == 0
    assert engine.store.find(engine.cache_key(SummaryRequest(text=sample_text))) is None


async def test_a_full_queue_is_503_with_retry_after(sample_text: str):
    settings = Settings(model_concurrency=1, queue_size=1)
    backend = FakeBackend(gated=True)
    engine = make_engine(settings, backend)
    app = create_app(settings, engine)
    texts = [f"{sample_text}\nVariant {i}.\n" for i in range(3)]  # three cache keys
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        running_call = asyncio.create_task(client.post("/v1/summaries", json={"text": texts[0]}))
        waiting_call = asyncio.create_task(client.post("/v1/summaries", json={"text": texts[1]}))
        await until(lambda: engine.queue_depth == 2)  # one runs, one waits

        refused = await client.post("/v1/summaries", json={"text": texts[2]})
        assert refused.status_code == 503
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert "busy" in refused.json()["detail"] and "at most 2" in refused.json()["detail"]

        backend.release()
        done = await asyncio.gather(running_call, waiting_call)
        assert [r.status_code for r in done] == [200, 200]
        metrics = (await client.get("/metrics")).text
    assert "sourced_queue_rejections_total 1.0" in metrics
    assert engine.queue_depth == 0


@pytest.mark.parametrize("concurrency", [None, 3])
def test_queue_capacity_follows_settings(concurrency: int | None):
    settings = Settings(model_concurrency=concurrency, queue_size=4)
    engine = make_engine(settings, FakeBackend())
    assert engine.concurrency == (concurrency or 1)  # the embedded model runs one at a time


def test_a_hit_is_the_stored_json_sent_as_it_is(sample_text: str, monkeypatch: pytest.MonkeyPatch):
    settings = Settings()
    engine = make_engine(settings, FakeBackend())
    with serve_in_thread(create_app(settings, engine), lifespan="on") as url:
        made = httpx.post(f"{url}/v1/summaries", json={"text": sample_text}, timeout=30)

        def no_parse(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("a hit was looked up as a Summary, not as its stored JSON")

        monkeypatch.setattr(engine.store, "find_for", no_parse)
        again = httpx.post(f"{url}/v1/summaries", json={"text": sample_text}, timeout=30)
    assert made.headers["x-cache"] == "miss"
    assert again.status_code == 200 and again.headers["x-cache"] == "hit"
    assert again.json() == made.json()


def test_serve_freezes_its_start_up_objects_and_collects_young_ones_less_often(
    tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """What a server's misses gained: no full collection of start-up objects mid-request, and
    no young collection run per miss for garbage reference counting frees anyway."""
    import gc

    import uvicorn

    from service.api.server import YOUNG_COLLECTION_THRESHOLD, serve

    seen: dict[str, object] = {}

    def run(_server: object) -> None:  # instead of serving: what the server would run with
        seen["threshold"] = gc.get_threshold()[0]
        seen["frozen"] = gc.get_freeze_count()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    before = gc.get_threshold()
    try:
        serve(Settings(data_dir=tmp_path))
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    assert seen["threshold"] == YOUNG_COLLECTION_THRESHOLD > before[0]
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 10_000
