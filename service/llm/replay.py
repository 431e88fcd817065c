"""Record a backend's replies, and replay them later with no model, deterministically.

A recording is a JSONL file, one line per model call: the hash of the request (messages, schema
name and schema), the prompt version, and the reply (content, finish reason, usage, model) or the
error the backend raised. Replaying answers each request from the line with the same hash, so the
whole pipeline re-runs exactly as it did live. A request the recording does not hold means the
prompt, the document or the pipeline's messages changed since: the error says to re-record.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from service import errors
from service.errors import ConfigError, ReplayMiss, SourcedError
from service.llm.base import Backend, ModelReply, ModelRequest, NothingToLoad
from service.progress import Progress, no_progress
from service.schemas import Usage

RERECORD_HINT = "re-record with: sourced eval --backend live --record evals/recordings"


def request_key(request: ModelRequest) -> str:
    """A stable hash of what the model is asked; max_tokens is left out as it shapes no prompt."""
    canonical = json.dumps(
        {
            "messages": request.messages,
            "schema_name": request.schema_name,
            "schema": request.schema,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class RecordedError(BaseModel):
    type: str
    message: str
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class RecordedCall(BaseModel):
    key: str
    prompt: str | None = None
    backend: str
    model: str
    content: str | None = None
    finish_reason: str = "stop"
    usage: Usage = Usage()
    refusal: str | None = None
    attempts: int = 1
    extra: dict[str, Any] = {}
    error: RecordedError | None = None
    latency_ms: float = 0.0
    recorded_at: datetime


def _json_safe(extra: dict[str, Any]) -> dict[str, Any]:
    safe = {}
    for key, value in extra.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        safe[key] = value
    return safe


class RecordingBackend:
    """Wraps any backend and appends every call to a JSONL file. Does not close `inner`, which
    may be shared between recordings (one loaded model, one file per fixture)."""

    def __init__(
        self,
        inner: Backend,
        path: Path,
        *,
        prompt_version: str | None = None,
        fresh: bool = True,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.inner = inner
        self.path = path
        self.prompt_version = prompt_version
        self.name = inner.name
        self.model = inner.model
        self._clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            path.write_text("", encoding="utf-8")

    @property
    def ready(self) -> bool:
        return self.inner.ready

    async def load(self, progress: Progress = no_progress) -> None:
        await self.inner.load(progress)

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        started = self._clock()
        call: dict[str, Any] = {
            "key": request_key(request),
            "prompt": self.prompt_version,
            "backend": self.inner.name,
            "model": self.inner.model,
            "recorded_at": datetime.now(UTC),
        }
        try:
            reply = await self.inner.complete(request, progress)
        except SourcedError as exc:
            call["error"] = RecordedError(
                type=type(exc).__name__,
                message=exc.message,
                attempts=getattr(exc, "attempts", 0),
                prompt_tokens=getattr(exc, "prompt_tokens", 0),
                completion_tokens=getattr(exc, "completion_tokens", 0),
            )
            self._append(RecordedCall(latency_ms=self._elapsed(started), **call))
            raise
        call |= {
            "model": reply.model or self.inner.model,
            "content": reply.content,
            "finish_reason": reply.finish_reason,
            "usage": reply.usage,
            "refusal": reply.refusal,
            "attempts": reply.attempts,
            "extra": _json_safe(reply.extra),
        }
        self._append(RecordedCall(latency_ms=self._elapsed(started), **call))
        return reply

    def _elapsed(self, started: float) -> float:
        return round((self._clock() - started) * 1000, 1)

    def _append(self, call: RecordedCall) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(call.model_dump_json() + "\n")

    async def aclose(self) -> None:
        """Nothing to release: `inner` belongs to whoever made it."""


def _rebuild_error(recorded: RecordedError) -> SourcedError:
    cls = getattr(errors, recorded.type, None)
    if not (isinstance(cls, type) and issubclass(cls, SourcedError)):
        cls = errors.UpstreamError
    if issubclass(cls, (errors.UpstreamError, errors.ModelOutputError)):
        return cls(
            recorded.message,
            attempts=recorded.attempts,
            prompt_tokens=recorded.prompt_tokens,
            completion_tokens=recorded.completion_tokens,
        )
    return cls(recorded.message)


class ReplayBackend(NothingToLoad):
    """Answers from a recording. The same request asked again gets the next recorded reply for
    it, then the last one again, so a replay is deterministic."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise ReplayMiss(f"no recording at {path}; {RERECORD_HINT}") from None
        try:
            calls = [RecordedCall.model_validate_json(line) for line in lines if line.strip()]
        except ValidationError as exc:
            raise ConfigError(
                f"the recording {path} is corrupt ({exc.error_count()} errors); {RERECORD_HINT}"
            ) from None
        self._calls: dict[str, list[RecordedCall]] = defaultdict(list)
        for call in calls:
            self._calls[call.key].append(call)
        self._served: dict[str, int] = defaultdict(int)
        self.prompts = sorted({c.prompt for c in calls if c.prompt})
        recorded_backend = calls[0].backend if calls else "nothing"
        self.name = f"replay:{recorded_backend}"
        self.model = calls[0].model if calls else "none"
        self.replayed_latency_ms = 0.0

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        key = request_key(request)
        calls = self._calls.get(key)
        if not calls:
            recorded = ", ".join(self.prompts) or "no prompt version"
            raise ReplayMiss(
                f"the recording {self.path} has no reply for request {key[:12]} (recorded with "
                f"{recorded}): the prompt, the document or the pipeline's messages changed "
                f"since it was made; {RERECORD_HINT}"
            )
        index = self._served[key]
        self._served[key] += 1
        call = calls[min(index, len(calls) - 1)]
        progress("replaying", f"request {key[:12]}")
        self.replayed_latency_ms += call.latency_ms
        if call.error is not None:
            raise _rebuild_error(call.error)
        return ModelReply(
            content=call.content,
            finish_reason=call.finish_reason,
            usage=call.usage,
            model=call.model,
            refusal=call.refusal,
            attempts=call.attempts,
            extra=dict(call.extra),
        )

    async def aclose(self) -> None:
        """A recording holds nothing open."""
