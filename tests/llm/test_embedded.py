"""The embedded backend: its locking, prefix reuse, limits and cancellation on a stand-in for
llama.cpp, backend selection, and one real-model run of the sample document."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

import pytest

from service.composition import make_backend
from service.config import Settings
from service.draft import HEADLINE_MAX_CHARS, draft_json_schema, repeats_so_far
from service.errors import ConfigError, DocumentTooLong
from service.llm import embedded
from service.llm.base import ModelRequest
from service.llm.embedded import EmbeddedBackend
from service.schemas import Summary, SummaryOptions

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = "You summarize documents. " * 4


class FakeLlama:
    """Just enough of llama_cpp.Llama: one character is one token; generation emits `{}`."""

    def __init__(self, n_ctx: int = 400) -> None:
        self._n_ctx = n_ctx
        self.n_tokens = 0
        self._ids: list[int] = []
        self.evaluated: list[int] = []
        self.busy = threading.Lock()
        self.generating = threading.Event()
        self.outcomes: list[str] = []

    @property
    def eval_tokens(self) -> deque[int]:
        return deque(self._ids[: self.n_tokens])

    def n_ctx(self) -> int:
        return self._n_ctx

    def tokenize(self, text: bytes, add_bos: bool, special: bool) -> list[int]:
        return list(text)

    def eval(self, tokens: list[int]) -> None:
        self._ids = self._ids[: self.n_tokens] + list(tokens)
        self.n_tokens += len(tokens)
        self.evaluated.extend(tokens)

    eval_prompt = eval

    def create_completion(self, *, prompt: list[int], stopping_criteria: Any, **_: Any) -> dict:
        assert self.busy.acquire(blocking=False), "two generations ran at once"
        try:
            self.eval(prompt[self.n_tokens :])
            self.generating.set()
            spin = b"spin" in bytes(prompt)  # generate until stopped (at most 10 s)
            deadline = time.monotonic() + 10
            while True:
                if stopping_criteria(None, None):
                    self.outcomes.append("stopped")
                    break
                if not spin or time.monotonic() > deadline:
                    self.outcomes.append("finished")
                    break
            self.eval([ord("{"), ord("}")])
            return {
                "choices": [{"text": '{"a": "line\nbreak"}', "finish_reason": "stop"}],
                "usage": {"prompt_tokens": len(prompt), "completion_tokens": 2},
            }
        finally:
            self.busy.release()

    def reset(self) -> None:
        self.n_tokens = 0

    def close(self) -> None:
        pass


def plain_template(messages: list[dict[str, str]]) -> tuple[str, bool]:
    return "".join(f"<{m['role']}>{m['content']}" for m in messages) + "<assistant>", True


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    model = tmp_path / "tiny-model.gguf"
    model.write_bytes(b"GGUF\x03\x00\x00\x00")
    state: dict[str, Any] = {"opened": 0, "llama": FakeLlama()}

    def open_llama(path: Path, settings: Settings) -> FakeLlama:
        state["opened"] += 1
        return state["llama"]

    monkeypatch.setattr(embedded, "_open_llama", open_llama)
    monkeypatch.setattr(embedded, "_chat_template", lambda llama: plain_template)
    state["settings"] = Settings(model_path=model, cache_dir=tmp_path / "cache")
    return state


def request(document: str, max_tokens: int = 50) -> ModelRequest:
    return ModelRequest(
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": document}],
        schema=draft_json_schema(4, (1, 2, 3)),
        schema_name="summary_draft",
        max_tokens=max_tokens,
    )


def test_selection_picks_embedded_without_an_endpoint(tmp_path: Path) -> None:
    backend = make_backend(Settings(base_url=None, cache_dir=tmp_path))

    assert isinstance(backend, EmbeddedBackend)
    assert backend.name == "embedded"
    assert backend.model == "qwen2.5-coder-0.5b-instruct-q4_k_m"
    assert not backend.ready, "constructing the backend must not load the model"


def test_selection_picks_the_endpoint_when_configured() -> None:
    settings = Settings(base_url="http://127.0.0.1:9/v1", model="m", api_key="k")

    assert not isinstance(make_backend(settings), EmbeddedBackend)


def test_model_name_follows_a_users_model_file(tmp_path: Path) -> None:
    backend = EmbeddedBackend(Settings(model_path=tmp_path / "my-model.Q8_0.gguf"))

    assert backend.model == "my-model.Q8_0"


async def test_missing_runtime_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    backend = EmbeddedBackend(Settings(cache_dir=tmp_path))

    with pytest.raises(
        ConfigError, match=r"llama-cpp-python, is not installed.*sourced\[embedded-0\.5b\]"
    ):
        await backend.complete(request("x"))


async def test_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    backend = EmbeddedBackend(Settings(model_path=tmp_path / "absent.gguf"))

    with pytest.raises(ConfigError, match="SOURCED_MODEL_PATH"):
        await backend.load()
    assert not backend.ready


async def test_reply_is_strict_json_with_usage_and_progress(fake: dict[str, Any]) -> None:
    backend = EmbeddedBackend(fake["settings"])
    events: list[tuple[str, str]] = []

    reply = await backend.complete(
        request("[1] A port closed."), lambda s, d: events.append((s, d))
    )

    assert json.loads(reply.content or "") == {"a": "line\nbreak"}
    assert reply.finish_reason == "stop"
    assert reply.usage.completion_tokens == 2
    assert reply.model == "tiny-model"
    assert backend.ready
    stages = [stage for stage, _ in events]
    assert stages[0] == "loading model"
    assert "drafting" in stages


async def test_second_document_reuses_the_system_prompt(fake: dict[str, Any]) -> None:
    backend = EmbeddedBackend(fake["settings"])
    llama: FakeLlama = fake["llama"]
    prefix = len(f"<system>{SYSTEM}<user>[1] ")

    first = await backend.complete(request("[1] The first document."))
    llama.evaluated.clear()
    second = await backend.complete(request("[1] Another one entirely."))

    assert first.extra["reused_prompt_tokens"] == 0
    assert second.extra["reused_prompt_tokens"] == prefix
    assert len(llama.evaluated) == second.usage.prompt_tokens - prefix + 2  # + the reply

    backend.forget_prompt_prefix()
    third = await backend.complete(request("[1] Another one entirely."))
    assert third.extra["reused_prompt_tokens"] == 0


async def test_prompt_longer_than_context_is_refused(fake: dict[str, Any]) -> None:
    backend = EmbeddedBackend(fake["settings"])
    secret = "Confidential sentence. " * 20

    with pytest.raises(DocumentTooLong) as caught:
        await backend.complete(request(secret, max_tokens=100))

    message = caught.value.message
    assert "context holds 400" in message
    assert "Confidential" not in message
    assert fake["llama"].evaluated == [], "nothing may be evaluated for a refused prompt"


async def test_concurrent_requests_share_one_model_and_wait_their_turn(
    fake: dict[str, Any],
) -> None:
    backend = EmbeddedBackend(fake["settings"])

    replies = await asyncio.gather(*(backend.complete(request(f"[1] Doc {n}.")) for n in range(3)))

    assert fake["opened"] == 1
    assert all(reply.finish_reason == "stop" for reply in replies)


async def wait_until(condition: Any) -> None:
    """Yield to the event loop (no wall-clock sleep) until the worker thread gets there."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0)


