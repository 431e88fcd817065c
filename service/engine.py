"""What the outer layers (HTTP API, chat bots) call: the use case behind a cache and a queue.

    request -> cache key -> stored Summary (hit)
                         -> model slot (bounded: full queue -> QueueFull, 503) -> summarize -> store

One Engine per process, built by the composition root from Settings. It owns the backend, the
store and the Prometheus metrics of the work it does (tokens, retries, verification, cache).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import math
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import NamedTuple

import anyio.to_thread
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from service.config import JudgeMode, Settings
from service.errors import BudgetedError, QueueFull, SourcedError, UpstreamTimeout
from service.llm.base import Backend
from service.memo import KeyedMemo
from service.offload import HomeLoopBackend, PipelineThread, progress_at_home
from service.progress import Progress, no_progress
from service.prompts import load_prompt
from service.schemas import Summary, SummaryRequest, VerificationReport
from service.sections import summarize_document
from service.store import StoredSummary, SummaryStore
from service.store.recent import RecentJson
from service.summarize import PROMPT_NAME
from service.verify.judge import JUDGE_PROMPT
from service.verify.summary_check import check_summary_judged

log = logging.getLogger(__name__)

SummarizeFn = Callable[..., Awaitable[Summary]]


class JsonLookup(NamedTuple):
    key: str
    """The cache key looked up (`request_key`): a miss is made under it, not keyed again."""
    json: bytes | None
    """This tenant's stored Summary, as JSON (the bytes to send)."""
    missed_at: int | None
    """When no tenant had one: the engine's count of writes before the lookup."""


class _Answer(NamedTuple):
    summary: Summary
    hit: bool
    json: str | None = None
    """The JSON the store was given, for a summary made by this call (else not made yet)."""


KEYED_TEXT_CHARS = 20_000
"""The longest text whose request key `Engine.request_key` remembers (a 3,000-word document):
its memo of `KEYED_REQUESTS` holds at most 10 million characters of text."""
KEYED_REQUESTS = 512

RECENT_WRITES = 4096
"""Keys of the latest writes kept for `Engine._maybe_stored`: far more than are written in the
instant between a request's lookup and its place in line."""


def cache_key(request: SummaryRequest, *, prompt: str, backend: str, model: str) -> str:
    """Equal for requests that would ask the same model the same thing with the same prompt."""
    document = hashlib.sha256(request.text.encode("utf-8", "surrogatepass")).hexdigest()
    inputs = {
        "document": document,
        "title": request.title,
        "published_at": request.published_at,
        "options": request.options.model_dump(mode="json"),
        "prompt": prompt,
        "backend": backend,
        "model": model,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def new_summary_id() -> str:
    """An unguessable id, in the form summarize gives its summaries."""
    return uuid.uuid4().hex


class EngineMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.summaries = Counter(
            "sourced_summaries", "Summaries asked for, by outcome", ["outcome"], registry=registry
        )
        self.cache = Counter(
            "sourced_cache_lookups",
            "Cache lookups, by result (hit|miss)",
            ["result"],
            registry=registry,
        )
        self.tokens = Counter(
            "sourced_model_tokens", "Model tokens spent, by kind", ["kind"], registry=registry
        )
        self.model_calls = Counter(
            "sourced_model_attempts",
            "Model calls made (first tries, retries and re-asks)",
            registry=registry,
        )
        self.retries = Counter(
            "sourced_model_retries",
            "Model calls beyond the first per summary (transport retries and re-asks)",
            registry=registry,
        )
        self.verification_failures = Counter(
            "sourced_verification_failures",
            "Drafted claims dropped because they failed verification",
            registry=registry,
        )
        self.model_seconds = Histogram(
            "sourced_model_seconds",
            "Time from taking a model slot to a verified summary (or an error)",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160),
            registry=registry,
        )
        self.queue_depth = Gauge(
            "sourced_queue_depth", "Model jobs running or waiting for a slot", registry=registry
        )
        self.queue_rejections = Counter(
            "sourced_queue_rejections",
            "Requests refused because the queue was full",
            registry=registry,
        )

    def spent(self, attempts: int, prompt_tokens: int, completion_tokens: int) -> None:
        self.tokens.labels("prompt").inc(prompt_tokens)
        self.tokens.labels("completion").inc(completion_tokens)
        self.model_calls.inc(attempts)
        self.retries.inc(max(0, attempts - 1))


