"""The speaker a claim names in its own words: "Reuters reported that ...", "Ann says ...".

A claim that opens "<outlet A> reported" is only true if the document has outlet A report it;
the same attribution reader as the document's (`attribution.analyze`) reads the claim itself.
Pronouns ("he said") name nobody and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from service.document import Document, split_sentences
from service.verify import attribution

MIN_CONTENT_SHARE = 0.3
"""Share of the claim's characters the frame's content must span: a speaker of a small aside
("..., the police said, after ...") still counts, a word used in passing does not."""


@dataclass(frozen=True, slots=True)
class ClaimSpeaker:
    source: str
    cue: str | None
    content: str
    """What the claim says the speaker said."""


@lru_cache(maxsize=4096)
def claim_speaker(claim_text: str) -> ClaimSpeaker | None:
    """The named or described speaker of the claim's main statement, if it names one."""
    text = claim_text.strip()
    if not text:
        return None
    frames = attribution.analyze(Document(text=text, sentences=split_sentences(text)))
    best: tuple[int, attribution.Attribution] | None = None
    for frame in frames:
        if frame.kind == "pronoun" or not frame.source or frame.cue is None:
            continue
        size = sum(s.end - s.start for s in frame.content)
        if size >= MIN_CONTENT_SHARE * len(text) and (best is None or size > best[0]):
            best = (size, frame)
    if best is None:
        return None
    frame = best[1]
    assert frame.source is not None
    return ClaimSpeaker(
        source=frame.source,
        cue=frame.cue_text,
        content=frame.content_quote or frame.content_text(text),
    )
