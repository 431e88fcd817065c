"""The service's own time per summary, model time excluded, for ~600 and ~10,000-word news
documents and for bench/api.py's miss document (examples/port-strike.txt repeated to 600 words:
many frames and denials, the draft its fake upstream answers).

Stages: split (sentences with offsets), attribution (the document's reporting structure),
read (the whole reading: frames, turns, lines, planted text, statements), prompt (render and
schema), parse (draft JSON), assemble (claims from statements, disputes, overview checks, the
Summary), and end to end through `summarize()` with an instant backend. Medians over --runs.
A stage is timed alone, on what the stages before it made untimed (a fresh Document or
Reading every run: their cached properties are caches too).

Cold figures: every cache in service/ is cleared before every run (`service.caches.clear_all`),
none benefits from the previous one's work. `seen_` figures are not cold, and say so: the same
stages (and `seen_sentences_ms`, end to end) on the document with a sentence of its own
appended each run, after the document was summarized once (what bench/api.py's misses cost: a
new document whose other sentences the per-sentence memos of service/memo.py have seen).
Every run's result must have the shape of the others (counts of sentences, statements, claims;
a Summary of its own text drafted by the model), or the run fails.

    python bench/pipeline.py [--data ../shared/data] [--runs 50] [--documents 600,10000,api]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import caches  # noqa: E402
from service.assembly import build_summary  # noqa: E402
from service.config import Settings  # noqa: E402
from service.document import Document, load_document, split_sentences  # noqa: E402
from service.draft import Draft, draft_json_schema  # noqa: E402
from service.drafting import parse_draft  # noqa: E402
from service.llm.base import ModelReply, ModelRequest  # noqa: E402
from service.progress import Progress, no_progress  # noqa: E402
from service.prompts import load_prompt  # noqa: E402
from service.reading import Reading, read  # noqa: E402
from service.schemas import Provenance, Summary, SummaryOptions, Usage  # noqa: E402
from service.summarize import draft_messages, summarize  # noqa: E402
from service.verify.attribution import analyze  # noqa: E402


def clear_caches() -> None:
    """Cold means cold: every functools cache in service/ (per-text and per-word alike)."""
    caches.clear_all()
    assert caches.entries() == 0, "a cache survived clear_all()"


def corpus(data: Path | None) -> list[str]:
    articles_file = (
        data / "summarization" / "frank_news_docs_with_reference.jsonl" if data else None
    )
    if articles_file and articles_file.exists():
        with articles_file.open() as f:
            return [json.loads(line)["document"] for line in f]
    if data:
        print(f"note: {articles_file} not found; using the sample document", file=sys.stderr)
    return [(ROOT / "examples" / "port-strike.txt").read_text()]


def document_of(articles: list[str], words: int) -> str:
    """Whole articles joined until the word count is reached, then cut at a sentence end."""
    parts, count, i = [], 0, 0
    while count < words:
        article = articles[i % len(articles)]
        parts.append(article)
        count += len(article.split())
        i += 1
    text = "\n\n".join(parts)
    cut = len(" ".join(text.split(" ")[: words + 40]))
    return text[: text.find(".", cut) + 1 or len(text)]


def draft_for(reading: Reading, claims: int = 8) -> str:
    """A realistic draft: statements spread over the document, half with a rewrite (the first
    word dropped, so the support check runs), one citing a statement that does not exist."""
    statements = reading.statements
    step = max(1, len(statements) // claims)
    chosen = [statements[i] for i in range(0, len(statements), step)][:claims]
    drafted = [
        {"ids": [s.number], "text": " ".join(s.claim_text.split()[1:]) if i % 2 else ""}
        for i, s in enumerate(chosen)
    ]
    drafted.append({"ids": [len(statements) + 5], "text": ""})
    return json.dumps({"headline": "A headline", "summary": "A summary.", "claims": drafted})


class InstantBackend:
    name = "bench"
    model = "instant"

    def __init__(self, content: str) -> None:
        self.content = content

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        return ModelReply(self.content, "stop", Usage(prompt_tokens=1, completion_tokens=1), "x")

    async def aclose(self) -> None:
        pass


Stage = tuple[Callable[[str], Any], Callable[[Any], Any], Callable[[Any], tuple[int, ...]]]
"""How one stage is timed: what it needs made from the text beforehand (untimed: the stages
before it, as a request would have run them), the stage itself, and the shape of its result
(counts that must come out the same on every run, or the figure is void)."""


def stages(settings: Settings, raw: str) -> dict[str, Stage]:
    prompt = load_prompt("summarize")
    options = SummaryOptions(max_claims=8)
    draft: Draft = parse_draft(raw)
    provenance = Provenance(
        backend="bench",
        model="instant",
        prompt=prompt.version,
        attempts=1,
        usage=Usage(),
        latency_ms=0,
        created_at=datetime.now(UTC),
    )

    def reading_of(text: str) -> Reading:
        return read(text, max_chars=settings.max_document_chars)

    def document_of_text(text: str) -> Document:
        return load_document(text, max_chars=settings.max_document_chars)

    def prompt_stage(reading: Reading) -> tuple[list[dict[str, str]], object]:
        draft_json_schema.cache_clear()
        numbers = tuple(s.number for s in reading.statements)
        return draft_messages(reading, options, prompt), draft_json_schema(8, numbers)

    def assemble(reading: Reading) -> Summary:
        summary = build_summary(reading, draft, max_claims=8, provenance=provenance, warnings=[])
        summary.model_dump_json()
        return summary

    # A fresh Document or Reading for every run: their cached properties are caches too.
    return {
        "split": (str, split_sentences, lambda r: (len(r),)),
        "attribution": (document_of_text, analyze, lambda r: (len(r),)),
        "read": (str, reading_of, lambda r: (len(r.statements), len(r.frames))),
        "prompt": (reading_of, prompt_stage, lambda r: (len(r[0]), len(r[1]["properties"]))),
        "parse": (str, lambda _: parse_draft(raw), lambda r: (len(r.claims),)),
        "assemble": (reading_of, assemble, summary_shape),
    }


def summary_shape(summary: Summary) -> tuple[int, ...]:
    return (len(summary.claims), len(summary.disputes), summary.document.statements)


def timed(stage: Stage, texts: Iterator[str], runs: int, *, cold: bool) -> list[float]:
    """Milliseconds of each run of `stage`, each on the next of `texts`; with `cold`, every
    cache cleared before each run (before its untimed preparation too). SystemExit when a
    run's result has another shape than the first's."""
    prepare, run, shape = stage
    times, shapes = [], set()
    for _, text in zip(range(runs), texts, strict=False):
        if cold:
            clear_caches()
        given = prepare(text)
        start = time.perf_counter()
        result = run(given)
        times.append((time.perf_counter() - start) * 1000)
        shapes.add(shape(result))
    if len(shapes) != 1 or len(times) != runs:
        raise SystemExit(f"the measurement is void: {len(times)} runs gave shapes {shapes}")
    return times


def new_sentences(text: str, tag: str) -> Iterator[str]:
    """`text` with a sentence no run had before appended, as bench/api.py's misses are made."""
    for run in itertools.count():
        yield f"{text}\nReference {tag}-{run}."


