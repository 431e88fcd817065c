"""The model judge (SOURCED_JUDGE=model) beside the rules, on the same fixed sample of summaries.

    flock /tmp/sourced-model.lock python bench/judge.py --judge model [--data ../shared/data] \\
        [--embedded-model qwen2.5-coder-1.5b] [--offset N --limit M] [--rows FILE.jsonl]

The sample (seed 13, fixed): 50 FRANK test summaries (CNN/DM and XSum together, drawn at random)
and 25 each from the SummEdits test splits of SAMSum dialogue and sales email. `--split dev`
draws the same numbers from FRANK valid and the SummEdits evaluation splits: prompt changes are
tried there, and the test rows reported. Each summary goes through the product's own check,
`check_summary_judged` (as POST /v1/verify and `sourced verify --judge model`): the rules'
verdicts and the judge's, combined under the rules' veto, come from the same call, so both are
scored on the same rows. A summary counts as consistent when every claim is supported; label
1 = consistent; metric: balanced accuracy (mean of the two classes' recall).

Each row's result is appended to --rows as it finishes; a rerun skips the rows already there, so
the run is done in chunks (--offset/--limit) that each hold the model lock a few minutes. When
every row is in, the figures are written to --out and printed. A row whose check raises stops the
run; a judgement that failed (the rules' verdicts stood, with a warning) is counted and listed.
Seconds per row are the whole check, rules and model call, timed inside the lock.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support import Example, load_frank, load_summedits, score  # noqa: E402
from service.composition import make_backend  # noqa: E402
from service.config import EmbeddedModel, JudgeMode, Settings  # noqa: E402
from service.prompts import load_prompt  # noqa: E402
from service.schemas import Check, VerificationReport  # noqa: E402
from service.verify.judge import JUDGE_PROMPT  # noqa: E402
from service.verify.summary_check import check_summary_judged  # noqa: E402

SEED = 13
SAMPLE = (("frank", 50), ("samsum", 25), ("sales_email", 25))


SPLITS = {"test": ("test", "test"), "dev": ("valid", "evaluation")}
"""The FRANK and SummEdits splits of each sample: `dev` to try prompts on, `test` reported."""


def sample(data: Path, split: str = "test", more_frank: int = 0) -> list[tuple[str, Example]]:
    """The fixed rows, each with a stable id (set and position in its file), then `more_frank`
    other FRANK rows drawn with their own seed, so the fixed rows stay the same rows."""
    faith = data / "faithfulness"
    frank_split, summedits_split = SPLITS[split]
    pools: dict[str, list[tuple[str, Example]]] = {"frank": [], "samsum": [], "sales_email": []}
    for i, ex in enumerate(load_frank(faith / "frank")):
        if ex.split == frank_split:
            pools["frank"].append((f"frank:{i}", ex))
    for i, ex in enumerate(load_summedits(faith / "summedits_dev")):
        if ex.split == summedits_split:
            pools[ex.dataset].append((f"{ex.dataset}:{i}", ex))
    rng = random.Random(SEED)
    rows: list[tuple[str, Example]] = []
    for name, count in SAMPLE:
        rows += rng.sample(pools[name], count)
    drawn = {row_id for row_id, _ in rows}
    rest = [row for row in pools["frank"] if row[0] not in drawn]
    return rows + random.Random(SEED + 1).sample(rest, more_frank)


def row_result(
    row_id: str, ex: Example, report: VerificationReport, seconds: float, *, expect_judge: bool
) -> dict[str, Any]:
    """One row's verdicts, the rules' and the judge's, checked for shape."""
    if len(report.claims) != len(ex.claims):
        raise SystemExit(f"{row_id}: {len(report.claims)} claims checked of {len(ex.claims)}")
    judged = report.judge == "model"
    if judged and any(c.rules_verdict is None for c in report.claims):
        raise SystemExit(f"{row_id}: the judge ran but a claim has no rules verdict")
    if expect_judge and not judged and not any("model judge" in w for w in report.warnings):
        raise SystemExit(f"{row_id}: the judge did not run and no warning says why")
    rules = [c.rules_verdict or c.verdict for c in report.claims]
    ratings = [rating(c.checks) for c in report.claims]
    provenance = report.judge_provenance
    return {
        "id": row_id,
        "set": ex.dataset if not ex.dataset.startswith("frank") else "frank",
        "dataset": ex.dataset,
        "label": ex.label,
        "claims": len(ex.claims),
        "rules": rules,
        "ratings": ratings,
        "combined": [c.verdict for c in report.claims],
        "rules_consistent": all(v == "supported" for v in rules),
        "judge_consistent": report.verified,
        "judge_ran": judged,
        "warnings": [w for w in report.warnings if "model judge" in w],
        "model": provenance.model if provenance else None,
        "prompt": provenance.prompt if provenance else None,
        "prompt_tokens": provenance.usage.prompt_tokens if provenance else 0,
        "completion_tokens": provenance.usage.completion_tokens if provenance else 0,
        "seconds": round(seconds, 3),
        "load_1m": round(os.getloadavg()[0], 2),  # other work on the machine (niced or not)
    }


