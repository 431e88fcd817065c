"""The speaker a claim names in its own words: "Reuters reported that ...", "Ann says ...".

A claim that opens "<outlet A> reported" is only true if the document has outlet A report it;
the same attribution reader as the document's (`attribution.analyze`) reads the claim itself.
Pronouns ("he said") name nobody and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from service.document import Document, split_sentences
from service.schemas import Check, Evidence
from service.verify import attribution, terms
from service.verify.sources import same_source

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
    best: tuple[int, attribution.Frame] | None = None
    for frame in frames:
        if frame.kind == "pronoun" or not frame.source or frame.cue is None:
            continue
        if not any(c.isalpha() for c in frame.source):  # "barry beavis , 48 , ..., saying"
            continue
        if frame.stance == "denies":  # "Union members rejected the offer" is what they did
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


def named_where_attributed(doc: Document, evidence: Sequence[Evidence], name: str) -> bool:
    """A word of the name stands where the document attributes the claim: in the source, or in
    its sentence up to the cue ("The operator, Halden Ports, said"), and not as part of another
    name ("James Smith" where the document has "John Smith" say it)."""
    wanted = terms.content_words(name) or terms.all_stems(name)
    for span in evidence:
        if span.role != "attribution":
            continue
        sentence = doc.sentence_at(span.start)
        lead = doc.text[sentence.start if sentence else span.start : span.end]
        if wanted & terms.all_stems(lead) and not terms.other_name(name, lead):
            return True
        if _initialled(name, lead):
            return True
    return False


def _initialled(name: str, lead: str) -> bool:
    """ "The EPA says" where the document has "the U.S. Environmental Protection Agency" say it:
    a name in capitals that spells the initials of capitalised words of the lead."""
    acronyms = {t for t in terms.TOKEN.findall(name) if 2 <= len(t) <= 6 and t.isupper()}
    if not acronyms:
        return False
    written = [short for short, _ in terms.initials(terms.TOKEN.findall(lead))]
    return any(a in short for short in written for a in acronyms)


def check_claim_speaker(
    doc: Document, claim_text: str, source: str | None, evidence: Sequence[Evidence]
) -> Check | None:
    """A speaker the claim names in its own words must be the one the document gives: a claim
    opening "<outlet A> reported" is false where outlet B reports it. None when the claim
    names no speaker, or the document attributes the statement to no one (then the names check
    asks the evidence for the speaker's name)."""
    speaker = claim_speaker(claim_text)
    if speaker is None or not source:
        return None
    if same_source(speaker.source, source) or named_where_attributed(doc, evidence, speaker.source):
        return Check(
            name="speaker_matches_claim",
            passed=True,
            reason=f"the claim names '{speaker.source}'; the document attributes it to '{source}'",
        )
    return Check(
        name="speaker_matches_claim",
        passed=False,
        reason=f"the claim says '{speaker.source}' {speaker.cue or 'said'} it; the document "
        f"attributes it to '{source}'",
    )
