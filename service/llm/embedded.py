"""The embedded default backend: a GGUF model run in-process by llama.cpp (SQLite-style default).

One model instance per backend, guarded by a lock: a second request waits for the first instead of
loading a second copy. All CPU work runs in a worker thread so the event loop stays responsive;
cancelling the awaiting task (a client hanging up, Ctrl-C) stops the work at the next prompt chunk
or generated token.

The prompt is evaluated here in small chunks rather than by llama.cpp's `generate`, for three
reasons: the first chunk starts after the longest token prefix already in the KV cache (every
prompt opens with the same static system message, so the second document does not pay for it
again), cancellation is honoured between chunks, and reading a long document reports progress.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import anyio.from_thread
import anyio.to_thread

from service.config import Settings
from service.errors import ConfigError, DocumentTooLong, UpstreamError
from service.llm.base import ModelReply, ModelRequest
from service.llm.weights import bundle_for, ensure_model_file, install_hint
from service.memo import KeyedMemo
from service.progress import Progress, no_progress
from service.schemas import Usage

if TYPE_CHECKING:
    from llama_cpp import Llama, LlamaGrammar

    from service.llm.grammar_sampling import FastGrammarLlama

PROMPT_CHUNK_TOKENS = 128  # cancellation and progress granularity while reading the prompt
_PROGRESS_INTERVAL_S = 0.5


class _Cancelled(Exception):
    """The awaiting task went away; nobody reads this request's result."""


class _ThreadProgress:
    """Forwards progress from the worker thread to the event loop, throttled, never raising."""

    def __init__(self, progress: Progress, cancel: threading.Event) -> None:
        self._progress = progress
        self._cancel = cancel
        self._last = 0.0

    def __call__(self, stage: str, detail: str, *, throttle: bool = False) -> None:
        now = time.monotonic()
        if self._cancel.is_set() or (throttle and now - self._last < _PROGRESS_INTERVAL_S):
            return
        self._last = now
        with contextlib.suppress(Exception):  # a progress sink must never break a summary
            anyio.from_thread.run_sync(self._progress, stage, detail)


class _TokenWatch:
    """Called by llama.cpp once per generated token: counts, reports, and stops on cancel or when
    the request's `stop_when` says the answer so far should end (a repeated claim began)."""

    def __init__(
        self,
        progress: _ThreadProgress,
        cancel: threading.Event,
        detokenize: Callable[[list[int]], bytes] | None = None,
        stop_when: Callable[[str], bool] | None = None,
        prompt_tokens: int = 0,
    ) -> None:
        self.tokens = 0
        self.stopped_early = False
        self._progress = progress
        self._cancel = cancel
        self._detokenize = detokenize
        self._stop_when = stop_when
        self._prompt_tokens = prompt_tokens

    def __call__(self, input_ids: Any, logits: Any) -> bool:
        self.tokens += 1
        self._progress("drafting", f"{self.tokens} tokens", throttle=True)
        if self._cancel.is_set():
            return True
        if self._stop_when is not None and self._detokenize is not None:
            # llama-cpp-python passes the ids so far, which may not yet hold the token just
            # sampled: read everything after the prompt, never "the last id".
            written = self._detokenize([int(t) for t in input_ids[self._prompt_tokens :]])
            if self._stop_when(written.decode("utf-8", "ignore")):
                self.stopped_early = True
                return True
        return False


GRAMMARS_KEPT = 16
"""Compiled grammars kept: one per draft schema, the same for a document asked about again."""


