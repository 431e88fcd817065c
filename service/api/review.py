"""The review page: the document with every claim's evidence marked, beside the claims themselves.

The document is cut into segments at every evidence boundary, so overlapping spans nest cleanly;
each segment names the claims (and dispute parties) whose evidence covers it. Offsets are Python
string indices, so slicing happens here and the browser never has to count UTF-16 units.
Everything the caller sent is escaped by Jinja's autoescape; the page loads nothing from outside.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from functools import cache

import jinja2
from starlette.responses import HTMLResponse

from service.schemas import Claim, Evidence, Summary
from service.store import StoredSummary


@dataclass(frozen=True)
class Segment:
    text: str
    marks: tuple[str, ...] = ()  # keys of the claims / dispute parties citing this text
    roles: frozenset[str] = frozenset()
    unverified: bool = False
    ends: tuple[str, ...] = ()  # numbers of the claims whose evidence ends here

    @property
    def css_class(self) -> str:
        classes = []
        if "attribution" in self.roles:  # who says it shows even inside what they say
            classes.append("attribution")
        if len(self.marks) > 1:
            classes.append("multi")
        if self.unverified:
            classes.append("unverified")
        classes += sorted(self.roles & _MARKED_LINES.keys())
        return " ".join(classes)

    @property
    def label(self) -> str:
        claims = [m.removeprefix("claim-") for m in self.marks if m.startswith("claim-")]
        parts = [f"Claim {', '.join(claims)}"] if claims else []
        if any(m.startswith("dispute-") for m in self.marks):
            parts.append("a dispute")
        parts += [_MARKED_LINES[role] for role in sorted(self.roles & _MARKED_LINES.keys())]
        return "; ".join(parts)


_MARKED_LINES = {
    "planted": "Addressed to the AI, not the reader: read as part of the document, never followed",
    "boilerplate": "Page furniture (share bar, byline, cookie notice): never a claim",
}
"""Roles of the document's own spans that the page marks, with what each mark means."""

_WARNING_KINDS = (
    ("planted instruction:", "planted instruction read, not followed"),
    ("extractive summary:", "extractive summary"),
    ("dropped claim", "claim left out"),
    ("a chosen claim was left out:", "claim left out"),
    ("the model's answer was cut off", "answer cut off"),
)


def warning_kind(warning: str) -> str:
    """What a warning is about, in a few words for the banner."""
    return next((label for prefix, label in _WARNING_KINDS if warning.startswith(prefix)), "note")


def warning_banner(warnings: list[str]) -> str:
    """'3 warnings: 1 planted instruction read, not followed; 2 claims left out'."""
    counts: dict[str, int] = {}
    for warning in warnings:
        kind = warning_kind(warning)
        counts[kind] = counts.get(kind, 0) + 1
    parts = [
        f"{n} {kind.replace('claim ', 'claims ', 1) if n > 1 else kind}"
        for kind, n in counts.items()
    ]
    total = len(warnings)
    return f"{total} warning{'' if total == 1 else 's'}: " + "; ".join(parts)


@dataclass
class ClaimView:
    key: str
    number: int
    claim: Claim
    spans_found: int = 0
    spans_missing: int = 0


@dataclass
class PartyView:
    key: str
    source: str | None
    stance: str
    claim_number: int | None


@dataclass
class DisputeView:
    topic: str
    parties: list[PartyView] = field(default_factory=list)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    key: str
    role: str
    unverified: bool


def _valid(text: str, evidence: Evidence) -> bool:
    return 0 <= evidence.start < evidence.end <= len(text) and (
        text[evidence.start : evidence.end] == evidence.quote
    )


def segments(text: str, spans: list[_Span]) -> list[Segment]:
    """The text cut at every span boundary; each piece lists the spans that cover it."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= start and end <= s.end]
        marks = tuple(dict.fromkeys(s.key for s in covering))
        ends = (s.key.removeprefix("claim-") for s in covering if s.end == end)
        pieces.append(
            Segment(
                text=text[start:end],
                marks=marks,
                roles=frozenset(s.role for s in covering),
                unverified=any(s.unverified for s in covering),
                ends=tuple(n for n in dict.fromkeys(ends) if n.isdigit()),
            )
        )
    return pieces


def build_view(stored: StoredSummary) -> dict[str, object]:
    summary: Summary = stored.summary
    text = stored.document_text
    spans: list[_Span] = []
    claims: list[ClaimView] = []
    numbers: dict[str, int] = {}
    for number, claim in enumerate(summary.claims, 1):
        view = ClaimView(key=f"claim-{number}", number=number, claim=claim)
        numbers[claim.id] = number
        for evidence in claim.evidence:
            if _valid(text, evidence):
                view.spans_found += 1
                spans.append(
                    _Span(evidence.start, evidence.end, view.key, evidence.role, not claim.verified)
                )
            else:
                view.spans_missing += 1
        claims.append(view)
    disputes = []
    for d, dispute in enumerate(summary.disputes, 1):
        dview = DisputeView(topic=dispute.topic)
        for p, party in enumerate(dispute.parties, 1):
            key = f"dispute-{d}-{p}"
            dview.parties.append(
                PartyView(key, party.source, party.stance, numbers.get(party.claim_id or ""))
            )
            spans.extend(
                _Span(e.start, e.end, key, e.role, False) for e in party.evidence if _valid(text, e)
            )
        disputes.append(dview)
    document = summary.document
    for role, found in (("planted", document.planted), ("boilerplate", document.boilerplate)):
        spans.extend(_Span(e.start, e.end, role, role, False) for e in found if _valid(text, e))
    return {
        "summary": summary,
        "claims": claims,
        "disputes": disputes,
        "segments": segments(text, spans),
        "unverified": sum(1 for c in summary.claims if not c.verified),
        "has_attribution": any(s.role == "attribution" for s in spans),
        "marked_lines": sorted({s.role for s in spans} & _MARKED_LINES.keys()),
        "warning_banner": warning_banner(summary.warnings),
        "warnings": [(warning_kind(w), w) for w in summary.warnings],
    }


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("service.api", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def review_page(stored: StoredSummary) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    html = _templates().get_template("review.html").render(nonce=nonce, **build_view(stored))
    policy = (
        "default-src 'none'; "
        f"style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
        "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "private, max-age=300",
        },
    )
