"""POST/GET/DELETE /v1/jobs and the events stream, run in the API process, fake upstream behind."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.config import Settings
from service.testing.openai_server import FakeOpenAI, Reply, citing_draft
from tests.conftest import fake_settings

PROBLEM = "application/problem+json"
SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # any base64 works

DOC_A = (
    "The council approved a new budget of 4.2 million pounds on Monday. "
    "The mayor said the money would repair 12 bridges across the county. "
    "Opposition members voted against the plan, saying it ignored housing.\n\n"
    "Work on the first bridge is due to start in March."
)
DOC_B = (
    "A storm closed the harbour at Westport for two days this week. "
    "Fishing crews said they lost about 300 tonnes of catch. "
    "The coastguard reported no injuries."
)


@pytest.fixture
def upstream(fake_openai: FakeOpenAI) -> FakeOpenAI:
    fake_openai.responder = citing_draft
    return fake_openai


def settings_for(upstream: FakeOpenAI, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"job_heartbeat_s": 0.05, "rate_limit": ""}
    values.update(overrides)
    return fake_settings(upstream, **values)


@pytest.fixture
def client(upstream: FakeOpenAI) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(upstream)), raise_server_exceptions=False) as c:
        yield c


def finished(client: TestClient, location: str, timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(location).json()
        if job["state"] in ("done", "cancelled"):
            return job
        assert time.monotonic() < deadline, f"job not finished: {job['progress']}"
        time.sleep(0.05)


def assert_problem(response: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    for word in words:
        assert word in body["detail"], body["detail"]
    return body


def test_a_job_is_accepted_then_each_document_gets_a_verified_summary(client: TestClient):
    documents = [{"text": DOC_A, "title": "Budget"}, {"text": DOC_B}]
    response = client.post("/v1/jobs", json={"documents": documents})

    assert response.status_code == 202, response.text
    accepted = response.json()
    assert response.headers["location"] == f"/v1/jobs/{accepted['id']}"
    assert accepted["progress"]["documents"] == 2
    job = finished(client, response.headers["location"])
    assert job["state"] == "done"
    assert job["progress"]["done"] == 2 and job["progress"]["tokens"] > 0
    assert job["finished_at"] and job["expires_at"] > job["finished_at"]
    for sent, document in zip(documents, job["documents"], strict=True):
        assert document["state"] == "done" and document["attempts"] == 1
        summary = client.get(document["summary_url"]).json()
        assert summary["document"]["title"] == sent.get("title")
        assert summary["claims"], summary["warnings"]
        assert summary["provenance"]["mode"] == "model", summary["warnings"]
        for claim in summary["claims"]:
            for evidence in claim["evidence"]:
                assert sent["text"][evidence["start"] : evidence["end"]] == evidence["quote"]
        assert client.get(document["review_url"]).status_code == 200


def test_empty_and_binary_documents_fail_alone_with_their_problem(client: TestClient):
    documents = [{"text": DOC_A}, {"text": "  \n"}, {"text": "GIF89a\x00\x01\x02"}, {"text": DOC_B}]
    response = client.post("/v1/jobs", json={"documents": documents})
    assert response.status_code == 202, response.text

    job = finished(client, response.headers["location"])
    states = [d["state"] for d in job["documents"]]
    assert states == ["done", "failed", "failed", "done"]
    empty, binary = job["documents"][1]["problem"], job["documents"][2]["problem"]
    assert empty["status"] == 422 and "empty" in empty["detail"]
    assert binary["status"] == 400 and "binary" in binary["detail"]
    assert job["progress"]["failed"] == 2 and job["progress"]["done"] == 2


def test_an_unknown_job_is_404(client: TestClient):
    for method, path in (
        ("GET", "/v1/jobs/nosuchjob"),
        ("DELETE", "/v1/jobs/nosuchjob"),
        ("GET", "/v1/jobs/nosuchjob/events"),
    ):
        assert_problem(client.request(method, path), 404, "No job with id nosuchjob")


def test_an_idempotency_key_returns_the_first_job(client: TestClient):
    body = {"documents": [{"text": DOC_B}]}
    headers = {"Idempotency-Key": "batch-2026-12-01"}
    first = client.post("/v1/jobs", json=body, headers=headers)
    again = client.post("/v1/jobs", json=body, headers=headers)

    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    other = client.post("/v1/jobs", json={"documents": [{"text": DOC_A}]}, headers=headers)
    assert_problem(other, 422, "Idempotency-Key was used before")
    assert len(client.get("/v1/jobs").json()["jobs"]) == 1


def test_too_many_documents_is_413(upstream: FakeOpenAI):
    settings = settings_for(upstream, max_job_documents=2)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/jobs", json={"documents": [{"text": DOC_B}] * 3})
        assert_problem(response, 413, "3 documents", "limit is 2")
        bad = client.post("/v1/jobs", json={"documents": []})
        assert_problem(bad, 422, "documents")


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/hook",
        "http://127.0.0.1:8080/hook",
        "http://169.254.169.254/latest",
        "http://[::1]/hook",
        "file:///etc/passwd",
    ],
)
def test_a_webhook_to_a_private_address_is_refused_at_submission(upstream: FakeOpenAI, url: str):
    settings = settings_for(upstream, webhook_secret=SECRET)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        body = {"documents": [{"text": DOC_B}], "webhook_url": url}
        response = client.post("/v1/jobs", json=body)
        problem = assert_problem(response, 422)
        assert "webhook" in problem["detail"].lower()
        assert client.get("/v1/jobs").json()["jobs"] == []


def test_a_webhook_without_a_signing_secret_is_refused(client: TestClient):
    body = {"documents": [{"text": DOC_B}], "webhook_url": "https://example.org/hook"}
    assert_problem(client.post("/v1/jobs", json=body), 422, "SOURCED_WEBHOOK_SECRET")


def test_cancel_stops_the_documents_not_yet_summarized(upstream: FakeOpenAI):
    def slow(request: dict[str, Any]) -> Reply:
        reply = citing_draft(request)
        reply.delay = 0.3
        return reply

    upstream.responder = slow
    settings = settings_for(upstream, model_concurrency=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        # Six different documents: identical ones would share one model call (single flight).
        documents = [{"text": f"{DOC_A}\n\nNote {i}."} for i in range(6)]
        response = client.post("/v1/jobs", json={"documents": documents})
        location = response.headers["location"]
        deadline = time.monotonic() + 10
        while client.get(location).json()["progress"]["done"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        cancelled = client.delete(location)
        assert cancelled.status_code == 200
        assert cancelled.json()["state"] == "cancelled"
        calls = len(upstream.requests)
        time.sleep(0.5)
        job = client.get(location).json()
        states = [d["state"] for d in job["documents"]]
        assert states[0] == "done" and states[-1] == "cancelled"
        assert set(states) <= {"done", "cancelled"}
        assert len(upstream.requests) <= calls + 1  # at most the one already sent
        assert client.delete(location).json()["state"] == "cancelled"  # idempotent


def test_events_stream_progress_until_the_job_is_done(client: TestClient):
    response = client.post("/v1/jobs", json={"documents": [{"text": DOC_A}, {"text": DOC_B}]})
    events = []
    with client.stream("GET", response.headers["location"] + "/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        event: dict[str, str] = {}
        for line in stream.iter_lines():
            if not line:
                if event:
                    events.append(event)
                event = {}
                continue
            field, _, value = line.partition(":")
            event[field] = value.strip()
    assert events, "no events"
    assert events[-1]["event"] == "done"
    assert all(e["event"] == "progress" for e in events[:-1])
    last = json.loads(events[-1]["data"])
    assert last["progress"]["done"] == 2


def test_another_callers_job_is_not_found(upstream: FakeOpenAI):
    settings = settings_for(upstream, api_keys="key-one-0123456789,key-two-0123456789")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        one = {"Authorization": "Bearer key-one-0123456789"}
        two = {"Authorization": "Bearer key-two-0123456789"}
        response = client.post("/v1/jobs", json={"documents": [{"text": DOC_B}]}, headers=one)
        location = response.headers["location"]
        assert client.get(location, headers=one).status_code == 200
        assert_problem(client.get(location, headers=two), 404)
        assert client.get("/v1/jobs", headers=two).json()["jobs"] == []
        assert_problem(client.get(location), 401)


def test_jobs_take_documents_longer_than_the_synchronous_limit(upstream: FakeOpenAI):
    settings = settings_for(upstream, max_document_chars=200)
    text = (DOC_A + "\n\n") * 4
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        refused = client.post("/v1/summaries", json={"text": text})
        assert_problem(refused, 413, "POST /v1/jobs")
        response = client.post("/v1/jobs", json={"documents": [{"text": text}]})
        job = finished(client, response.headers["location"])
        assert job["documents"][0]["state"] == "done", job["documents"][0]["problem"]


def test_finished_jobs_are_swept_after_their_retention(upstream: FakeOpenAI):
    settings = settings_for(upstream, job_retention_s=0.2, job_sweep_interval_s=0.1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/jobs", json={"documents": [{"text": DOC_B}]})
        location = response.headers["location"]
        finished(client, location)
        deadline = time.monotonic() + 5
        while client.get(location).status_code != 404:
            assert time.monotonic() < deadline, "the job was never swept"
            time.sleep(0.05)
