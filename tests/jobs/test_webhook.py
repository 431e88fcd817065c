"""The completion webhook: signed the Standard Webhooks way, retried, SSRF-guarded."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook

from service.api import create_app
from service.config import Settings
from service.errors import WebhookRefused
from service.jobs.webhooks import vet_webhook_url
from service.testing.openai_server import FakeOpenAI, Reply, citing_draft
from tests.jobs.test_api import DOC_A, DOC_B, SECRET, finished, settings_for
from tests.jobs.test_api import upstream as upstream  # the fixture


class Receiver:
    """A webhook endpoint on 127.0.0.1 that answers `statuses` in turn, then 204."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/sourced?t=1"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver(500, 503)
    yield receiver
    receiver.stop()


def webhook_settings(upstream: FakeOpenAI, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "webhook_secret": SECRET,
        "webhook_allow_hosts": "127.0.0.1",
        "webhook_backoff_s": 0.01,
    }
    values.update(overrides)
    return settings_for(upstream, **values)


def wait_for_webhook(client: TestClient, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while True:
        job: dict[str, Any] = client.get(location).json()
        if job["webhook"]["state"] in ("delivered", "failed"):
            return job
        assert time.monotonic() < deadline, job["webhook"]
        time.sleep(0.05)


def test_the_finished_job_is_posted_signed_after_retries(upstream: FakeOpenAI, receiver: Receiver):
    upstream.responder = citing_draft
    with TestClient(create_app(webhook_settings(upstream))) as client:
        documents = [{"text": DOC_A}, {"text": ""}, {"text": DOC_B}]
        response = client.post(
            "/v1/jobs", json={"documents": documents, "webhook_url": receiver.url}
        )
        assert response.status_code == 202, response.text
        location = response.headers["location"]
        finished(client, location)
        job = wait_for_webhook(client, location)

    assert job["webhook"] == {"url": receiver.url, "state": "delivered", "attempts": 3}
    assert len(receiver.received) == 3
    ids = {headers["webhook-id"] for headers, _ in receiver.received}
    assert ids == {f"msg_{job['id']}"}  # the same id on every retry: receivers drop repeats
    headers, body = receiver.received[-1]
    payload = Webhook(SECRET).verify(body, headers)  # raises unless the signature is right
    assert payload["type"] == "job.done"
    assert [d["state"] for d in payload["data"]["documents"]] == ["done", "failed", "done"]
    with pytest.raises(Exception, match="signature"):
        Webhook("whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY").verify(body, headers)


def test_a_webhook_that_keeps_failing_is_marked_failed(upstream: FakeOpenAI):
    receiver = Receiver(500, 500, 500, 500)
    try:
        settings = webhook_settings(upstream, webhook_max_attempts=3)
        with TestClient(create_app(settings)) as client:
            body = {"documents": [{"text": ""}], "webhook_url": receiver.url}
            location = client.post("/v1/jobs", json=body).headers["location"]
            job = wait_for_webhook(client, location)
        assert job["webhook"]["state"] == "failed" and job["webhook"]["attempts"] == 3
        assert len(receiver.received) == 3
    finally:
        receiver.stop()


async def test_a_name_resolving_to_a_private_address_is_refused():
    settings = Settings(webhook_secret=SECRET)

    async def resolves_inside(host: str, port: int) -> list[str]:
        return ["93.184.215.14", "10.1.2.3"]

    with pytest.raises(WebhookRefused, match=r"private network address \(10\.1\.2\.3\)"):
        await vet_webhook_url("https://hooks.example.org/x", settings, resolves_inside)

    async def resolves_outside(host: str, port: int) -> list[str]:
        return ["93.184.215.14"]

    target, address = await vet_webhook_url(
        "https://hooks.example.org/x", settings, resolves_outside
    )
    assert target.host == "hooks.example.org" and str(address) == "93.184.215.14"


def test_a_cancelled_job_sends_its_webhook_too(upstream: FakeOpenAI, receiver: Receiver):
    receiver.statuses.clear()

    def slow(request: dict[str, Any]) -> Reply:
        return Reply(content=citing_draft(request).content, delay=1.0)

    upstream.responder = slow  # the job is cancelled while its first document runs
    with TestClient(create_app(webhook_settings(upstream, model_concurrency=1))) as client:
        body = {"documents": [{"text": DOC_A}] * 3, "webhook_url": receiver.url}
        location = client.post("/v1/jobs", json=body).headers["location"]
        client.delete(location)
        job = wait_for_webhook(client, location)
    assert job["webhook"]["state"] == "delivered"
    payload = json.loads(receiver.received[-1][1])
    assert payload["type"] == "job.cancelled"