def rating(checks: Sequence[Check]) -> str | None:
    """The judge's own rating of a claim, as its `model_judge` check states it."""
    for check in checks:
        if check.name == "model_judge":
            return check.reason.split(" rated it ", 1)[1].split()[0]
    return None


async def run_rows(
    rows: Sequence[tuple[str, Example]], settings: Settings, out: Path, done: set[str]
) -> None:
    backend = make_backend(settings)
    try:
        for row_id, ex in rows:
            if row_id in done:
                continue
            started = time.perf_counter()
            report = await check_summary_judged(ex.document, ex.claims, settings, backend)
            result = row_result(
                row_id,
                ex,
                report,
                time.perf_counter() - started,
                expect_judge=settings.judge is JudgeMode.MODEL,
            )
            with out.open("a") as f:
                f.write(json.dumps(result) + "\n")
            mark = "ok" if result["judge_ran"] else "JUDGE FAILED"
            print(
                f"{row_id:18} label {ex.label} rules {int(result['rules_consistent'])} "
                f"judge {int(result['judge_consistent'])} {result['ratings']} "
                f"{result['seconds']:.1f}s {mark}",
                flush=True,
            )
    finally:
        await backend.aclose()


def read_rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _consistent(row: dict[str, Any], *, lift: bool, lower: bool) -> bool:
    """The summary's verdict had the judge only lifted (or only lowered) the rules' verdicts."""
    verdicts = []
    for rules, combined in zip(row["rules"], row["combined"], strict=True):
        lifted = rules != "supported" and combined == "supported"
        lowered = rules == "supported" and combined != "supported"
        if (lifted and lift) or (lowered and lower):
            verdicts.append(combined)
        else:
            verdicts.append(rules)
    return all(v == "supported" for v in verdicts)


