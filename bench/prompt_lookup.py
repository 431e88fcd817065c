"""Prompt-lookup decoding in the embedded backend: generation tokens/s with and without it.

    flock /tmp/sourced-model.lock python bench/prompt_lookup.py \\
        --data ../shared/data/summarization/frank_news_docs_with_reference.jsonl \\
        [--n 5] [--tokens 10] [--embedded-model qwen2.5-coder-0.5b ...]

For each model, the same N news articles (spread over the file) go through `summarize()` twice:
with SOURCED_PROMPT_LOOKUP_TOKENS=0 (off) and with --tokens drafted per step. Greedy decoding
must write the same tokens either way, so every model reply is compared with its counterpart and
a difference fails the run. Each setting loads its own model (one at a time) and starts with an
empty KV cache before every article, so the two settings read the same prompts the same way.
Reported: generation tokens/s (completion tokens / generation seconds, pooled), prompt tokens/s,
generation seconds per article (median), and the process's RSS once the model is loaded and
after the articles (the growth is what prompt lookup's per-token logits cost).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import EmbeddedModel, Settings  # noqa: E402
from service.errors import SourcedError  # noqa: E402
from service.llm.embedded import EmbeddedBackend  # noqa: E402
from service.schemas import Summary  # noqa: E402
from service.summarize import summarize  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from embedded import RecordingBackend  # noqa: E402


def load_articles(path: Path, n: int) -> list[tuple[str, str]]:
    """N articles spread evenly over the file (it holds CNN/DM first, then XSum)."""
    if not path.exists():
        sys.exit(f"no news data at {path}")
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    step = max(1, len(rows) // n)
    return [(row["id"][:12], row["document"]) for row in rows[::step][:n]]


async def run_setting(
    model: EmbeddedModel, lookup: int, articles: list[tuple[str, str]], threads: int
) -> dict[str, Any]:
    settings = Settings(
        base_url=None, embedded_model=model, prompt_lookup_tokens=lookup, threads=threads
    )
    inner = EmbeddedBackend(settings)
    backend = RecordingBackend(inner, cold=True)
    await inner.load()
    rss_loaded_mb = psutil.Process().memory_info().rss / 2**20
    rows = []
    try:
        for label, text in articles:
            backend.replies.clear()
            try:
                summary = await summarize(text, backend, settings)
            except SourcedError as exc:  # still a model run to time; its replies are compared
                outcome = f"{type(exc).__name__}"
            else:
                assert isinstance(summary, Summary)
                for claim in summary.claims:
                    for ev in claim.evidence:
                        assert text[ev.start : ev.end] == ev.quote, "evidence is not its quote"
                outcome = f"{len(summary.claims)} claims"
            replies = list(backend.replies)
            if not replies:
                raise AssertionError(f"{label}: no model call was made")
            rows.append(
                {
                    "doc": label,
                    "outcome": outcome,
                    "contents": [r.content for r in replies],
                    "completion_tokens": sum(r.usage.completion_tokens for r in replies),
                    "generation_seconds": sum(r.extra["generation_seconds"] for r in replies),
                    "prompt_tokens": sum(r.extra["evaluated_prompt_tokens"] for r in replies),
                    "prompt_seconds": sum(r.extra["prompt_seconds"] for r in replies),
                }
            )
            r = rows[-1]
            print(
                f"  {model.value} lookup={lookup} {label}: {outcome}, "
                f"{r['completion_tokens']} tokens in {r['generation_seconds']:.1f} s "
                f"({r['completion_tokens'] / r['generation_seconds']:.1f}/s)",
                flush=True,
            )
        rss_mb = psutil.Process().memory_info().rss / 2**20
    finally:
        await inner.aclose()
    tokens = sum(r["completion_tokens"] for r in rows)
    seconds = sum(r["generation_seconds"] for r in rows)
    return {
        "model": inner.model,
        "prompt_lookup_tokens": lookup,
        "generation_tokens_per_s": tokens / seconds,
        "prompt_tokens_per_s": sum(r["prompt_tokens"] for r in rows)
        / sum(r["prompt_seconds"] for r in rows),
        "median_generation_seconds": statistics.median(r["generation_seconds"] for r in rows),
        "completion_tokens": tokens,
        "rss_mb_loaded": round(rss_loaded_mb),
        "rss_mb_after": round(rss_mb),
        "rows": rows,
    }


def compare(off: dict[str, Any], on: dict[str, Any]) -> dict[str, Any]:
    same = [a["contents"] == b["contents"] for a, b in zip(off["rows"], on["rows"], strict=True)]
    return {
        "identical_replies": all(same),
        "articles_identical": sum(same),
        "speedup": on["generation_tokens_per_s"] / off["generation_tokens_per_s"],
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=10, help="draft tokens per step")
    parser.add_argument(
        "--embedded-model",
        action="append",
        choices=[m.value for m in EmbeddedModel],
        help="repeatable; default: every packaged model",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results" / "prompt_lookup.json"
    )
    args = parser.parse_args()
    models = [EmbeddedModel(m) for m in args.embedded_model or [m.value for m in EmbeddedModel]]
    articles = load_articles(args.data, args.n)
    result: dict[str, Any] = {
        "created_at": datetime.now(UTC).isoformat(),
        "command": " ".join(sys.argv),
        "threads": args.threads,
        "articles": [label for label, _ in articles],
        "models": {},
    }
    failed = False
    for model in models:
        off = await run_setting(model, 0, articles, args.threads)
        on = await run_setting(model, args.tokens, articles, args.threads)
        verdict = compare(off, on)
        failed |= not verdict["identical_replies"]
        result["models"][model.value] = {"off": off, "on": on, **verdict}
        print(
            f"{model.value}: {off['generation_tokens_per_s']:.1f} -> "
            f"{on['generation_tokens_per_s']:.1f} generated tokens/s "
            f"(x{verdict['speedup']:.2f}), replies identical on "
            f"{verdict['articles_identical']}/{len(articles)} articles; RSS "
            f"{off['rss_mb_after']} -> {on['rss_mb_after']} MB",
            flush=True,
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    if failed:
        print("FAILED: prompt lookup changed what greedy decoding wrote", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
