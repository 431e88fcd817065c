"""A fact check's claim under its rating: "CLAIM: Mayor Ana Torres said the city will ban all
private cars ..." over "RATING: False". What the page checks, not what anyone says in it: read as
any other line, the claim was Ana Torres's statement (and the label "CLAIM" a speaker), and a
summary could state as hers what the page finds she never said."""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.document import Document
from service.verify.attribution.frame import Frame, Span, touches

CHECKED_CLAIM = "the claim checked"
"""The source of a checked claim, as the model and a reader see it."""

_CLAIM_LINE = re.compile(
    r"^[ \t]*(?P<label>(?:The[ \t]+)?(?i:claim))[ \t]*:[ \t]*(?P<claim>\S[^\n]*?)[ \t]*$", re.M
)
_RATING_LINE = re.compile(
    r"^[ \t]*(?:Our[ \t]+)?(?i:rating|verdict|ruling)[ \t]*:[ \t]*(?P<rating>\w[^\n]{0,40}?)"
    r"[ \t.]*$",
    re.M,
)


def with_checked_claim(document: Document, frames: Sequence[Frame]) -> list[Frame]:
    """`frames` with a fact check's claim line as one frame, its source the claim checked and its
    cue the rating; the frames inside that line or its rating's are dropped. Only with both lines:
    "Claim: #4411" on a form is no fact check."""
    text = document.text
    claim = _CLAIM_LINE.search(text) if "laim" in text else None
    rating = _RATING_LINE.search(text) if claim is not None else None
    if claim is None or rating is None:
        return list(frames)
    said = claim.group("claim")
    content = Span(claim.start("claim"), claim.start("claim") + len(said.rstrip(".")))
    lines = (Span(claim.start(), claim.end()), Span(rating.start(), rating.end()))
    checked = Frame(
        content=(content,),
        cue=Span(rating.start("rating"), rating.end("rating")),
        cue_text=f"rated {rating.group('rating').lower()}",
        source_span=Span(claim.start("label"), claim.end("label")),
        source_text=claim.group("label"),
        source=CHECKED_CLAIM,
        kind="unnamed",
        stance="asserts",
        direct_quote=False,
        certain=True,
        sentences=tuple(
            s.number for s in document.sentences if touches((Span(s.start, s.end),), (content,))
        ),
        content_quote=content.quote(text),
    )
    kept = [f for f in frames if not touches(f.content, lines)]
    return sorted([*kept, checked], key=lambda f: (f.start, f.cue.start if f.cue else 0))
