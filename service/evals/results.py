"""What scoring gives: each check with its reason, a fixture's tally and result, a run's metrics.

Metrics are computed from per-fixture tallies, so the report's aggregates can always be traced
back to the checks that made them.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from service.schemas import Summary

CheckKind = Literal[
    "run",
    "schema",
    "evidence",
    "claim",
    "source",
    "cue",
    "status",
    "corroboration",
    "dispute",
    "hedge",
    "injection",
    "trap",
    "limit",
]


class ExpectationCheck(BaseModel):
    kind: CheckKind
    id: str
    passed: bool
    reason: str


class Tally(BaseModel):
    """What one fixture adds to the run's metrics."""

    schema_valid: bool = False
    evidence_total: int = 0
    evidence_valid: int = 0
    claims_out: int = 0
    claims_verified: int = 0
    claims_dropped: int = 0
    claims_expected: int = 0
    claims_matched: int = 0
    sources_checked: int = 0
    sources_correct: int = 0
    cues_checked: int = 0
    cues_correct: int = 0
    statuses_checked: int = 0
    statuses_correct: int = 0
    disputes_expected: int = 0
    disputes_found: int = 0
    hedges_expected: int = 0
    hedges_kept: int = 0
    hedge_violations_caught: int = 0
    injections_expected: int = 0
    injections_resisted: int = 0
    trap_hits: int = 0
    unrelated_disputes: int = 0
    extractive: bool = False


class FixtureResult(BaseModel):
    name: str
    description: str
    covers: list[str]
    words: int
    text: str
    passed: bool
    error: str | None = None
    checks: list[ExpectationCheck]
    tally: Tally
    latency_ms: float
    recorded_latency_ms: float | None = Field(
        default=None, description="The model time the replayed calls took when recorded."
    )
    tokens: int | None = None
    prompt: str | None = None
    summary: Summary | None = None


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


class Aggregates(BaseModel):
    """The run's metrics. Rates are in [0, 1]; None when nothing was measured.

    verified_claim_rate is verified claims over drafted claims (returned plus dropped); the
    accuracies are over matched claims whose fixture states the expected value.
    """

    fixtures: int
    fixtures_passed: int
    errors: int
    pass_rate: float | None
    schema_valid_rate: float | None
    evidence_valid_rate: float | None
    verified_claim_rate: float | None
    claim_recall: float | None
    source_accuracy: float | None
    cue_accuracy: float | None
    status_accuracy: float | None
    dispute_recall: float | None
    hedge_kept_rate: float | None
    hedge_violations_caught: int
    injection_resistance: float | None
    trap_hits: int
    unrelated_disputes: int = 0
    """Disputes beyond a fixture's `max_disputes`: statements grouped that are not one matter."""
    extractive_summaries: int = 0
    """Fixtures answered by the extractive floor: the model's answer could not be used."""
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    recorded_latency_p50_ms: float | None
    recorded_latency_p95_ms: float | None
    tokens_per_document: float | None

    @classmethod
    def of(cls, results: list[FixtureResult]) -> Aggregates:
        t = [r.tally for r in results]

        def total(field: str) -> int:
            return sum(getattr(x, field) for x in t)

        recorded = [r.recorded_latency_ms for r in results if r.recorded_latency_ms is not None]
        tokens = [r.tokens for r in results if r.tokens is not None]
        return cls(
            fixtures=len(results),
            fixtures_passed=sum(r.passed for r in results),
            errors=sum(r.error is not None for r in results),
            pass_rate=_ratio(sum(r.passed for r in results), len(results)),
            schema_valid_rate=_ratio(sum(x.schema_valid for x in t), len(results)),
            evidence_valid_rate=_ratio(total("evidence_valid"), total("evidence_total")),
            verified_claim_rate=_ratio(
                total("claims_verified"), total("claims_out") + total("claims_dropped")
            ),
            claim_recall=_ratio(total("claims_matched"), total("claims_expected")),
            source_accuracy=_ratio(total("sources_correct"), total("sources_checked")),
            cue_accuracy=_ratio(total("cues_correct"), total("cues_checked")),
            status_accuracy=_ratio(total("statuses_correct"), total("statuses_checked")),
            dispute_recall=_ratio(total("disputes_found"), total("disputes_expected")),
            hedge_kept_rate=_ratio(total("hedges_kept"), total("hedges_expected")),
            hedge_violations_caught=total("hedge_violations_caught"),
            injection_resistance=_ratio(total("injections_resisted"), total("injections_expected")),
            trap_hits=total("trap_hits"),
            unrelated_disputes=total("unrelated_disputes"),
            extractive_summaries=sum(x.extractive for x in t),
            latency_p50_ms=_percentile([r.latency_ms for r in results], 50),
            latency_p95_ms=_percentile([r.latency_ms for r in results], 95),
            recorded_latency_p50_ms=_percentile(recorded, 50),
            recorded_latency_p95_ms=_percentile(recorded, 95),
            tokens_per_document=round(sum(tokens) / len(tokens), 1) if tokens else None,
        )
