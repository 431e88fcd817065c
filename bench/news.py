"""End to end on real news: ROUGE against human reference summaries beside Lead-3, and how many
drafted claims survive verification, with the embedded model (or whatever endpoint SOURCED_*
configures).

    flock /tmp/sourced-model.lock python bench/news.py --data ../shared/data [--n 50] \\
        [--embedded-model qwen2.5-coder-1.5b] [--out bench/results/news/<model>] \\
        [--skip K] [--record FILE.jsonl | --replay FILE.jsonl]

The first n/2 CNN/DailyMail and first n/2 XSum articles of FRANK's news file, in file order
(after the first K of each with --skip: a development split to tune on, the first articles
staying the test split that is reported). --record keeps every model reply, --replay answers
from such a file with no model, so a change after the draft (assembly, overview checks) is
scored on the same drafts; a replayed run's seconds are not timings.
Each article's result is appended to news.jsonl as it finishes (a rerun resumes, with the same
model only), and the figures are written to news.json and printed. ROUGE-1/2/L F1 (rouge-score,
Porter stemmer) compares the Summary's `summary` paragraph with the reference; Lead-3, the first
three sentences of the article as the service splits them (`service.document.split_sentences`),
is scored in the same run on the same articles. Every Summary is checked (valid against the
public schema, every evidence span equal to its quote); a malformed one stops the run. An article
the service answers with an error is a failure: failures are counted, listed, and make the exit
status 1.
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
from typing import Any

from rouge_score import rouge_scorer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.composition import make_backend  # noqa: E402
from service.config import EmbeddedModel, Settings  # noqa: E402
from service.document import split_sentences  # noqa: E402
from service.errors import SourcedError  # noqa: E402
from service.llm.base import Backend  # noqa: E402
from service.llm.replay import RecordingBackend, ReplayBackend  # noqa: E402
from service.schemas import Summary  # noqa: E402
from service.summarize import summarize  # noqa: E402

NEWS = Path("summarization") / "frank_news_docs_with_reference.jsonl"
ROUGE = ("rouge1", "rouge2", "rougeL")
_CHECK_NAME = re.compile(r"(?:^|; )([a-z_]+): ")  # 'name: reason; name: reason' in a warning


class ClosingRecorder(RecordingBackend):
    """A recording of the one backend this run made: closing it closes the backend."""

    async def aclose(self) -> None:
        await self.inner.aclose()


class MalformedSummary(AssertionError):
    """The service answered, but not with a Summary a caller could rely on."""


def articles(data: Path, n: int, only: str | None = None, skip: int = 0) -> list[dict[str, str]]:
    path = data / NEWS
    if not path.exists():
        sys.exit(f"no news data at {path}: pass --data pointing at ../shared/data")
    rows = [json.loads(line) for line in path.open()]
    per_set = {name: [r for r in rows if r["source_dataset"] == name] for name in ("cnndm", "xsum")}
    chosen = per_set["cnndm"][skip : skip + n - n // 2] + per_set["xsum"][skip : skip + n // 2]
    return [r for r in chosen if only in (None, r["source_dataset"])]


def lead3(document: str) -> str:
    return " ".join(sentence.text for sentence in split_sentences(document)[:3])


def check_summary(summary: object, document: str) -> Summary:
    """The response's shape: a Summary that survives its own schema, with exact evidence spans."""
    if not isinstance(summary, Summary):
        raise MalformedSummary(f"summarize returned {type(summary).__name__}, not a Summary")
    again = Summary.model_validate_json(summary.model_dump_json())
    if again != summary:
        raise MalformedSummary(f"summary {summary.id} does not survive a JSON round trip")
    if not summary.summary.strip():
        raise MalformedSummary(f"summary {summary.id} has an empty summary paragraph")
    for claim in summary.claims:
        if not claim.evidence:
            raise MalformedSummary(f"claim {claim.text!r} has no evidence")
        for ev in claim.evidence:
            if document[ev.start : ev.end] != ev.quote:
                raise MalformedSummary(
                    f"evidence [{ev.start}:{ev.end}] of claim {claim.text!r} is not its quote"
                )
    return summary


def scores(scorer: rouge_scorer.RougeScorer, reference: str, text: str) -> dict[str, float]:
    return {k: round(v.fmeasure, 4) for k, v in scorer.score(reference, text).items()}


