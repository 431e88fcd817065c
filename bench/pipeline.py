"""The service's own time per summary, model time excluded, for ~600 and ~10,000-word documents.

Stages: split (sentences with offsets), attribution (the document's reporting structure),
read (the whole reading: frames, turns, lines, planted text, statements), prompt (render and
schema), parse (draft JSON), assemble (claims from statements, disputes, overview checks, the
Summary), and end to end through `summarize()` with an instant backend. Medians over --runs.
Every cache in service/ is cleared before every run (`service.caches.clear_all`): each run is
cold, none benefits from the previous one's work. One figure is not cold, and says so:
`seen_sentences_ms`, end to end on the document with a sentence of its own appended each run,
after the document was read once (what bench/api.py's misses cost: a new document whose other
sentences the per-sentence memos of service/memo.py have seen).

    python bench/pipeline.py [--data ../shared/data] [--runs 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import caches  # noqa: E402
from service.assembly import build_summary  # noqa: E402
from service.config import Settings  # noqa: E402
from service.document import load_document, split_sentences  # noqa: E402
from service.draft import Draft, draft_json_schema  # noqa: E402
from service.drafting import parse_draft  # noqa: E402
from service.llm.base import ModelReply, ModelRequest  # noqa: E402
from service.progress import Progress, no_progress  # noqa: E402
from service.prompts import load_prompt  # noqa: E402
from service.reading import Reading, read  # noqa: E402
from service.schemas import Provenance, SummaryOptions, Usage  # noqa: E402
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


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(text: str, runs: int) -> dict[str, float]:
    settings = Settings(max_document_chars=10_000_000)
    prompt = load_prompt("summarize")
    options = SummaryOptions(max_claims=8)
    doc = load_document(text, max_chars=settings.max_document_chars)
    reading = read(text, max_chars=settings.max_document_chars)
    raw = draft_for(reading)
    draft: Draft = parse_draft(raw)
    numbers = tuple(s.number for s in reading.statements)
    provenance = Provenance(
        backend="bench",
        model="instant",
        prompt=prompt.version,
        attempts=1,
        usage=Usage(),
        latency_ms=0,
        created_at=datetime.now(UTC),
    )
    backend = InstantBackend(raw)

    def prompt_stage() -> object:
        draft_json_schema.cache_clear()
        return draft_messages(reading, options, prompt), draft_json_schema(8, numbers)

    figures = {
        "words": len(text.split()),
        "sentences": len(doc.sentences),
        "statements": len(reading.statements),
        "split_ms": median_ms(lambda: split_sentences(text), runs),
        "attribution_ms": median_ms(lambda: analyze(doc), runs),
        "read_ms": median_ms(lambda: read(text, max_chars=settings.max_document_chars), runs),
        "prompt_ms": median_ms(prompt_stage, runs),
        "parse_ms": median_ms(lambda: parse_draft(raw), runs),
        "assemble_ms": median_ms(
            lambda: build_summary(
                reading, draft, max_claims=8, provenance=provenance, warnings=[]
            ).model_dump_json(),
            runs,
        ),
    }
    figures["end_to_end_ms"] = asyncio.run(end_to_end_ms(text, backend, settings, runs))
    figures["seen_sentences_ms"] = asyncio.run(seen_sentences_ms(text, backend, settings, runs))
    return figures


async def end_to_end_ms(text: str, backend: InstantBackend, settings: Settings, runs: int) -> float:
    """Timed inside one event loop: asyncio's own per-run set-up is not the service's time."""
    times = []
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        (await summarize(text, backend, settings)).model_dump_json()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def seen_sentences_ms(
    text: str, backend: InstantBackend, settings: Settings, runs: int
) -> float:
    """End to end on new documents made of seen sentences: `text` read once, then each run
    `text` with a sentence no run had before."""
    clear_caches()
    await summarize(text, backend, settings)
    times = []
    for run in range(runs):
        start = time.perf_counter()
        (await summarize(f"{text}\nReference {run}.", backend, settings)).model_dump_json()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="../shared/data (optional)")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()
    articles = corpus(args.data)
    results = {
        label: measure(document_of(articles, words), args.runs)
        for label, words in (("600 words", 600), ("10,000 words", 10_000))
    }
    targets = {"600 words": 5.0, "10,000 words": 50.0}
    print(f"{'stage (median ms)':<18}" + "".join(f"{k:>16}" for k in results))
    for key in next(iter(results.values())):
        row = "".join(f"{r[key]:>16.2f}" for r in results.values())
        print(f"{key:<18}{row}")
    print("target end_to_end " + "".join(f"{f'< {v:g} ms':>16}" for v in targets.values()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    command = " ".join(["bench/pipeline.py", *sys.argv[1:]])
    args.out.write_text(json.dumps({"command": command, **results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