async def test_cancelling_the_caller_stops_generation(fake: dict[str, Any]) -> None:
    backend = EmbeddedBackend(fake["settings"])
    llama: FakeLlama = fake["llama"]

    task = asyncio.create_task(backend.complete(request("[1] A spin story.")))
    await wait_until(llama.generating.is_set)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    reply = await backend.complete(request("[1] The next request runs."))

    assert llama.outcomes == ["stopped", "finished"]
    assert reply.finish_reason == "stop"


class CountingLock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entered = self.released = 0

    def __enter__(self) -> None:
        self.entered += 1
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self.released += 1
        self._lock.release()


async def test_request_cancelled_while_waiting_never_runs(fake: dict[str, Any]) -> None:
    backend = EmbeddedBackend(fake["settings"])
    lock = CountingLock()
    backend._lock = lock  # type: ignore[assignment]
    llama: FakeLlama = fake["llama"]
    first = asyncio.create_task(backend.complete(request("[1] First spin.")))
    await wait_until(llama.generating.is_set)
    second = asyncio.create_task(backend.complete(request("[1] Second, never run.")))
    await wait_until(lambda: lock.entered == 2)  # its thread waits for the lock

    second.cancel()
    first.cancel()
    for task in (first, second):
        with pytest.raises(asyncio.CancelledError):
            await task
    await wait_until(lambda: lock.released == 2)

    assert llama.outcomes == ["stopped"], "the cancelled waiting request still generated"
    assert b"Second" not in bytes(llama.evaluated)


def test_draft_schema_converts_to_a_llama_grammar() -> None:
    llama_grammar = pytest.importorskip("llama_cpp.llama_grammar")

    grammar = llama_grammar.LlamaGrammar.from_json_schema(
        json.dumps(draft_json_schema(8, (1, 2, 3)))
    )

    assert "claims" in grammar._grammar


def test_statement_numbers_and_string_lengths_are_bounded_in_the_grammar() -> None:
    """Only the statements offered can be cited (an enum: a caption, a planted sentence or a
    number past the end cannot be), and every string has a length bound, so no answer loops."""
    llama_grammar = pytest.importorskip("llama_cpp.llama_grammar")

    schema = draft_json_schema(4, (1, 2, 5, 12))
    grammar = llama_grammar.LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)

    rule = next(line for line in grammar._grammar.splitlines() if "ids-item ::=" in line)
    alternatives = [a.strip() for a in rule.split("::=")[1].split("|")]
    assert alternatives == ['"1"', '"2"', '"5"', '"12"']
    headline = next(
        line for line in grammar._grammar.splitlines() if line.startswith("headline ::=")
    )
    assert headline.count("char") == HEADLINE_MAX_CHARS
    huge = {"type": "integer", "minimum": 1, "maximum": 10**6}
    assert embedded._enumerate_bounded_integers(huge) == huge  # too many to spell out


