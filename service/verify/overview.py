"""Checks of the headline, summary and key points: nothing in them that the document lacks.

Claims are verified one by one against their evidence; the overview has no evidence of its own,
so its numbers and names must at least appear somewhere in the document. What fails is repaired
deterministically (a key point dropped; the headline or summary rebuilt from verified claims),
and each repair is recorded as a failed-then-repaired check a reader can see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.document import Document
from service.schemas import Check
from service.verify import terms


@dataclass
class Overview:
    headline: str
    summary: str
    key_points: list[str]
    checks: list[Check] = field(default_factory=list)


def _unsupported(text: str, doc_numbers: frozenset[str], doc_stems: frozenset[str]) -> list[str]:
    missing = sorted(terms.numbers(text) - doc_numbers)
    missing += sorted(terms.names(text) - doc_stems)
    return missing


def check_overview(
    doc: Document, headline: str, summary: str, key_points: list[str], verified_claims: list[str]
) -> Overview:
    doc_numbers = terms.numbers(doc.text)
    doc_stems = terms.all_stems(doc.text)
    out = Overview(headline.strip(), summary.strip(), [])
    # With no verified claim to rebuild from, the document's opening is the safe fallback.
    fallback = " ".join(verified_claims[:3]) or " ".join(s.text for s in doc.sentences[:2])

    missing = _unsupported(out.headline, doc_numbers, doc_stems)
    if missing or not out.headline:
        replacement = verified_claims[0] if verified_claims else doc.sentences[0].text
        out.checks.append(
            Check(
                name="headline_in_document",
                passed=False,
                reason=f"repaired: the drafted headline named {', '.join(missing) or 'nothing'}"
                " not in the document; replaced by the first verified claim",
            )
        )
        out.headline = replacement
    else:
        out.checks.append(
            Check(
                name="headline_in_document",
                passed=True,
                reason="its numbers and names are in the document",
            )
        )

    missing = _unsupported(out.summary, doc_numbers, doc_stems)
    if missing or not out.summary:
        out.checks.append(
            Check(
                name="summary_in_document",
                passed=False,
                reason=f"repaired: the drafted summary named {', '.join(missing) or 'nothing'} "
                "not in the document; rebuilt from verified claims (or the document's opening)",
            )
        )
        out.summary = fallback
    else:
        out.checks.append(
            Check(
                name="summary_in_document",
                passed=True,
                reason="its numbers and names are in the document",
            )
        )

    seen: set[str] = set()
    for point in key_points:
        point = point.strip()
        folded = " ".join(point.lower().split())
        if not point or folded in seen:
            continue  # a small model repeats itself; a repeat says nothing new
        seen.add(folded)
        if missing := _unsupported(point, doc_numbers, doc_stems):
            out.checks.append(
                Check(
                    name="key_point_in_document",
                    passed=False,
                    reason=f"repaired: dropped key point naming {', '.join(missing)}, "
                    "which the document does not contain",
                )
            )
        else:
            out.key_points.append(point)
    return out