class EmbeddedBackend:
    """The `Backend` that needs no endpoint: llama.cpp with the bundled (or a user's) GGUF."""

    name = "embedded"

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._bundle = bundle_for(settings)
        self.model = (
            settings.model_path.stem if settings.model_path is not None else self._bundle.model
        )
        self._llama: FastGrammarLlama | None = None
        self._template: Callable[[list[dict[str, str]]], tuple[str, bool]] | None = None
        # By schema, and a schema names the document's statements: bounded, least recent out.
        self._grammars: KeyedMemo[str, LlamaGrammar] = KeyedMemo(GRAMMARS_KEPT)
        self._lock = threading.Lock()
        self.load_seconds: float | None = None

    @property
    def ready(self) -> bool:
        """True once the model is in memory: /readyz reports this."""
        return self._llama is not None

    async def load(self, progress: Progress = no_progress) -> None:
        """Assemble (first run only) and load the model now rather than on the first request."""
        await self._run(lambda watch, cancel: self._load_locked(watch), progress)

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        return await self._run(
            lambda watch, cancel: self._complete_locked(request, watch, cancel), progress
        )

    async def aclose(self) -> None:
        await anyio.to_thread.run_sync(self._close)

    def forget_prompt_prefix(self) -> None:
        """Drop the KV cache so the next prompt is evaluated from scratch (for measurements)."""
        with self._lock:
            if self._llama is not None:
                self._llama.reset()

    async def _run(
        self,
        work: Callable[[_ThreadProgress, threading.Event], Any],
        progress: Progress,
    ) -> Any:
        cancel = threading.Event()
        watch = _ThreadProgress(progress, cancel)

        def locked() -> Any:
            with self._lock:
                if cancel.is_set():  # cancelled while waiting for the lock
                    raise _Cancelled
                return work(watch, cancel)

        try:
            # abandon_on_cancel: the awaiting task returns at once on cancellation; the thread
            # sees the event at its next chunk or token and releases the lock.
            return await anyio.to_thread.run_sync(locked, abandon_on_cancel=True)
        except BaseException:
            cancel.set()
            raise

    def _close(self) -> None:
        with self._lock:
            if self._llama is not None:
                self._llama.close()
                self._llama = None

    def _load_locked(self, progress: _ThreadProgress) -> FastGrammarLlama:
        if self._llama is not None:
            return self._llama
        try:
            import llama_cpp  # noqa: F401
        except ImportError as exc:
            raise ConfigError(
                "The embedded model's runtime, llama-cpp-python, is not installed. "
                + install_hint(self._bundle.extra)
            ) from exc
        path = ensure_model_file(self._settings, progress, bundle=self._bundle)
        progress("loading model", path.name)
        started = time.perf_counter()
        try:
            llama = _open_llama(path, self._settings)
        except (ValueError, RuntimeError) as exc:
            raise ConfigError(
                f"llama.cpp could not load the model file {path}: it may be damaged or of an "
                "unsupported architecture."
            ) from exc
        self.load_seconds = time.perf_counter() - started
        self._template = _chat_template(llama)
        self._llama = llama
        progress("loading model", f"ready in {self.load_seconds:.1f} s")
        return llama

    def _complete_locked(
        self, request: ModelRequest, progress: _ThreadProgress, cancel: threading.Event
    ) -> ModelReply:
        llama = self._load_locked(progress)
        assert self._template is not None
        prompt = _tokenize_prompt(llama, self._template, request.messages)
        context = llama.n_ctx()
        if len(prompt) + request.max_tokens > context:
            raise DocumentTooLong(
                f"The document is too long for the embedded model: the prompt takes {len(prompt)} "
                f"tokens and the summary up to {request.max_tokens} more, but the model's context "
                f"holds {context} (SOURCED_CONTEXT_TOKENS). Shorten the document or use a model "
                "endpoint (SOURCED_BASE_URL)."
            )
        grammar = self._grammar(request.schema)

        started = time.perf_counter()
        reused = self._evaluate_prompt(llama, prompt, progress, cancel)
        prompt_done = time.perf_counter()
        watch = _TokenWatch(
            progress,
            cancel,
            detokenize=lambda ids: llama.detokenize(ids),
            stop_when=request.stop_when,
            prompt_tokens=len(prompt),
        )
        from llama_cpp import StoppingCriteriaList

        progress("drafting", "0 tokens")
        try:
            result = llama.create_completion(
                prompt=prompt,
                max_tokens=request.max_tokens,
                temperature=0.0,
                repeat_penalty=1.0,
                seed=0,
                grammar=grammar,
                stopping_criteria=StoppingCriteriaList([watch]),
            )
        except RuntimeError as exc:  # llama_decode failed: out of memory or a corrupt model
            raise UpstreamError(f"The embedded model failed while drafting ({exc}).") from exc
        if cancel.is_set():
            raise _Cancelled
        finished = time.perf_counter()
        assert isinstance(result, dict)
        choice = result["choices"][0]
        usage = result["usage"]
        progress("drafting", f"{usage['completion_tokens']} tokens, done")
        return ModelReply(
            content=_strict_json(choice["text"]),
            finish_reason=choice["finish_reason"] or "stop",
            usage=Usage(
                prompt_tokens=usage["prompt_tokens"], completion_tokens=usage["completion_tokens"]
            ),
            model=self.model,
            extra={
                "prompt_seconds": prompt_done - started,
                "generation_seconds": finished - prompt_done,
                "reused_prompt_tokens": reused,
                "evaluated_prompt_tokens": len(prompt) - reused,
                "stopped_early": watch.stopped_early,
            },
        )

    def _evaluate_prompt(
        self,
        llama: FastGrammarLlama,
        prompt: Sequence[int],
        progress: _ThreadProgress,
        cancel: threading.Event,
    ) -> int:
        """Fill the KV cache with all but the prompt's last token, reusing the cached prefix.

        `create_completion` then finds everything but the last token cached and evaluates only
        that one (llama.cpp's own prefix match), which yields the logits to sample from.
        """
        cached = list(llama.eval_tokens)
        reused = 0
        for have, want in zip(cached, prompt, strict=False):
            if have != want:
                break
            reused += 1
        reused = min(reused, len(prompt) - 1)
        llama.n_tokens = reused  # eval() drops the KV cache past this point
        for start in range(reused, len(prompt) - 1, PROMPT_CHUNK_TOKENS):
            if cancel.is_set():
                raise _Cancelled
            end = min(start + PROMPT_CHUNK_TOKENS, len(prompt) - 1)
            try:
                llama.eval_prompt(prompt[start:end])
            except RuntimeError as exc:
                raise UpstreamError(
                    f"The embedded model failed while reading the document ({exc})."
                ) from exc
            progress("reading document", f"{end} / {len(prompt)} tokens", throttle=True)
        return reused

    def _grammar(self, schema: dict[str, Any]) -> LlamaGrammar:
        from llama_cpp import LlamaGrammar

        # The grammar keeps the schema's property order: a small model writes a claim's text
        # before its source and cue only if the grammar asks for them in that order.
        text = json.dumps(_enumerate_bounded_integers(schema))
        grammar = self._grammars.find(text)
        if grammar is None:
            grammar = LlamaGrammar.from_json_schema(text, verbose=False)
            self._grammars.put(text, grammar)
        return grammar


