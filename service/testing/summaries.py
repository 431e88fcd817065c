"""A well-formed Summary to render, store or score, without running the pipeline."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from service.schemas import Check, Claim, DocumentInfo, Evidence, Provenance, Summary, Usage


def sample_summary(text: str, claims: int = 3, *, headline: str = "What the text says") -> Summary:
    """A well-formed Summary whose claims quote real spans of `text`."""
    spans = []
    step = max(1, len(text) // max(1, claims))
    for i in range(claims):
        start = min(i * step, max(0, len(text) - 1))
        end = min(len(text), start + min(step, 120)) or 1
        spans.append((start, max(end, start + 1)))
    return Summary(
        id=uuid.uuid4().hex,
        headline=headline,
        summary=text[:400],
        claims=[
            Claim(
                id=f"c{i + 1}",
                text=f"Claim {i + 1} about the text.",
                source="a spokesperson" if i % 2 else None,
                cue="said" if i % 2 else None,
                status="attributed" if i % 2 else "asserted",
                evidence=[Evidence(start=start, end=end, quote=text[start:end])],
                verified=i % 3 != 2,
                checks=[Check(name="quote", passed=i % 3 != 2, reason="the quote is in the text")],
            )
            for i, (start, end) in enumerate(spans)
        ],
        document=DocumentInfo(sha256="0" * 64, chars=len(text), sentences=1),
        provenance=fake_provenance(),
    )


def fake_provenance(**changes: Any) -> Provenance:
    """The provenance of a summary made by the fake backend in no time, with `changes`."""
    values: dict[str, Any] = {
        "backend": "fake",
        "model": "fake",
        "prompt": "summarize@1",
        "attempts": 1,
        "usage": Usage(),
        "latency_ms": 0.0,
        "created_at": datetime.now(UTC),
    }
    return Provenance(**{**values, **changes})