def test_a_repeated_claim_stops_generation() -> None:
    """The token watch ends the answer as soon as a claim repeats an earlier one's statements."""
    written = '{"headline": "h", "summary": "s", "claims": [{"ids": [3], "text": "a"}, {"ids": [3]'
    prompt = [900, 901]  # the watch reads only what follows the prompt
    tokens = {i: c.encode() for i, c in enumerate(written)} | {900: b"{[", 901: b'"ids"'}
    watch = embedded._TokenWatch(
        lambda *a, **k: None,  # type: ignore[arg-type]
        threading.Event(),
        detokenize=lambda ids: b"".join(tokens[i] for i in ids),
        stop_when=repeats_so_far,
        prompt_tokens=len(prompt),
    )
    stops = [watch([*prompt, *range(i + 1)], None) for i in range(len(written))]
    assert stops[-1] is True and not any(stops[:-1])
    assert watch.stopped_early


@pytest.mark.embedded
async def test_sample_document_through_the_real_model(tmp_path: Path) -> None:
    """The one real-model test: the shipped sample through the whole pipeline, offline."""
    pytest.importorskip(
        "llama_cpp", reason="llama-cpp-python is not installed (the embedded extra)"
    )
    from service.summarize import summarize

    sample = ROOT / "examples" / "port-strike.txt"
    text = sample.read_text(encoding="utf-8")
    settings = Settings(base_url=None, threads=2)
    backend = EmbeddedBackend(settings)
    try:  # four claims keep the draft, and this test, short: about a minute on 2 cores
        summary = await summarize(
            text, backend, settings, options=SummaryOptions(length="short", max_claims=4)
        )
    finally:
        await backend.aclose()

    assert Summary.model_validate_json(summary.model_dump_json()) == summary
    assert summary.provenance.backend == "embedded"
    # What the issue asks of the real model: a valid Summary whose every span is exact. Whether
    # the 0.5B model drafts a claim that survives verification is measured by the evals, not here.
    assert summary.provenance.claims_drafted >= 1, summary.warnings
    for claim in summary.claims:
        assert claim.verified
        for evidence in claim.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


@pytest.mark.embedded
async def test_fast_grammar_sampling_writes_what_llama_cpp_python_would() -> None:
    """Greedy grammar sampling that asks about the best token first (grammar_sampling.py) must
    write exactly the tokens of llama-cpp-python's own sampler chain, only faster."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from service.llm import grammar_sampling

    backend = EmbeddedBackend(Settings(base_url=None, threads=2))
    document = (ROOT / "examples" / "port-strike.txt").read_text(encoding="utf-8")[:700]
    replies = {}
    try:
        for fast in (True, False):
            grammar_sampling.FastGrammarLlama.fast_grammar = fast
            backend.forget_prompt_prefix()
            replies[fast] = await backend.complete(request(document, max_tokens=120))
    finally:
        grammar_sampling.FastGrammarLlama.fast_grammar = True
        await backend.aclose()

    assert replies[True].content == replies[False].content
    assert replies[True].usage.completion_tokens == replies[False].usage.completion_tokens > 20


@pytest.mark.embedded
async def test_prompt_lookup_writes_what_plain_greedy_decoding_would() -> None:
    """Prompt-lookup decoding (SOURCED_PROMPT_LOOKUP_TOKENS) with the fast grammar sampler: the
    drafted tokens are only checked, so the reply must be token for token the same. One model
    load (about 15 s on 2 cores): the same instance decodes once without its draft model."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    document = (ROOT / "examples" / "port-strike.txt").read_text(encoding="utf-8")[:700]
    backend = EmbeddedBackend(Settings(base_url=None, threads=2, prompt_lookup_tokens=8))
    replies = {}
    try:
        await backend.load()
        llama = backend._llama
        assert llama is not None and llama.draft_model is not None
        draft = llama.draft_model
        for lookup in (False, True):
            llama.draft_model = draft if lookup else None
            backend.forget_prompt_prefix()
            replies[lookup] = await backend.complete(request(document, max_tokens=80))
    finally:
        await backend.aclose()

    assert replies[True].content == replies[False].content
    assert replies[True].usage.completion_tokens == replies[False].usage.completion_tokens > 20


def test_compiled_grammars_are_kept_bounded(tmp_path: Path) -> None:
    """A grammar per draft schema, and a schema per document's statements: kept without bound,
    every new document a caller sent grew the process."""
    backend = EmbeddedBackend(Settings(model_path=tmp_path / "model.gguf"))
    kept = embedded.GRAMMARS_KEPT
    schemas = [draft_json_schema(3, tuple(range(1, n + 2))) for n in range(kept + 4)]
    grammars = [backend._grammar(schema) for schema in schemas]
    assert backend._grammars.cache_info().currsize == kept
    assert backend._grammar(schemas[-1]) is grammars[-1]  # the recent ones are still there
    assert backend._grammar(schemas[0]) is not grammars[0]  # the oldest was compiled again
