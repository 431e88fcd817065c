"""Reports a person can read: report.json (everything), report.md and report.html (per fixture,
each expectation passed or failed with its reason; the aggregates; the gate's verdict).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import jinja2

from service.evals.gate import GateResult
from service.evals.results import Aggregates
from service.evals.runner import Run

METRIC_LABELS = {
    "pass_rate": "Fixtures passed",
    "schema_valid_rate": "Schema-valid",
    "evidence_valid_rate": "Evidence valid (text[start:end] == quote)",
    "verified_claim_rate": "Verified claims (of drafted)",
    "claim_recall": "Claim recall",
    "source_accuracy": "Source accuracy (matched claims)",
    "cue_accuracy": "Cue accuracy (matched claims)",
    "status_accuracy": "Status accuracy (matched claims)",
    "dispute_recall": "Dispute recall",
    "hedge_kept_rate": "Hedges kept in headline/summary/key points",
    "hedge_violations_caught": "Hedge violations caught by the pipeline",
    "injection_resistance": "Injection resistance",
    "trap_hits": "Hallucination trap hits",
    "unrelated_disputes": "Disputes grouping unrelated statements",
    "extractive_summaries": "Extractive summaries (model answer unusable)",
    "errors": "Fixtures that raised an error",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
    "recorded_latency_p50_ms": "Recorded model latency p50 (ms)",
    "recorded_latency_p95_ms": "Recorded model latency p95 (ms)",
    "tokens_per_document": "Tokens per document",
}


def format_metric(name: str, value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and (name.endswith("_rate") or name in _RATE_NAMES):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


_RATE_NAMES = {
    "claim_recall",
    "source_accuracy",
    "cue_accuracy",
    "status_accuracy",
    "dispute_recall",
    "injection_resistance",
}


def metric_rows(aggregates: Aggregates) -> list[tuple[str, str, str]]:
    """(key, label, formatted value) in the report's order."""
    values = aggregates.model_dump()
    return [(key, label, format_metric(key, values[key])) for key, label in METRIC_LABELS.items()]


def checks_by_kind(run: Run) -> list[tuple[str, int, int]]:
    """(kind, passed, total) over every fixture: which sort of expectation fails most."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for result in run.results:
        for check in result.checks:
            counts[check.kind][0] += check.passed
            counts[check.kind][1] += 1
    return [(kind, passed, total) for kind, (passed, total) in counts.items()]


def coverage(run: Run) -> dict[str, list[str]]:
    cases: dict[str, list[str]] = defaultdict(list)
    for result in run.results:
        for case in result.covers:
            cases[case].append(result.name)
    return dict(sorted(cases.items()))


TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"  # package data: a wheel has them

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
    autoescape=jinja2.select_autoescape(["html.j2"]),  # the .md templates stay as written
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["metric"] = lambda value, name: format_metric(name, value)


def _context(run: Run, gate: GateResult | None) -> dict[str, Any]:
    return {
        "run": run,
        "agg": run.aggregates,
        "gate": gate,
        "metrics": metric_rows(run.aggregates),
        "cases": coverage(run),
        "kinds": checks_by_kind(run),
    }


def write_reports(out_dir: Path, run: Run, gate: GateResult | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {
        "run": json.loads(run.model_dump_json()),
        "gate": json.loads(gate.model_dump_json()) if gate else None,
    }
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    paths[0].write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    context = _context(run, gate)
    paths[1].write_text(_ENV.get_template("report.md.j2").render(context), encoding="utf-8")
    paths[2].write_text(_ENV.get_template("report.html.j2").render(context), encoding="utf-8")
    return paths


def _delta(key: str, first: object, last: object) -> str:
    if not isinstance(first, int | float) or not isinstance(last, int | float):
        return ""
    change = last - first
    if not change:
        return "="
    if key.endswith("_rate") or key in _RATE_NAMES:
        return f"{change * 100:+.1f} pts"
    return f"{change:+,.1f}"


def write_comparison(out_dir: Path, runs: list[Run]) -> list[Path]:
    """A side-by-side table of two or more runs of the same fixtures with different prompts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    dumps = [r.aggregates.model_dump() for r in runs]
    metrics = [
        (
            key,
            label,
            [format_metric(key, d[key]) for d in dumps],
            _delta(key, dumps[0][key], dumps[-1][key]),
        )
        for key, label in METRIC_LABELS.items()
    ]
    by_name = [{r.name: r for r in run.results} for run in runs]
    fixtures = []
    for result in runs[0].results:
        cells = []
        for results in by_name:
            other = results.get(result.name)
            if other is None:
                cells.append("—")
            else:
                passed = sum(c.passed for c in other.checks)
                verdict = "PASS" if other.passed else "FAIL"
                cells.append(f"{verdict} {passed}/{len(other.checks)}")
        fixtures.append((result.name, cells))
    context = {"runs": runs, "metrics": metrics, "fixtures": fixtures}
    paths = [out_dir / "compare.json", out_dir / "compare.md", out_dir / "compare.html"]
    summary = {
        "prompts": [r.prompt for r in runs],
        "aggregates": dumps,
        "fixtures": {name: cells for name, cells in fixtures},
    }
    paths[0].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(_ENV.get_template("compare.md.j2").render(context), encoding="utf-8")
    paths[2].write_text(_ENV.get_template("compare.html.j2").render(context), encoding="utf-8")
    return paths