class Engine:
    def __init__(
        self,
        settings: Settings,
        backend: Backend,
        store: SummaryStore,
        *,
        registry: CollectorRegistry | None = None,
        summarize_fn: SummarizeFn = summarize_document,  # summarize, long documents too
        pipeline_thread: bool = True,
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.store = store
        self.registry = registry or CollectorRegistry()
        self.metrics = EngineMetrics(self.registry)
        self.prompt_version = load_prompt(PROMPT_NAME).version
        if settings.judge is JudgeMode.MODEL:  # the judge's prompt shapes the summary too
            self.prompt_version += f"+{load_prompt(JUDGE_PROMPT).version}"
        self._summarize = summarize_fn
        self.concurrency = settings.model_concurrency or (8 if settings.uses_endpoint else 1)
        self.queue_size = settings.queue_size
        self._slots = asyncio.Semaphore(self.concurrency)
        self._admitted = 0  # running + waiting
        self._typical_s = 5.0  # moving average of a model job's duration, for Retry-After
        # The pipeline's CPU work runs off the server's loop (see service/offload.py).
        self._pipeline = PipelineThread() if pipeline_thread else None
        # A backend of the pipeline loop's own, when the backend can make one (an endpoint's
        # HTTP client): its calls then never wait behind the server loop's other work, which
        # under overload is thousands of refusals a second. Else calls hop to the server's loop.
        copy = getattr(backend, "for_another_loop", None)
        self._pipeline_backend: Backend | None = (
            copy() if self._pipeline is not None and copy is not None else None
        )
        # Identical requests in flight: the first does the work, the others wait for it.
        self._in_flight: dict[str, asyncio.Future[None]] = {}
        # Keys this engine stored lately, with the number of its write: a miss whose key was
        # not written since its lookup needs no second lookup (see `find_json`).
        self._writes = 0
        self._written: OrderedDict[str, int] = OrderedDict()
        # The records hits were served from lately, served again without a lookup.
        self._recent = RecentJson()
        self._hit_series: tuple[Counter, Counter] | None = None
        self._keys: KeyedMemo[tuple[tuple[str, object], ...], str] = KeyedMemo(KEYED_REQUESTS)

    async def aclose(self) -> None:
        await self.backend.aclose()
        if self._pipeline is not None and self._pipeline_backend is not None:
            await self._pipeline.run(self._pipeline_backend.aclose())
        if self._pipeline is not None:
            await anyio.to_thread.run_sync(self._pipeline.close)
        self.store.close()

    def cache_key(self, request: SummaryRequest) -> str:
        return cache_key(
            request,
            prompt=self.prompt_version,
            backend=self.backend.name,
            model=self.backend.model,
        )

    @staticmethod
    def _resolved(request: SummaryRequest, settings: Settings) -> SummaryRequest:
        """The request with its options as the use case reads them: the key `summarize`
        stores under, which `find_json` must look up (with unresolved options it never hit)."""
        options = request.options.resolve(settings.max_claims)
        return request.model_copy(update={"options": options})

    async def summarize(
        self,
        request: SummaryRequest,
        progress: Progress = no_progress,
        *,
        tenant: str = "",
        settings: Settings | None = None,
        refuse_if_full: bool = False,
        missed_at: int | None = None,
        key: str | None = None,
    ) -> tuple[Summary, bool]:
        """The Summary and whether it came from the store (a cache hit, no model call).

        The model's work is shared by every caller, but each `tenant` (an API key) gets its own
        record: another tenant's id and creation time are never revealed. Identical requests
        in flight at once make one model call. `settings` overrides the engine's for this one
        summary (a job's larger document limit). `refuse_if_full`: a full queue refuses the
        request before it is looked up (the HTTP API's door refuses that way, and a request that
        slipped past it while a place was free should cost no more than one refused there).
        `missed_at`: from a `find_json` that found no record of the key for any tenant; the
        lookup is not made again unless this engine has stored the key since. `key`: that
        lookup's key (`request_key`, with the engine's settings), not computed again.
        """
        answer = await self._answer(
            request,
            progress,
            tenant=tenant,
            settings=settings,
            refuse_if_full=refuse_if_full,
            missed_at=missed_at,
            key=key,
        )
        return answer.summary, answer.hit

    async def summarize_json(
        self,
        request: SummaryRequest,
        *,
        tenant: str = "",
        refuse_if_full: bool = False,
        missed_at: int | None = None,
        key: str | None = None,
    ) -> tuple[bytes, bool]:
        """`summarize`'s Summary as the JSON to send, and whether it was a hit. A summary made
        here is serialised once: the store's copy is the answer's (it was serialised again
        for the response, a tenth of a millisecond of the server's loop per miss)."""
        answer = await self._answer(
            request, tenant=tenant, refuse_if_full=refuse_if_full, missed_at=missed_at, key=key
        )
        made = answer.json if answer.json is not None else answer.summary.model_dump_json()
        return made.encode(), answer.hit

    async def _answer(
        self,
        request: SummaryRequest,
        progress: Progress = no_progress,
        *,
        tenant: str,
        settings: Settings | None = None,
        refuse_if_full: bool,
        missed_at: int | None,
        key: str | None,
    ) -> _Answer:
        """`summarize`, with the JSON the store was given when the summary was made here."""
        request = self._resolved(request, settings or self.settings)
        if key is None or settings is not None:
            key = self.cache_key(request)
        while True:
            flight = self._in_flight.get(key)
            if flight is None:
                if refuse_if_full:
                    break  # looked up below, as the first in flight, holding a place
                if found := await self._find(key, tenant):
                    return _Answer(self._hit(found), hit=True)
                if key not in self._in_flight:
                    break
                continue
            try:
                await asyncio.shield(flight)
            except asyncio.CancelledError:
                if not flight.cancelled():
                    raise  # this caller left
                continue  # the first caller left and its work was cancelled: maybe be first
            if found := await self._find(key, tenant):
                return _Answer(self._hit(found), hit=True)
        # The first caller takes its place before its next await: a burst of new documents
        # beyond the queue is refused here, each before a lookup of its own.
        with self._place():
            flight = self._in_flight[key] = asyncio.get_running_loop().create_future()
            try:
                if (
                    refuse_if_full
                    and self._maybe_stored(key, missed_at)
                    and (found := await self._find(key, tenant))
                ):
                    result = _Answer(self._hit(found), hit=True)
                else:
                    self.metrics.cache.labels("miss").inc()
                    result = await self._make(
                        request, key, tenant, progress, settings or self.settings
                    )
            except asyncio.CancelledError:
                flight.cancel()
                raise
            except BaseException as exc:
                flight.set_exception(exc)
                flight.exception()  # retrieved: no "never retrieved" log when nobody waits
                raise
            else:
                flight.set_result(None)
            finally:
                del self._in_flight[key]
        return result

    def _maybe_stored(self, key: str, since: int | None) -> bool:
        """Whether `key` may be in the store although it was not at `since`. Only this process's
        writes are known: a twin finishing in another worker process at that instant makes a
        second model call, as it would a moment earlier."""
        if since is None:
            return True
        written = self._written.get(key)
        return written is not None and written > since

    async def _put(self, summary: Summary, *, key: str, document_text: str, tenant: str) -> str:
        """Store `summary` (serialised in the worker thread, off the loop); its JSON."""

        def put() -> str:
            summary_json = summary.model_dump_json()
            self.store.put(
                summary,
                cache_key=key,
                document_text=document_text,
                tenant=tenant,
                summary_json=summary_json,
            )
            return summary_json

        summary_json = await anyio.to_thread.run_sync(put)
        self._recent.forget(key, tenant)  # the newest record is the one to serve
        self._writes += 1
        self._written[key] = self._writes
        self._written.move_to_end(key)
        if len(self._written) > RECENT_WRITES:
            self._written.popitem(last=False)
        return summary_json

    def _hit(self, summary: Summary) -> Summary:
        self.metrics.cache.labels("hit").inc()
        self.metrics.summaries.labels("cached").inc()
        return summary

    async def verify(
        self, text: str, summary: str | list[str], settings: Settings | None = None
    ) -> VerificationReport:
        """Any summary checked against its document (POST /v1/verify): the rules, and with
        `SOURCED_JUDGE=model` the judge's one call, which waits for a model slot like a summary.
        A full queue is no reason to refuse a check the rules can make: they answer alone."""
        settings = settings or self.settings
        if settings.judge is not JudgeMode.MODEL:
            return await check_summary_judged(text, summary, settings, self.backend)
        try:
            with self._place():
                async with self._model_slot():
                    return await check_summary_judged(text, summary, settings, self.backend)
        except QueueFull as exc:
            rules = settings.model_copy(update={"judge": JudgeMode.RULES})
            report = await check_summary_judged(text, summary, rules, self.backend)
            warning = f"the model judge did not run: {exc.message}; the rules' verdicts stand"
            return report.model_copy(update={"warnings": [*report.warnings, warning]})

    def request_key(self, request: SummaryRequest) -> str:
        """The cache key `summarize` stores `request` under (its options resolved).

        Remembered for texts of up to `KEYED_TEXT_CHARS`: resolving the options and hashing
        cost a cache hit a third of its time in the app. The memo's key is every field the
        request has, so a field added later can never share another's key."""
        if len(request.text) > KEYED_TEXT_CHARS:
            return self.cache_key(self._resolved(request, self.settings))
        fields = [*request.__dict__.items(), *request.options.__dict__.items()]
        asked = tuple((name, value) for name, value in fields if name != "options")
        key = self._keys.find(asked)
        if key is None:
            key = self.cache_key(self._resolved(request, self.settings))
            self._keys.put(asked, key)
        return key

    async def find_json(self, request: SummaryRequest, *, tenant: str = "") -> JsonLookup:
        """This tenant's stored Summary for `request` as its JSON, to be sent as it is: a cache
        hit costs a lookup, not a parse, a validation and a serialization."""
        found = await self.lookup_json(self.request_key(request), tenant=tenant)
        if found.json is not None:
            self.count_hit()
        return found

    async def lookup_json(self, key: str, *, tenant: str = "") -> JsonLookup:
        """`find_json` by its cache key, counting nothing: the caller counts a hit it serves
        (`count_hit`). A record found in the last second is not looked up again
        (service/store/recent.py)."""
        if (recent := self._recent.get(key, tenant)) is not None:
            return JsonLookup(key, recent, missed_at=None)
        mark = self._writes
        found = await anyio.to_thread.run_sync(
            lambda: self.store.find_json_or_other(key, tenant=tenant)
        )
        if found is None:
            return JsonLookup(key, None, missed_at=mark)
        summary_json, mine = found
        if not mine:  # another tenant's: `summarize` copies it into a record of this one's
            return JsonLookup(key, None, missed_at=None)
        encoded = summary_json.encode()
        if not self._maybe_stored(key, mark):  # else a newer record may be the one to serve
            self._recent.keep(key, tenant, encoded)
        return JsonLookup(key, encoded, missed_at=None)

    def count_hit(self) -> None:
        """A stored summary served as JSON: counted as `_hit` counts the others (the two
        series looked up once, on the first hit: most requests are hits)."""
        if self._hit_series is None:
            self._hit_series = (
                self.metrics.cache.labels("hit"),
                self.metrics.summaries.labels("cached"),
            )
        for series in self._hit_series:
            series.inc()

    async def _find(self, key: str, tenant: str) -> Summary | None:
        """This tenant's stored summary for `key`; else another tenant's, copied as its own."""
        found = await anyio.to_thread.run_sync(lambda: self.store.find_for(key, tenant=tenant))
        if found is None:
            return None
        summary, document_text, mine = found
        if mine:
            return summary
        own = summary.model_copy(
            update={
                "id": new_summary_id(),
                "provenance": summary.provenance.model_copy(
                    update={"created_at": datetime.now(UTC)}
                ),
            }
        )
        await self._put(own, key=key, document_text=document_text, tenant=tenant)
        return own

    async def _make(
        self,
        request: SummaryRequest,
        key: str,
        tenant: str,
        progress: Progress,
        settings: Settings,
    ) -> _Answer:
        async with self._model_slot() as waited:
            # A twin request may have finished while this one waited for its slot.
            if waited and (cached := await self._find(key, tenant)):
                self.metrics.summaries.labels("cached").inc()
                return _Answer(cached, hit=True)
            summary = await self._run_model(request, progress, settings)
            # Stored before the slot is freed, so a twin waiting for it finds the summary.
            made = await self._put(summary, key=key, document_text=request.text, tenant=tenant)
        return _Answer(summary, hit=False, json=made)

    async def get(self, summary_id: str) -> Summary | None:
        stored = await self.get_stored(summary_id)
        return stored.summary if stored else None

    async def get_stored(self, summary_id: str) -> StoredSummary | None:
        """The Summary with the document it was made from (for the review page)."""
        return await anyio.to_thread.run_sync(self.store.get, summary_id)

    async def ready(self) -> tuple[bool, str]:
        """Whether a request could be served now, and if not, why (no secrets in the reason)."""
        problem = await anyio.to_thread.run_sync(
            lambda: self.store.health(min_free_bytes=self.settings.min_free_disk_bytes)
        )
        if problem is not None:
            return False, problem
        try:
            state = self.backend.ready  # the embedded model: once it is in memory
        except Exception as exc:
            return False, f"the {self.backend.name} backend failed its check ({type(exc).__name__})"
        if not state:
            return False, f"the {self.backend.name} backend is not ready (the model is loading)"
        return True, "ready"

    async def warm_up(self) -> None:
        """Load the model now, not on the first request, if the backend can (the embedded one)."""
        if self.backend.ready:  # an endpoint, or a model loaded already
            return
        started = time.perf_counter()
        try:
            await self.backend.load()
        except SourcedError as exc:
            log.error("the model could not be loaded: %s", exc)
        except Exception as exc:
            log.error("the model could not be loaded (%s)", type(exc).__name__)
        else:
            log.info("model ready in %.1fs", time.perf_counter() - started)

    @property
    def queue_depth(self) -> int:
        return self._admitted

    def queue_full(self) -> QueueFull | None:
        """The refusal to give when every slot and place in line is taken, else None.

        Cheap on purpose: the HTTP layer asks before it reads or parses a request body.
        """
        if self._admitted < self.concurrency + self.queue_size:
            return None
        self.metrics.queue_rejections.inc()
        waves = math.ceil(self._admitted / self.concurrency)
        retry_after = max(1, min(300, math.ceil(self._typical_s * waves)))
        return QueueFull(
            f"The model is busy: {self._admitted} summaries are running or waiting "
            f"(at most {self.concurrency + self.queue_size}). Retry in about {retry_after}s.",
            retry_after_s=retry_after,
        )

    @contextmanager
    def _place(self) -> Iterator[None]:
        """A place among the summaries running or waiting for a slot; QueueFull when none is
        left. Taken without an await between the check and the count."""
        if (full := self.queue_full()) is not None:
            raise full
        self._admitted += 1
        self.metrics.queue_depth.set(self._admitted)
        try:
            yield
        finally:
            self._admitted -= 1
            self.metrics.queue_depth.set(self._admitted)

    @asynccontextmanager
    async def _model_slot(self) -> AsyncIterator[bool]:
        """A slot for one model job (its place in line is held already); yields whether it
        waited."""
        waited = self._slots.locked()
        async with self._slots:
            yield waited

    async def _pipeline_run(
        self, request: SummaryRequest, progress: Progress, settings: Settings
    ) -> Summary:
        """The use case, on the pipeline thread when there is one, within `max_summary_s`."""
        backend: Backend = self.backend
        if self._pipeline is not None:
            home = asyncio.get_running_loop()
            backend = self._pipeline_backend or HomeLoopBackend(self.backend, home)
            progress = progress_at_home(progress, home)
        work = self._summarize(
            request.text,
            backend,
            settings,
            options=request.options,
            title=request.title,
            published_at=request.published_at,
            progress=progress,
        )
        limit = settings.max_summary_s
        try:
            async with asyncio.timeout(limit):
                if self._pipeline is None:
                    return await work
                return await self._pipeline.run(work)
        except TimeoutError:
            raise UpstreamTimeout(
                f"The summary did not finish within its budget of {limit:g}s "
                "(SOURCED_MAX_SUMMARY_S)"
            ) from None

    async def _run_model(
        self, request: SummaryRequest, progress: Progress, settings: Settings
    ) -> Summary:
        started = time.perf_counter()
        try:
            summary = await self._pipeline_run(request, progress, settings)
        except BudgetedError as exc:
            self.metrics.spent(exc.attempts, exc.prompt_tokens, exc.completion_tokens)
            self.metrics.summaries.labels(type(exc).__name__).inc()
            raise
        except SourcedError as exc:
            self.metrics.summaries.labels(type(exc).__name__).inc()
            raise
        except asyncio.CancelledError:
            self.metrics.summaries.labels("cancelled").inc()
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.model_seconds.observe(elapsed)
        self._typical_s = 0.8 * self._typical_s + 0.2 * elapsed
        usage = summary.provenance.usage
        self.metrics.spent(
            summary.provenance.attempts, usage.prompt_tokens, usage.completion_tokens
        )
        self.metrics.verification_failures.inc(summary.provenance.claims_dropped)
        self.metrics.summaries.labels("made").inc()
        return summary
