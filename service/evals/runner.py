"""Run fixtures through the real pipeline, one at a time, on whatever backend each one is given.

A fixture whose summary fails (bad output, a timeout, a missing recording, a bug) is scored as a
failed fixture with the error's message; the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel

from service.config import Settings
from service.evals.fixtures import Fixture
from service.evals.results import Aggregates, FixtureResult
from service.evals.scoring import score_fixture
from service.llm.base import Backend
from service.llm.replay import RecordingBackend, ReplayBackend
from service.progress import Progress
from service.prompts import Prompt
from service.schemas import Summary, SummaryOptions

BackendKind = Literal["live", "replay"]


class Summarize(Protocol):
    """The shape of `service.summarize.summarize`; tests may pass another."""

    def __call__(
        self,
        text: str,
        backend: Backend,
        settings: Settings,
        *,
        options: SummaryOptions | None = ...,
        title: str | None = ...,
        published_at: str | None = ...,
        progress: Progress = ...,
        prompt: Prompt | None = ...,
    ) -> Awaitable[Summary]: ...


class Run(BaseModel):
    """One pass over the fixtures with one prompt on one backend."""

    started_at: datetime
    backend: BackendKind
    model: str | None
    prompt: str
    fixture_filter: str | None = None
    results: list[FixtureResult]
    aggregates: Aggregates


def recording_path(directory: Path, prompt_name: str, fixture: Fixture) -> Path:
    """One JSONL per prompt and fixture, so recording one prompt never clobbers another's."""
    return directory / prompt_name / f"{fixture.name}.jsonl"


def live_backends(
    inner: Backend, prompt: Prompt, record_dir: Path | None
) -> Callable[[Fixture], Backend]:
    """The one loaded model for every fixture, each fixture's calls recorded if asked."""

    def backend_for(fixture: Fixture) -> Backend:
        if record_dir is None:
            return inner
        path = recording_path(record_dir, prompt.spec.name, fixture)
        return RecordingBackend(inner, path, prompt_version=prompt.version)

    return backend_for


def replay_backends(recordings: Path, prompt: Prompt) -> Callable[[Fixture], Backend]:
    def backend_for(fixture: Fixture) -> Backend:
        return ReplayBackend(recording_path(recordings, prompt.spec.name, fixture))

    return backend_for


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


async def run_fixture(
    fixture: Fixture,
    backend_for: Callable[[Fixture], Backend],
    settings: Settings,
    prompt: Prompt,
    *,
    summarize: Summarize,
    clock: Callable[[], float] = time.perf_counter,
) -> FixtureResult:
    started = clock()
    summary: Summary | None = None
    error: str | None = None
    tokens: int | None = None
    backend: Backend | None = None
    try:
        backend = backend_for(fixture)
        summary = await summarize(
            fixture.text,
            backend,
            settings,
            options=fixture.options,
            title=fixture.title,
            published_at=fixture.published_at,
            prompt=prompt,
        )
        tokens = summary.provenance.usage.total
    except Exception as exc:  # a failing fixture is a result, not the end of the run
        error = _error_text(exc)
        spent = getattr(exc, "tokens", None)
        tokens = spent if isinstance(spent, int) and spent else None
    latency_ms = round((clock() - started) * 1000, 1)
    checks, tally = score_fixture(fixture, summary, error)
    recorded = backend.replayed_latency_ms if isinstance(backend, ReplayBackend) else None
    return FixtureResult(
        name=fixture.name,
        description=fixture.description,
        covers=list(fixture.covers),
        words=fixture.words,
        text=fixture.text,
        passed=all(c.passed for c in checks),
        error=error,
        checks=checks,
        tally=tally,
        latency_ms=latency_ms,
        recorded_latency_ms=recorded,
        tokens=tokens,
        prompt=summary.provenance.prompt if summary else prompt.version,
        summary=summary,
    )


async def run_suite(
    fixtures: list[Fixture],
    backend_for: Callable[[Fixture], Backend],
    settings: Settings,
    prompt: Prompt,
    *,
    kind: BackendKind,
    summarize: Summarize | None = None,
    on_result: Callable[[int, int, FixtureResult], None] | None = None,
    fixture_filter: str | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> Run:
    if summarize is None:
        from service.summarize import summarize as real_summarize

        summarize = real_summarize
    started_at = datetime.now(UTC)
    results: list[FixtureResult] = []
    for index, fixture in enumerate(fixtures, 1):
        result = await run_fixture(
            fixture, backend_for, settings, prompt, summarize=summarize, clock=clock
        )
        results.append(result)
        if on_result is not None:
            on_result(index, len(fixtures), result)
    models = sorted({r.summary.provenance.model for r in results if r.summary})
    return Run(
        started_at=started_at,
        backend=kind,
        model=", ".join(models) or None,
        prompt=prompt.version,
        fixture_filter=fixture_filter,
        results=results,
        aggregates=Aggregates.of(results),
    )