MAX_ENUMERATED_INTEGERS = 2000


def _enumerate_bounded_integers(node: Any) -> Any:
    """The schema with each small integer range spelled out as an enum.

    llama-cpp-python's schema-to-grammar converter ignores `minimum` and `maximum` (a TODO in
    its source), so the grammar let the model cite sentence 0 or -1; it does enforce `enum`.
    """
    if isinstance(node, list):
        return [_enumerate_bounded_integers(item) for item in node]
    if not isinstance(node, dict):
        return node
    low, high = node.get("minimum"), node.get("maximum")
    if (
        node.get("type") == "integer"
        and isinstance(low, int)
        and isinstance(high, int)
        and 0 <= high - low < MAX_ENUMERATED_INTEGERS
    ):
        rest = {k: v for k, v in node.items() if k not in ("type", "minimum", "maximum")}
        return {**rest, "enum": list(range(low, high + 1))}
    return {key: _enumerate_bounded_integers(value) for key, value in node.items()}


def _open_llama(path: Path, settings: Settings) -> FastGrammarLlama:
    from service.llm.grammar_sampling import FastGrammarLlama

    draft = None
    if settings.prompt_lookup_tokens:
        # Prompt-lookup decoding: after each token, what followed the first earlier occurrence
        # of the last two tokens (or one) is checked in one batch with it; greedy decoding keeps
        # only the tokens the model would have written anyway (tests/llm/test_embedded.py).
        from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

        draft = LlamaPromptLookupDecoding(num_pred_tokens=settings.prompt_lookup_tokens)
    return FastGrammarLlama(
        model_path=str(path),
        n_ctx=settings.context_tokens,
        n_threads=settings.threads,
        n_threads_batch=settings.threads,
        seed=0,
        verbose=False,
        # A draft needs every position's logits, and llama-cpp-python sizes its score buffer
        # for them only when logits_all is asked for as well.
        logits_all=draft is not None,
        draft_model=draft,
    )


def _chat_template(llama: Llama) -> Callable[[list[dict[str, str]]], tuple[str, bool]]:
    """The model's own chat template (as llama-cpp-python would use it), ChatML if it has none."""
    from llama_cpp import llama_chat_format

    template = (
        llama.metadata.get("tokenizer.chat_template") or llama_chat_format.CHATML_CHAT_TEMPLATE
    )

    def token_text(token: int) -> str:
        if token < 0:
            return ""
        return llama.detokenize([token], special=True).decode("utf-8", "replace")

    formatter = llama_chat_format.Jinja2ChatFormatter(
        template=template,
        eos_token=token_text(llama.token_eos()),
        bos_token=token_text(llama.token_bos()),
        stop_token_ids=[llama.token_eos()],
    )

    def render(messages: list[dict[str, str]]) -> tuple[str, bool]:
        result = formatter(messages=messages)  # type: ignore[arg-type]
        return result.prompt, result.added_special

    return render


def _tokenize_prompt(
    llama: Llama,
    template: Callable[[list[dict[str, str]]], tuple[str, bool]],
    messages: list[dict[str, str]],
) -> list[int]:
    text, added_special = template(messages)
    return llama.tokenize(text.encode("utf-8"), add_bos=not added_special, special=True)


def _strict_json(text: str) -> str:
    """Re-serialise the reply as strict JSON.

    llama.cpp's JSON grammar lets raw newlines and control characters into strings, which strict
    parsers reject; a reply that is not JSON at all (cut off, say) is returned as it came.
    """
    try:
        return json.dumps(json.loads(text, strict=False), ensure_ascii=False)
    except ValueError:
        return text
