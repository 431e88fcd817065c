"""The regression gate: a run's aggregates against the committed baseline (evals/baseline.json).

Tolerances, stated once here and in the report:
- every rate (pass, schema-valid, evidence-valid, verified-claim, claim recall, source, cue and
  status accuracy, dispute recall, hedges kept, injection resistance) may fall by at most
  `tolerance`, absolute (default 0.05, five percentage points);
- trap hits may not rise at all: a hallucination trap firing is never noise; nor may the
  fixtures that raise an error (a replay that misses its recording is one: it must be
  re-recorded, not averaged away among the rates);
- tokens per document may rise by at most 25%;
- latency is reported, never gated: it depends on the machine, and a replay has none.
A run over a different set of fixtures than the baseline's fails: re-baseline deliberately.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from service.evals.fixtures import EVALS_DIR
from service.evals.results import Aggregates
from service.evals.runner import Run

DEFAULT_BASELINE = EVALS_DIR / "baseline.json"
DEFAULT_TOLERANCE = 0.05
TOKENS_TOLERANCE = 0.25

RATE_METRICS = (
    "pass_rate",
    "schema_valid_rate",
    "evidence_valid_rate",
    "verified_claim_rate",
    "claim_recall",
    "source_accuracy",
    "cue_accuracy",
    "status_accuracy",
    "dispute_recall",
    "hedge_kept_rate",
    "injection_resistance",
)


class Baseline(BaseModel):
    created_at: datetime
    backend: str
    model: str | None
    prompt: str
    fixtures: list[str]
    aggregates: Aggregates


class BaselineError(ValueError):
    pass


class GateFinding(BaseModel):
    metric: str
    baseline: float | None
    current: float | None
    regressed: bool
    reason: str


class GateResult(BaseModel):
    passed: bool
    baseline: str
    tolerance: float
    findings: list[GateFinding]

    @property
    def regressions(self) -> list[GateFinding]:
        return [f for f in self.findings if f.regressed]


def load_baseline(path: Path) -> Baseline:
    try:
        return Baseline.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read the baseline {path}: {exc.strerror}") from None
    except ValidationError as exc:
        raise BaselineError(f"the baseline {path} is invalid: {exc}") from None


def baseline_of(run: Run) -> Baseline:
    return Baseline(
        created_at=datetime.now(UTC),
        backend=run.backend,
        model=run.model,
        prompt=run.prompt,
        fixtures=[r.name for r in run.results],
        aggregates=run.aggregates,
    )


def write_baseline(run: Run, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(baseline_of(run).model_dump_json(indent=2) + "\n", encoding="utf-8")


def _finding(
    metric: str, old: float | None, new: float | None, allowed: float | None
) -> GateFinding:
    """`allowed` is the worst value that still passes; None: not comparable."""
    if old is None or new is None or allowed is None:
        return GateFinding(
            metric=metric,
            baseline=old,
            current=new,
            regressed=False,
            reason="not measured in both runs",
        )
    lower_is_better = metric in ("trap_hits", "errors", "unrelated_disputes", "tokens_per_document")
    regressed = new > allowed if lower_is_better else new < allowed
    bound = "at most" if lower_is_better else "at least"
    verdict = "REGRESSED" if regressed else "ok"
    return GateFinding(
        metric=metric,
        baseline=old,
        current=new,
        regressed=regressed,
        reason=f"{verdict}: {new:g} (baseline {old:g}, {bound} {allowed:g} allowed)",
    )


def compare(run: Run, baseline: Baseline, *, tolerance: float, source: str) -> GateResult:
    current, old = run.aggregates, baseline.aggregates
    findings: list[GateFinding] = []
    names = [r.name for r in run.results]
    if sorted(names) != sorted(baseline.fixtures):
        added = sorted(set(names) - set(baseline.fixtures))
        removed = sorted(set(baseline.fixtures) - set(names))
        findings.append(
            GateFinding(
                metric="fixtures",
                baseline=len(baseline.fixtures),
                current=len(names),
                regressed=True,
                reason=f"the fixture set changed (added {added or 'none'}, removed "
                f"{removed or 'none'}); re-baseline with --write-baseline",
            )
        )
    for metric in RATE_METRICS:
        before, after = getattr(old, metric), getattr(current, metric)
        allowed = None if before is None else round(max(0.0, before - tolerance), 4)
        findings.append(_finding(metric, before, after, allowed))
    findings.append(_finding("trap_hits", old.trap_hits, current.trap_hits, old.trap_hits))
    findings.append(_finding("errors", old.errors, current.errors, old.errors))
    findings.append(
        _finding(
            "unrelated_disputes",
            old.unrelated_disputes,
            current.unrelated_disputes,
            old.unrelated_disputes,
        )
    )
    tokens = old.tokens_per_document
    allowed_tokens = None if tokens is None else round(tokens * (1 + TOKENS_TOLERANCE), 1)
    findings.append(
        _finding("tokens_per_document", tokens, current.tokens_per_document, allowed_tokens)
    )
    return GateResult(
        passed=not any(f.regressed for f in findings),
        baseline=source,
        tolerance=tolerance,
        findings=findings,
    )
