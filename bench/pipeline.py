"""The service's own time per summary, model time excluded, for ~600 and ~10,000-word documents.

Stages: split (sentences with offsets), prompt (render), parse (draft JSON), attribution
(the document's reporting structure), verify (every claim, with repairs and sources), build
(disputes, overview and hedge checks, the Summary), and end to end through `summarize()` with
an instant backend. Medians over --runs. Every cache in service/ is cleared before every run
(`service.caches.clear_all`): each run is cold, none benefits from the previous one's work.

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
from service.config import Settings  # noqa: E402
from service.document import Document, load_document, split_sentences  # noqa: E402
from service.draft import Draft, draft_json_schema  # noqa: E402
from service.llm.base import ModelReply, ModelRequest, Progress, no_progress  # noqa: E402
from service.prompts import load_prompt  # noqa: E402
from service.schemas import Provenance, Usage  # noqa: E402
from service.summarize import build_summary, parse_draft, summarize  # noqa: E402
from service.verify.attribution import analyze  # noqa: E402
from service.verify.claims import sentence_lines, verify_claim  # noqa: E402
from service.verify.instructions import instruction_sentences  # noqa: E402


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


def draft_for(doc: Document, claims: int = 8) -> str:
    """A realistic draft: claims close to their sentences, two citing a neighbour, one citing a
    sentence that does not exist (the slowest repair path: the whole document is searched)."""
    step = max(1, len(doc.sentences) // claims)
    chosen = [doc.sentences[i] for i in range(0, len(doc.sentences), step)][:claims]
    drafted = []
    for i, s in enumerate(chosen):
        cite = [s.number]
        if i in (1, 2) and s.number > 1:
            cite = [s.number - 1]
        if i == 3:
            cite = [len(doc.sentences) + 5]
        drafted.append({"text": s.text, "sentences": cite, "source": None, "cue": None})
    return json.dumps(
        {"headline": "A headline", "summary": "A summary.", "key_points": [], "claims": drafted}
    )


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
    doc = load_document(text, max_chars=settings.max_document_chars)
    raw = draft_for(doc)
    draft: Draft = parse_draft(raw)
    frames = analyze(doc)
    checked = [verify_claim(doc, c, frames) for c in draft.claims]
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
    figures = {
        "words": len(text.split()),
        "sentences": len(doc.sentences),
        "split_ms": median_ms(lambda: split_sentences(text), runs),
        "prompt_ms": median_ms(
            lambda: (
                prompt.render(
                    sentences=sentence_lines(doc.sentences),
                    max_claims=8,
                    length="medium",
                    title=None,
                ),
                draft_json_schema(8),
            ),
            runs,
        ),
        "parse_ms": median_ms(lambda: parse_draft(raw), runs),
        "attribution_ms": median_ms(lambda: analyze(doc), runs),
        "verify_ms": median_ms(lambda: [verify_claim(doc, c, frames) for c in draft.claims], runs),
        "build_ms": median_ms(
            lambda: build_summary(
                doc,
                draft,
                [c for c in checked if c.passed],
                frames,
                planted=instruction_sentences(doc),
                warnings=[],
                provenance=provenance,
            ).model_dump_json(),
            runs,
        ),
    }
    figures["end_to_end_ms"] = asyncio.run(end_to_end_ms(text, backend, settings, runs))
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
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
