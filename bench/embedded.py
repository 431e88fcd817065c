"""The embedded model on this machine: seconds per article, tokens/s, memory, verified share.

Runs the shipped sample document cold (a fresh backend: the model load is included); measures
what the prompt-prefix cache saves (the prompt-processing time of a document with an empty KV
cache versus right after another document, when only the system prompt and the message framing
are shared); runs the sample again warm, then N news articles, all through `summarize()`. The
JSON is rewritten after every article, so an interrupted run keeps what it measured.

Share of drafted claims that passed verification, per summary: verified claims / (verified claims
+ claims dropped with a "dropped claim" warning). A claim replaced by a repaired one in the single
repair re-ask counts once, as verified.

    flock /tmp/sourced-model.lock python bench/embedded.py \\
        --data ../shared/data/summarization/frank_news_docs_with_reference.jsonl --n 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import EmbeddedModel, Settings  # noqa: E402
from service.errors import SourcedError  # noqa: E402
from service.llm.base import ModelReply, ModelRequest  # noqa: E402
from service.llm.embedded import EmbeddedBackend  # noqa: E402
from service.llm.weights import ensure_model_file  # noqa: E402
from service.progress import Progress, no_progress  # noqa: E402
from service.prompts import load_prompt  # noqa: E402
from service.summarize import PROMPT_NAME, summarize  # noqa: E402

SAMPLE = ROOT / "examples" / "port-strike.txt"


class RecordingBackend:
    """Passes every call to the embedded backend and keeps its replies (and their timings);
    `cold`: every call starts from an empty KV cache (bench/prompt_lookup.py)."""

    def __init__(self, inner: EmbeddedBackend, *, cold: bool = False) -> None:
        self.inner = inner
        self.cold = cold
        self.name = inner.name
        self.model = inner.model
        self.replies: list[ModelReply] = []

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        if self.cold:
            self.inner.forget_prompt_prefix()
        reply = await self.inner.complete(request, progress)
        self.replies.append(reply)
        return reply

    async def aclose(self) -> None:
        await self.inner.aclose()


def load_articles(path: Path | None, n: int) -> list[tuple[str, str]]:
    """N articles spread evenly over the file (it holds CNN/DM first, then XSum)."""
    if path is None:
        return []
    if not path.exists():
        print(f"note: {path} not found: measuring the sample document only", file=sys.stderr)
        return []
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    step = max(1, len(rows) // n)
    return [(row["id"][:12], row["document"]) for row in rows[::step][:n]]


async def run_one(label: str, text: str, backend: RecordingBackend, settings: Settings) -> dict:
    backend.replies.clear()
    started = time.perf_counter()
    row: dict[str, Any] = {"doc": label, "words": len(text.split())}
    try:
        summary = await summarize(text, backend, settings)
    except SourcedError as exc:
        row["error"] = f"{type(exc).__name__}: {exc}"
        summary = None
    row["seconds"] = time.perf_counter() - started
    row["calls"] = len(backend.replies)
    row["prompt_tokens"] = sum(r.usage.prompt_tokens for r in backend.replies)
    row["evaluated_prompt_tokens"] = sum(
        r.extra["evaluated_prompt_tokens"] for r in backend.replies
    )
    row["reused_prompt_tokens"] = sum(r.extra["reused_prompt_tokens"] for r in backend.replies)
    row["prompt_seconds"] = sum(r.extra["prompt_seconds"] for r in backend.replies)
    row["completion_tokens"] = sum(r.usage.completion_tokens for r in backend.replies)
    row["generation_seconds"] = sum(r.extra["generation_seconds"] for r in backend.replies)
    if summary is not None:
        dropped = sum(1 for w in summary.warnings if w.startswith("dropped claim"))
        row["verified_claims"] = len(summary.claims)
        row["dropped_claims"] = dropped
        for claim in summary.claims:
            for ev in claim.evidence:
                assert text[ev.start : ev.end] == ev.quote, "evidence span does not match its quote"
    return row


async def prefix_saving(backend: EmbeddedBackend, texts: list[str]) -> list[dict]:
    """Prompt-processing seconds of each document with an empty KV cache and right after another."""
    prompt = load_prompt(PROMPT_NAME)
    from service.draft import draft_json_schema
    from service.reading import read
    from service.schemas import SummaryOptions
    from service.summarize import draft_messages

    def request(text: str) -> ModelRequest:
        reading = read(text)
        messages = draft_messages(reading, SummaryOptions(max_claims=8), prompt)
        numbers = tuple(s.number for s in reading.statements)
        return ModelRequest(messages, draft_json_schema(8, numbers), "summary_draft", max_tokens=1)

    rows = []
    for i, text in enumerate(texts):
        other = texts[(i + 1) % len(texts)]
        backend.forget_prompt_prefix()
        cold = await backend.complete(request(text))
        await backend.complete(request(other))  # leaves only the shared prefix useful
        warm = await backend.complete(request(text))
        rows.append(
            {
                "prompt_tokens": cold.usage.prompt_tokens,
                "reused_tokens": warm.extra["reused_prompt_tokens"],
                "cold_prompt_seconds": cold.extra["prompt_seconds"],
                "warm_prompt_seconds": warm.extra["prompt_seconds"],
            }
        )
    return rows


def rate(tokens: float, seconds: float) -> float:
    return tokens / seconds if seconds else 0.0


def verified_share(rows: list[dict]) -> dict[str, Any]:
    done = [r for r in rows if "verified_claims" in r]
    shares = [
        r["verified_claims"] / (r["verified_claims"] + r["dropped_claims"])
        for r in done
        if r["verified_claims"] + r["dropped_claims"]
    ]
    verified = sum(r["verified_claims"] for r in done)
    drafted = verified + sum(r["dropped_claims"] for r in done)
    return {
        "pooled": verified / drafted if drafted else None,
        "median_per_summary": statistics.median(shares) if shares else None,
        "verified": verified,
        "drafted": drafted,
        "failed_summaries": len(rows) - len(done),
    }


def aggregate(rows: list[dict]) -> dict[str, Any]:
    return {
        "median_seconds": statistics.median(r["seconds"] for r in rows) if rows else None,
        "prompt_tokens_per_s": rate(
            sum(r["evaluated_prompt_tokens"] for r in rows), sum(r["prompt_seconds"] for r in rows)
        ),
        "generation_tokens_per_s": rate(
            sum(r["completion_tokens"] for r in rows), sum(r["generation_seconds"] for r in rows)
        ),
        "median_calls": statistics.median(r["calls"] for r in rows) if rows else None,
        "verified_share": verified_share(rows),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="frank_news_docs_with_reference.jsonl")
    parser.add_argument("--n", type=int, default=20, help="articles to summarize")
    parser.add_argument("--prefix-docs", type=int, default=3, help="documents for the cache test")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "embedded.json")
    parser.add_argument(
        "--embedded-model",
        choices=[m.value for m in EmbeddedModel],
        help="the packaged model (default: SOURCED_EMBEDDED_MODEL or the default)",
    )
    parser.add_argument(
        "--prompt-lookup-tokens", type=int, help="SOURCED_PROMPT_LOOKUP_TOKENS for this run"
    )
    args = parser.parse_args()

    overrides: dict[str, Any] = {"base_url": None}
    if args.embedded_model:
        overrides["embedded_model"] = args.embedded_model
    if args.prompt_lookup_tokens is not None:
        overrides["prompt_lookup_tokens"] = args.prompt_lookup_tokens
    settings = Settings(**overrides)
    articles = load_articles(args.data, args.n)
    sample = SAMPLE.read_text(encoding="utf-8")

    started = time.perf_counter()
    ensure_model_file(settings)  # the first run assembles and hashes the weights
    weights_seconds = time.perf_counter() - started

    inner = EmbeddedBackend(settings)
    backend = RecordingBackend(inner)
    cold = await run_one("sample (cold)", sample, backend, settings)
    print(f"sample cold: {cold['seconds']:.1f} s (model load {inner.load_seconds:.1f} s)")
    texts = [text for _, text in articles[: args.prefix_docs]] or [sample, sample + "\n\nEnd."]
    saving = await prefix_saving(inner, texts)
    print(f"prefix cache: {saving}", flush=True)
    warm = await run_one("sample (warm)", sample, backend, settings)
    print(f"sample warm: {warm['seconds']:.1f} s", flush=True)

    cold_prefix = sum(r["cold_prompt_seconds"] for r in saving)
    warm_prefix = sum(r["warm_prompt_seconds"] for r in saving)
    result: dict[str, Any] = {
        "created_at": datetime.now(UTC).isoformat(),
        "machine": {"cpus": settings.threads, "python": platform.python_version()},
        "model": inner.model,
        "settings": {
            "threads": settings.threads,
            "context_tokens": settings.context_tokens,
            "prompt_lookup_tokens": settings.prompt_lookup_tokens,
        },
        "weights_check_seconds": weights_seconds,
        "model_load_seconds": inner.load_seconds,
        "sample": {"cold": cold, "warm": warm},
        "prefix_cache": {
            "rows": saving,
            "mean_reused_tokens": statistics.mean(r["reused_tokens"] for r in saving),
            "cold_prompt_seconds": cold_prefix,
            "warm_prompt_seconds": warm_prefix,
            "saved_seconds_per_document": (cold_prefix - warm_prefix) / len(saving),
            "saved_share": 1 - warm_prefix / cold_prefix if cold_prefix else None,
        },
    }
    rows: list[dict] = []
    for label, text in articles:
        rows.append(await run_one(label, text, backend, settings))
        r = rows[-1]
        print(
            f"{label}: {r['words']} words, {r['seconds']:.1f} s, {r['calls']} calls, "
            f"{r.get('verified_claims', '-')} verified / {r.get('dropped_claims', '-')} dropped"
            + (f", {r['error']}" if "error" in r else ""),
            flush=True,
        )
        write(result, rows, args.out, complete=False)  # an interrupted run keeps what it measured
    await backend.aclose()
    write(result, rows, args.out, complete=True)
    print_table(result)
    print(f"\nwritten to {args.out}")


def write(result: dict, rows: list[dict], out: Path, *, complete: bool) -> None:
    result["articles"] = {"n": len(rows), "complete": complete, "summary": aggregate(rows)}
    result["articles"]["rows"] = rows
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


def print_table(result: dict) -> None:
    s, a, p = result["sample"], result["articles"]["summary"], result["prefix_cache"]
    share = a["verified_share"]

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:.0f}%"

    lines = [
        ("model", result["model"]),
        (
            "threads / context",
            f"{result['settings']['threads']} / {result['settings']['context_tokens']}",
        ),
        ("model load", f"{result['model_load_seconds']:.1f} s"),
        ("sample cold (incl. load)", f"{s['cold']['seconds']:.1f} s"),
        ("sample warm", f"{s['warm']['seconds']:.1f} s"),
        (f"articles (n={result['articles']['n']}) median", f"{a['median_seconds'] or 0:.1f} s"),
        ("prompt tokens/s", f"{a['prompt_tokens_per_s']:.0f}"),
        ("generation tokens/s", f"{a['generation_tokens_per_s']:.1f}"),
        ("median model calls/article", f"{a['median_calls']}"),
        (
            "verified share (pooled / median)",
            f"{pct(share['pooled'])} ({share['verified']}/{share['drafted']}) / "
            f"{pct(share['median_per_summary'])}",
        ),
        ("failed summaries", f"{share['failed_summaries']}"),
        (
            "prefix cache",
            f"{p['mean_reused_tokens']:.0f} tokens reused, "
            f"{p['saved_seconds_per_document']:.1f} s saved per document "
            f"({pct(p['saved_share'])} of prompt time)",
        ),
        ("peak RSS", f"{result['peak_rss_mb']:.0f} MB"),
    ]
    width = max(len(k) for k, _ in lines)
    print()
    for key, value in lines:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