def measure(text: str, runs: int, raw: str | None = None) -> dict[str, Any]:
    """Every stage cold, and again on new documents of seen sentences (`seen_` figures: `text`
    read once, then each run on `text` with a sentence of its own appended, caches kept); the
    model answers `raw` (by default `draft_for` the document's reading)."""
    settings = Settings(max_document_chars=10_000_000)
    clear_caches()
    reading = read(text, max_chars=settings.max_document_chars)
    raw = raw if raw is not None else draft_for(reading)
    figures: dict[str, Any] = {
        "words": len(text.split()),
        "sentences": len(reading.document.sentences),
        "frames": len(reading.frames),
        "statements": len(reading.statements),
    }
    timings = stages(settings, raw)
    for name, stage in timings.items():
        figures[f"{name}_ms"] = statistics.median(
            timed(stage, itertools.repeat(text), runs, cold=True)
        )
    backend = InstantBackend(raw)
    figures["end_to_end_ms"] = asyncio.run(
        end_to_end_ms(itertools.repeat(text), backend, settings, runs, cold=True)
    )
    clear_caches()
    asyncio.run(summarize(text, backend, settings))
    for name, stage in timings.items():
        figures[f"seen_{name}_ms"] = statistics.median(
            timed(stage, new_sentences(text, name), runs, cold=False)
        )
    figures["seen_sentences_ms"] = asyncio.run(
        end_to_end_ms(new_sentences(text, "summary"), backend, settings, runs, cold=False)
    )
    return figures