async def run(rows: list[dict[str, str]], log: Path, backend: Backend, settings: Settings) -> None:
    previous = [json.loads(line) for line in log.open()] if log.exists() else []
    others = {r.get("model") for r in previous} - {backend.model}
    if others:
        sys.exit(f"{log} holds results of {sorted(map(str, others))}: pass another --out")
    done = {r["id"] for r in previous}
    scorer = rouge_scorer.RougeScorer(list(ROUGE), use_stemmer=True)
    try:
        for i, row in enumerate(rows, 1):
            if row["id"] in done:
                continue
            document = row["document"]
            record: dict[str, Any] = {
                "id": row["id"],
                "set": row["source_dataset"],
                "model": backend.model,
                "words": len(document.split()),
                "lead3": scores(scorer, row["reference_summary"], lead3(document)),
            }
            started = time.perf_counter()
            try:
                summary = check_summary(await summarize(document, backend, settings), document)
            except SourcedError as exc:
                record["error"] = f"{type(exc).__name__}: {exc}"
            else:
                p = summary.provenance
                record |= {
                    "rouge": scores(scorer, row["reference_summary"], summary.summary),
                    "summary": summary.summary,
                    "mode": getattr(p, "mode", "model"),
                    "claims_drafted": p.claims_drafted,
                    "claims_verified": len(summary.claims),
                    "attempts": p.attempts,
                    "prompt_tokens": p.usage.prompt_tokens,
                    "completion_tokens": p.usage.completion_tokens,
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


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _mean_rouge(rows: list[dict[str, Any]], key: str) -> dict[str, float]:
    return {k: round(statistics.mean(r[key][k] for r in rows), 4) for k in ROUGE}


def figures(log: Path) -> dict[str, object]:
    records = [json.loads(line) for line in log.open()]
    ok = [r for r in records if "error" not in r]
    failed = [r for r in records if "error" in r]
    drafted = sum(r["claims_drafted"] for r in ok)
    verified = sum(r["claims_verified"] for r in ok)
    completion = sum(r["completion_tokens"] for r in ok)
    out: dict[str, object] = {
        "model": records[0]["model"] if records else None,
        "articles": len(records),
        "failed": len(failed),
        "failures": [{"id": r["id"], "set": r["set"], "error": r["error"]} for r in failed],
        "modes": dict(Counter(r["mode"] for r in ok)),
        "median_verified_claims": _median([r["claims_verified"] for r in ok]),
        "verified_claim_rate": round(verified / drafted, 3) if drafted else None,
        "completion_tokens_per_verified_claim": round(completion / verified, 1)
        if verified
        else None,
        "median_seconds": _median([r["seconds"] for r in records]),
        "median_completion_tokens": _median([r["completion_tokens"] for r in ok]),
        "why_claims_were_dropped": dict(
            Counter(n for r in ok for n in r.get("drop_reasons", [])).most_common()
        ),
    }
    # System and Lead-3 on the same (answered) articles; Lead-3 also on every article.
    for subset in ("cnndm", "xsum", None):
        name = subset or "all"
        rows = [r for r in ok if subset is None or r["set"] == subset]
        every = [r for r in records if subset is None or r["set"] == subset]
        if rows:
            out[f"rouge_{name}"] = {
                "articles": len(rows),
                "sourced": _mean_rouge(rows, "rouge"),
                "lead3": _mean_rouge(rows, "lead3"),
            }
        if every and len(every) != len(rows):
            out[f"lead3_{name}_every_article"] = _mean_rouge(every, "lead3")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--only", choices=["cnndm", "xsum"], help="just one half of the n")
    parser.add_argument(
        "--embedded-model",
        choices=[m.value for m in EmbeddedModel],
        help="the packaged model to run (default: SOURCED_EMBEDDED_MODEL or the default)",
    )
    parser.add_argument("--out", type=Path, help="default: bench/results/news/<model>")
    parser.add_argument("--skip", type=int, default=0, help="leave out the first K of each set")
    replies = parser.add_mutually_exclusive_group()
    replies.add_argument("--record", type=Path, help="append every model reply to this file")
    replies.add_argument("--replay", type=Path, help="answer from a recording, no model")
    args = parser.parse_args()
    overrides = {"embedded_model": args.embedded_model} if args.embedded_model else {}
    settings = Settings(**overrides)
    backend: Backend
    if args.replay:
        backend = ReplayBackend(args.replay)
    elif args.record:
        backend = ClosingRecorder(make_backend(settings), args.record, fresh=False)
    else:
        backend = make_backend(settings)
    out: Path = args.out or ROOT / "bench" / "results" / "news" / backend.model
    out.mkdir(parents=True, exist_ok=True)
    log = out / "news.jsonl"
    rows = articles(args.data, args.n, args.only, args.skip)
    asyncio.run(run(rows, log, backend, settings))
    result = figures(log)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["peak_rss_mb_this_run"] = round(peak_kb / 1024)
    (out / "news.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if result["failed"]:
        print(f"\n{result['failed']} of {result['articles']} articles FAILED:", file=sys.stderr)
        for failure in result["failures"]:  # type: ignore[attr-defined]
            print(f"  {failure['id']} ({failure['set']}): {failure['error']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
