"""Record and replay: a replay answers exactly as recorded, with no model, or says to re-record."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import ConfigError, ReplayMiss, UpstreamTimeout
from service.llm.base import ModelReply, ModelRequest
from service.llm.replay import RecordingBackend, ReplayBackend, request_key
from service.progress import Progress, no_progress
from service.schemas import Usage

SECRET_DOCUMENT = "The minister's private diary says the budget is 42 billion."


def request(text: str = SECRET_DOCUMENT, schema: dict[str, object] | None = None) -> ModelRequest:
    return ModelRequest(
        messages=[{"role": "system", "content": "summarize"}, {"role": "user", "content": text}],
        schema=schema or {"type": "object"},
        schema_name="summary_draft",
        max_tokens=500,
    )


class ScriptedBackend:
    """Answers with the next scripted reply, or raises it if it is an exception."""

    name = "scripted"
    model = "tiny-model"

    def __init__(self, *replies: str | Exception) -> None:
        self.replies = list(replies)
        self.calls = 0

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        self.calls += 1
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return ModelReply(
            content=reply,
            finish_reason="stop",
            usage=Usage(prompt_tokens=10, completion_tokens=len(reply)),
            model="tiny-model-q4",
            attempts=2,
            extra={"seed": 7, "not_json": object()},
        )

    async def aclose(self) -> None:
        pass


class TickingClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.25
        return self.now


async def test_a_replay_answers_as_recorded_in_order_without_the_model(tmp_path: Path) -> None:
    path = tmp_path / "summarize" / "fixture.jsonl"
    inner = ScriptedBackend('{"a": 1}', '{"a": 2}', '{"b": 1}')
    recorder = RecordingBackend(inner, path, prompt_version="summarize@1+abc", clock=TickingClock())
    live = [
        await recorder.complete(request()),
        await recorder.complete(request()),  # the same request twice: a re-ask may repeat one
        await recorder.complete(request("another document")),
    ]
    assert inner.calls == 3
    assert SECRET_DOCUMENT not in path.read_text(encoding="utf-8")

    for _ in range(2):  # deterministic: a fresh replay gives the same answers every time
        replay = ReplayBackend(path)
        replayed = [
            await replay.complete(request()),
            await replay.complete(request()),
            await replay.complete(request("another document")),
        ]
        assert [r.content for r in replayed] == [r.content for r in live]
        assert [(r.usage, r.model, r.attempts, r.finish_reason) for r in replayed] == [
            (r.usage, r.model, r.attempts, r.finish_reason) for r in live
        ]
        assert replayed[0].extra == {"seed": 7}
        assert replay.name == "replay:scripted" and replay.model == "tiny-model-q4"
        assert replay.replayed_latency_ms == pytest.approx(750.0)
    assert (await replay.complete(request())).content == '{"a": 2}'  # past the end: the last one


async def test_a_request_the_recording_lacks_says_to_re_record(tmp_path: Path) -> None:
    path = tmp_path / "fixture.jsonl"
    await RecordingBackend(ScriptedBackend("{}"), path, prompt_version="summarize@3+f00").complete(
        request()
    )
    replay = ReplayBackend(path)
    with pytest.raises(ReplayMiss) as caught:
        await replay.complete(request("the prompt changed"))
    message = str(caught.value)
    assert str(path) in message and "summarize@3+f00" in message
    assert "sourced eval --backend live --record" in message
    assert "the prompt changed" not in message
    assert isinstance(caught.value, ConfigError)


async def test_a_missing_or_corrupt_recording_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReplayMiss, match="no recording at"):
        ReplayBackend(tmp_path / "absent.jsonl")
    corrupt = tmp_path / "corrupt.jsonl"
    corrupt.write_text('{"key": 1}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="corrupt"):
        ReplayBackend(corrupt)


async def test_an_upstream_error_is_recorded_and_raised_again(tmp_path: Path) -> None:
    path = tmp_path / "fixture.jsonl"
    timeout = UpstreamTimeout("the model took longer than 60 s", attempts=4, prompt_tokens=900)
    recorder = RecordingBackend(ScriptedBackend(timeout), path)
    with pytest.raises(UpstreamTimeout):
        await recorder.complete(request())
    with pytest.raises(UpstreamTimeout) as caught:
        await ReplayBackend(path).complete(request())
    assert caught.value.attempts == 4 and caught.value.prompt_tokens == 900


async def test_recording_starts_fresh_unless_asked_to_append(tmp_path: Path) -> None:
    path = tmp_path / "fixture.jsonl"
    await RecordingBackend(ScriptedBackend("{}"), path).complete(request())
    await RecordingBackend(ScriptedBackend("{}"), path, fresh=False).complete(request("b"))
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
    RecordingBackend(ScriptedBackend(), path)
    assert path.read_text(encoding="utf-8") == ""


def test_the_request_key_covers_messages_and_schema_not_budget() -> None:
    base = request()
    assert request_key(base) == request_key(request())
    assert request_key(base) != request_key(request("other"))
    assert request_key(base) != request_key(request(schema={"type": "array"}))
    smaller = ModelRequest(base.messages, base.schema, base.schema_name, max_tokens=10)
    assert request_key(base) == request_key(smaller)
