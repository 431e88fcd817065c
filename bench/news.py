"""End to end on real news: ROUGE against human reference summaries, and how many drafted claims
survive verification, with the embedded model (or whatever endpoint SOURCED_* configures).

    python bench/news.py --data ../shared/data [--n 50] [--out bench/results/news]

The first n/2 CNN/DailyMail and first n/2 XSum articles of FRANK's news file, in file order.
Each article's result is appended to news.jsonl as it finishes (a rerun resumes), and the
figures are written to news.json and printed. ROUGE-1/2/L F1 (rouge-score, Porter stemmer)
compares the Summary's `summary` paragraph with the reference.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rouge_score import rouge_scorer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.errors import SourcedError  # noqa: E402
from service.llm.select import make_backend  # noqa: E402
from service.summarize import summarize  # noqa: E402

NEWS = Path("summarization") / "frank_news_docs_with_reference.jsonl"
_CHECK_NAME = re.compile(r"(?:^|; )([a-z_]+): ")  # 'name: reason; name: reason' in a warning


def articles(data: Path, n: int, only: str | None = None) -> list[dict[str, str]]:
    path = data / NEWS
    if not path.exists():
        sys.exit(f"no news data at {path}: pass --data pointing at ../shared/data")
    rows = [json.loads(line) for line in path.open()]
    per_set = {name: [r for r in rows if r["source_dataset"] == name] for name in ("cnndm", "xsum")}
    chosen = per_set["cnndm"][: n - n // 2] + per_set["xsum"][: n // 2]
    return [r for r in chosen if only in (None, r["source_dataset"])]


async def run(rows: list[dict[str, str]], log: Path) -> None:
    done = {json.loads(line)["id"] for line in log.open()} if log.exists() else set()
    settings = Settings()
    backend = make_backend(settings)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    try:
        for i, row in enumerate(rows, 1):
            if row["id"] in done:
                continue
            started = time.perf_counter()
            record: dict[str, object] = {"id": row["id"], "set": row["source_dataset"]}
            try:
                summary = await summarize(row["document"], backend, settings)
            except SourcedError as exc:
                record["error"] = f"{type(exc).__name__}: {exc}"
            else:
                scores = scorer.score(row["reference_summary"], summary.summary)
                p = summary.provenance
                record |= {
                    **{k: round(v.fmeasure, 4) for k, v in scores.items()},
                    "claims_drafted": p.claims_drafted,
                    "claims_verified": len(summary.claims),
                    "attempts": p.attempts,
                    "tokens": p.usage.total,
                    "disputes": len(summary.disputes),
                    "overview_repairs": sum(1 for c in summary.checks if not c.passed),
                    "dropped": [w for w in summary.warnings if w.startswith("dropped claim")],
                    "drop_reasons": [
                        name
                        for w in summary.warnings
                        if w.startswith("dropped claim")
                        for name in _CHECK_NAME.findall(w.split('": ', 1)[-1])
                    ],
                }
            record["seconds"] = round(time.perf_counter() - started, 1)
            print(f"[{i}/{len(rows)}] {json.dumps(record)}", flush=True)
            with log.open("a") as f:
                f.write(json.dumps(record) + "\n")
    finally:
        await backend.aclose()


def figures(log: Path) -> dict[str, object]:
    records = [json.loads(line) for line in log.open()]
    ok = [r for r in records if "error" not in r]
    drafted = sum(r["claims_drafted"] for r in ok)
    out: dict[str, object] = {
        "articles": len(records),
        "failed": len(records) - len(ok),
        "errors": sorted({r["error"].split(":")[0] for r in records if "error" in r}),
        "verified_claim_rate": round(sum(r["claims_verified"] for r in ok) / drafted, 3)
        if drafted
        else None,
        "median_seconds": round(statistics.median(r["seconds"] for r in records), 1)
        if records
        else None,
        "median_tokens": statistics.median(r["tokens"] for r in ok) if ok else None,
        "why_claims_were_dropped": dict(
            Counter(n for r in ok for n in r.get("drop_reasons", [])).most_common()
        ),
    }
    for subset in ("cnndm", "xsum", None):
        rows = [r for r in ok if subset is None or r["set"] == subset]
        if rows:
            out[f"rouge_{subset or 'all'}"] = {
                k: round(statistics.mean(r[k] for r in rows), 4)
                for k in ("rouge1", "rouge2", "rougeL")
            }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--only", choices=["cnndm", "xsum"], help="just one half of the n")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "news")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / "news.jsonl"
    asyncio.run(run(articles(args.data, args.n, args.only), log))
    result = figures(log)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["peak_rss_mb_this_run"] = round(peak_kb / 1024)
    (args.out / "news.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