async def end_to_end_ms(
    texts: Iterator[str], backend: InstantBackend, settings: Settings, runs: int, *, cold: bool
) -> float:
    """Timed inside one event loop: asyncio's own per-run set-up is not the service's time.
    Each run must give a Summary of its own text, drafted by the model, of one shape."""
    times, shapes = [], set()
    for _, text in zip(range(runs), texts, strict=False):
        if cold:
            clear_caches()
        start = time.perf_counter()
        summary = await summarize(text, backend, settings)
        summary.model_dump_json()
        times.append((time.perf_counter() - start) * 1000)
        own = summary.document.sha256 == hashlib.sha256(text.encode()).hexdigest()
        if not (own and summary.claims and summary.provenance.mode == "model"):
            raise SystemExit(f"the measurement is void: no model Summary of its text: {summary}")
        shapes.add(summary_shape(summary))
    if len(shapes) != 1 or len(times) != runs:
        raise SystemExit(f"the measurement is void: {len(times)} runs gave shapes {shapes}")
    return statistics.median(times)


def api_miss() -> tuple[str, str]:
    """bench/api.py's miss document (the sample repeated to 600 words; its misses append a
    sentence of their own, as `new_sentences` does) and the draft its fake upstream answers.
    Imported here, not at the top: bench/api.py imports this module's `corpus`."""
    from bench.api import DRAFT, document

    return document(), json.dumps(DRAFT)


DOCUMENTS = {"600": "600 words", "10000": "10,000 words", "api": "bench/api.py miss"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="../shared/data (optional)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--documents", default="600,10000,api", help=f"comma-separated, of {','.join(DOCUMENTS)}"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()
    chosen = args.documents.split(",")
    if unknown := set(chosen) - set(DOCUMENTS):
        parser.error(f"unknown --documents {sorted(unknown)}: choose from {list(DOCUMENTS)}")
    articles = corpus(args.data)
    results: dict[str, dict[str, Any]] = {}
    for key in chosen:
        if key == "api":
            text, raw = api_miss()
            results[DOCUMENTS[key]] = measure(text, args.runs, raw)
        else:
            results[DOCUMENTS[key]] = measure(document_of(articles, int(key)), args.runs)
    targets = {"600 words": 5.0, "10,000 words": 50.0}
    print(f"{'stage (median ms)':<20}" + "".join(f"{k:>20}" for k in results))
    for key in next(iter(results.values())):
        row = "".join(f"{r[key]:>20.2f}" for r in results.values())
        print(f"{key:<20}{row}")
    goals = (f"< {targets[k]:g} ms" if k in targets else "" for k in results)
    print(f"{'target end_to_end':<20}" + "".join(f"{g:>20}" for g in goals))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    command = " ".join(["bench/pipeline.py", *sys.argv[1:]])
    args.out.write_text(json.dumps({"command": command, **results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
