"""A hostile or broken endpoint: drip-fed bytes, malformed 200s, huge answers, a server that
rejects the output mode. Each ends fast as one clear UpstreamError (502/504), never a hang."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.cli import main
from service.errors import UpstreamError, UpstreamTimeout
from service.llm.openai_compat import OpenAICompatBackend
from service.summarize import summarize
from service.testing.drafts import GOOD_DRAFT
from service.testing.engines import FakeBackend, make_engine
from service.testing.openai_server import FakeOpenAI, Reply, draft_reply, error_reply, raw_reply
from tests.conftest import fake_settings

COMPLETION = {
    "id": "x",
    "object": "chat.completion",
    "model": "fake-model",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "{}"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1},
}


def completion(**changes: object) -> bytes:
    body = json.loads(json.dumps(COMPLETION))
    body.update(changes)
    return json.dumps(body).encode()


async def run(fake: FakeOpenAI, text: str, **settings: object):
    cfg = fake_settings(fake, **settings)
    backend = OpenAICompatBackend(cfg)
    try:
        return await summarize(text, backend, cfg)
    finally:
        await backend.aclose()


async def test_a_drip_fed_answer_ends_at_the_attempt_deadline(
    fake_openai: FakeOpenAI, sample_text: str
):
    # One byte every 50 ms: a read timeout that restarts on every byte would wait minutes.
    fake_openai.default = draft_reply(GOOD_DRAFT, drip_s=0.05)
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout) as caught:
        await run(fake_openai, sample_text, request_timeout_s=0.4, max_attempts=2)
    assert time.monotonic() - started < 3
    assert caught.value.attempts == 2
    assert "did not answer within 0.4s" in str(caught.value)


async def test_the_call_budget_is_a_wall_clock_deadline(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.default = draft_reply(GOOD_DRAFT, drip_s=0.05)
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout) as caught:
        await run(fake_openai, sample_text, request_timeout_s=30, max_total_s=0.6)
    assert time.monotonic() - started < 3
    assert "SOURCED_MAX_TOTAL_S" in str(caught.value)


def test_a_summary_has_a_deadline_nothing_extends(sample_text: str):
    settings = fake_settings(FakeOpenAIStub(), max_summary_s=0.5)
    backend = FakeBackend(gated=True)  # never answers
    started = time.monotonic()
    with TestClient(create_app(settings, make_engine(settings, backend))) as client:
        response = client.post("/v1/summaries", json={"text": sample_text})
    assert time.monotonic() - started < 5
    assert response.status_code == 504, response.text
    assert "SOURCED_MAX_SUMMARY_S" in response.json()["detail"]


class FakeOpenAIStub:
    base_url = "http://127.0.0.1:9/v1"


MALFORMED = {
    "not UTF-8": raw_reply(b'{"choices": "\xff\xfe"}'),
    "an HTML page": raw_reply(b"<html><body>Bad gateway</body></html>", content_type="text/html"),
    "null": raw_reply(b"null"),
    "a JSON list": raw_reply(b"[1, 2, 3]"),
    "choices null": raw_reply(completion(choices=None)),
    "no choices": raw_reply(completion(choices=[])),
    "message null": raw_reply(completion(choices=[{"message": None, "finish_reason": "stop"}])),
    "string token counts": raw_reply(completion(usage={"prompt_tokens": "12"})),
    "content a number": raw_reply(completion(choices=[{"message": {"content": 7}}])),
    "very deep JSON": raw_reply(b"[" * 100_000 + b"]" * 100_000),
    "deep inside a completion": raw_reply(
        b'{"choices": [{"message": {"content": "x", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}]}"
    ),
    "truncated JSON": raw_reply(completion()[:40]),
}


@pytest.mark.parametrize("shape", MALFORMED)
async def test_a_malformed_200_is_an_upstream_error(
    fake_openai: FakeOpenAI, sample_text: str, shape: str
):
    fake_openai.default = MALFORMED[shape]
    with pytest.raises(UpstreamError) as caught:
        await run(fake_openai, sample_text)
    assert type(caught.value) is UpstreamError
    assert "answered 200" in str(caught.value)
    assert len(fake_openai.requests) == 1  # a broken endpoint is not asked again and again


@pytest.mark.parametrize("shape", ["an HTML page", "very deep JSON", "message null"])
def test_a_malformed_200_is_a_502_problem(fake_openai: FakeOpenAI, sample_text: str, shape: str):
    fake_openai.default = MALFORMED[shape]
    with TestClient(create_app(fake_settings(fake_openai)), raise_server_exceptions=False) as c:
        response = c.post("/v1/summaries", json={"text": sample_text})
    assert response.status_code == 502, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "answered 200" in response.json()["detail"]


@pytest.mark.parametrize("shape", ["not UTF-8", "a JSON list", "string token counts"])
def test_a_malformed_200_exits_3_with_one_line(
    fake_openai: FakeOpenAI, capsys: pytest.CaptureFixture[str], monkeypatch, shape: str
):
    monkeypatch.setenv("SOURCED_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("SOURCED_MODEL", "fake-model")
    fake_openai.default = MALFORMED[shape]
    assert main(["summarize", "examples/port-strike.txt", "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "answered 200" in err


@pytest.mark.parametrize("unsized", [False, True], ids=["declared", "streamed"])
async def test_an_answer_over_the_size_cap_is_refused(
    fake_openai: FakeOpenAI, sample_text: str, unsized: bool
):
    huge = completion(choices=[{"message": {"content": "x" * 200_000}, "finish_reason": "stop"}])
    fake_openai.default = Reply(raw=huge, unsized=unsized)
    with pytest.raises(UpstreamError, match="larger than 50,000 bytes"):
        await run(fake_openai, sample_text, max_response_bytes=50_000)


async def test_a_reset_connection_is_retried_then_an_upstream_error(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.default = Reply(reset=True)
    with pytest.raises(UpstreamError, match="Could not connect") as caught:
        await run(fake_openai, sample_text, max_attempts=2)
    assert caught.value.attempts == 2


LLAMA_CPP_500 = error_reply(
    500, "JSON schema conversion failed: Unrecognized schema for response_format json_schema"
)


async def test_a_rejected_output_mode_falls_back_once_and_is_remembered(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.enqueue(LLAMA_CPP_500, draft_reply(GOOD_DRAFT), draft_reply(GOOD_DRAFT))
    cfg = fake_settings(fake_openai)
    backend = OpenAICompatBackend(cfg)
    try:
        first = await summarize(sample_text, backend, cfg)
        await summarize(sample_text, backend, cfg)
    finally:
        await backend.aclose()
    assert first.claims and first.provenance.attempts == 1
    kinds = [
        "tool" if r.get("tool_choice") else r["response_format"]["type"]
        for r in fake_openai.requests
    ]
    assert kinds == ["json_schema", "tool", "tool"]  # rejected once, never retried as transient


async def test_an_endpoint_that_rejects_every_mode_names_the_setting(
    fake_openai: FakeOpenAI, sample_text: str
):
    fake_openai.default = LLAMA_CPP_500
    with pytest.raises(UpstreamError, match="SOURCED_OUTPUT_MODE") as caught:
        await run(fake_openai, sample_text, max_attempts=4)
    assert len(fake_openai.requests) == 3  # one per mode, none retried
    assert caught.value.status_code == 500


async def test_an_ordinary_500_is_still_retried(fake_openai: FakeOpenAI, sample_text: str):
    fake_openai.enqueue(error_reply(500, "overloaded"), draft_reply(GOOD_DRAFT))
    summary = await run(fake_openai, sample_text)
    assert summary.provenance.attempts == 2
    assert all("response_format" in r for r in fake_openai.requests)