def figures(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    by_set: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_set.setdefault(r["set"], []).append(r)
        by_set.setdefault("all", []).append(r)
    table = {}
    for name, rows in by_set.items():
        table[name] = {
            "n": len(rows),
            "consistent": sum(r["label"] for r in rows),
            "rules": score([(r["rules_consistent"], r["label"]) for r in rows]).balanced_accuracy,
            "judge_combined": score(
                [(r["judge_consistent"], r["label"]) for r in rows]
            ).balanced_accuracy,
            "judge_alone": score(
                [
                    (all(v == "supported" for v in r["ratings"]), r["label"])
                    for r in rows
                    if r["judge_ran"]
                ]
            ).balanced_accuracy,
            "judge_lifts_only": score(
                [(_consistent(r, lift=True, lower=False), r["label"]) for r in rows]
            ).balanced_accuracy,
            "judge_lowers_only": score(
                [(_consistent(r, lift=False, lower=True), r["label"]) for r in rows]
            ).balanced_accuracy,
            "judge_failed": sum(not r["judge_ran"] for r in rows),
        }
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--judge", choices=[m.value for m in JudgeMode], default="model")
    parser.add_argument("--embedded-model", choices=[m.value for m in EmbeddedModel])
    parser.add_argument(
        "--split", choices=list(SPLITS), default="test", help="dev: FRANK valid, SummEdits eval"
    )
    parser.add_argument(
        "--more-frank", type=int, default=0, help="FRANK rows beyond the fixed 50 (own seed)"
    )
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--rows", type=Path, help="per-row results (default: beside --out)")
    parser.add_argument(
        "--out", type=Path, help="figures (default: bench/results/judge-<model>.json)"
    )
    args = parser.parse_args(argv)

    if not (args.data / "faithfulness" / "frank").exists():
        print(f"data absent under {args.data}; pass --data", file=sys.stderr)
        return 2
    overrides: dict[str, Any] = {"judge": args.judge, "max_document_chars": 10_000_000}
    if args.embedded_model:
        overrides["embedded_model"] = args.embedded_model
    settings = Settings(**overrides)
    backend_name = settings.model or settings.embedded_model.value
    suffix = "" if args.split == "test" else f"-{args.split}"
    out = args.out or ROOT / "bench" / "results" / f"judge-{backend_name}{suffix}.json"
    rows_path = args.rows or out.with_suffix(".jsonl")
    rows = sample(args.data, args.split, args.more_frank)
    chunk = rows[args.offset : None if args.limit is None else args.offset + args.limit]
    earlier = read_rows(rows_path)
    prompt = load_prompt(JUDGE_PROMPT).version
    if stale := sorted({r["prompt"] for r in earlier if r["prompt"] not in (None, prompt)}):
        print(
            f"{rows_path} holds rows of {', '.join(stale)}, not {prompt}: move it", file=sys.stderr
        )
        return 2
    done = {r["id"] for r in earlier}
    print(f"{len(chunk)} rows of {len(rows)} ({len(done)} done already) -> {rows_path}")
    started = time.perf_counter()
    asyncio.run(run_rows(chunk, settings, rows_path, done))
    print(f"chunk took {time.perf_counter() - started:.0f} s")

    results = {r["id"]: r for r in read_rows(rows_path)}
    missing = [row_id for row_id, _ in rows if row_id not in results]
    if missing:
        first = next(i for i, (row_id, _) in enumerate(rows) if row_id in missing)
        print(f"{len(missing)} rows still to run (the first at --offset {first})")
        return 0
    ordered = [results[row_id] for row_id, _ in rows]
    table = figures(ordered)
    seconds = [r["seconds"] for r in ordered]
    loads = [r["load_1m"] for r in ordered if "load_1m" in r]
    print(
        f"{'set':12} {'n':>4} {'cons':>5} {'rules':>7} {'judge':>7} {'alone':>7} {'lifts':>7} "
        f"{'lowers':>7} {'failed':>7}"
    )
    for name, row in table.items():
        print(
            f"{name:12} {row['n']:4} {row['consistent']:5} {row['rules']:7.1f} "
            f"{row['judge_combined']:7.1f} {row['judge_alone']:7.1f} "
            f"{row['judge_lifts_only']:7.1f} {row['judge_lowers_only']:7.1f} "
            f"{row['judge_failed']:7}"
        )
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f"flock /tmp/sourced-model.lock python bench/judge.py --judge {args.judge}"
        + (f" --embedded-model {args.embedded_model}" if args.embedded_model else "")
        + (f" --split {args.split}" if args.split != "test" else "")
        + (f" --more-frank {args.more_frank}" if args.more_frank else "")
        + " (in chunks of --offset/--limit)",
        "machine": {"cpus": 2, "python": platform.python_version(), "threads": settings.threads},
        "model": next((r["model"] for r in ordered if r["model"]), backend_name),
        "prompt": next((r["prompt"] for r in ordered if r["prompt"]), None),
        "sample": {
            "seed": SEED,
            "rows": dict(SAMPLE),
            "more_frank": args.more_frank,
            "more_frank_seed": SEED + 1,
            "split": args.split,
            "splits": f"FRANK {SPLITS[args.split][0]} (CNN/DM and XSum); SummEdits samsum and "
            f"sales_email {SPLITS[args.split][1]}",
            "ids": [row_id for row_id, _ in rows],
        },
        "balanced_accuracy": table,
        "columns": {
            "rules": "the rules alone (POST /v1/verify without the judge)",
            "judge_combined": "the judge's ratings under the rules' veto, as shipped",
            "judge_alone": "the judge's ratings alone, rows where it answered (diagnostic)",
            "judge_lifts_only": "the rules, with only the judge's lifts applied (diagnostic)",
            "judge_lowers_only": "the rules, with only the judge's lowerings applied (diagnostic)",
        },
        "seconds_per_row": {
            "median": round(statistics.median(seconds), 2),
            "mean": round(statistics.mean(seconds), 2),
            "max": round(max(seconds), 2),
        },
        "machine_load_1m": {
            "median": statistics.median(loads) if loads else None,
            "rows_measured": len(loads),
            "note": "the 1-minute load average after each row; 2 cores, shared with other agents",
        },
        "tokens_per_row": {
            "prompt_mean": round(statistics.mean(r["prompt_tokens"] for r in ordered), 1),
            "completion_mean": round(statistics.mean(r["completion_tokens"] for r in ordered), 1),
        },
        "rows_file": str(
            rows_path.relative_to(ROOT) if rows_path.is_relative_to(ROOT) else rows_path
        ),
    }
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
