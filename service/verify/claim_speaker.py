"""The speaker a claim names in its own words: "Reuters reported that ...", "Ann says ...".

A claim that opens "<outlet A> reported" is only true if the document has outlet A report it;
the same attribution reader as the document's (`attribution.analyze`) reads the claim itself.
Pronouns ("he said") name nobody and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from service.document import Document, split_sentences
from service.schemas import Check, Evidence
from service.verify import attribution, terms
from service.verify.attribution import Frame, cue_stance
from service.verify.lexicon import PRONOUNS
from service.verify.sources import claimant, same_source
from service.verify.topics import coverage

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
        if _counted(frame.source) or _subordinate(text, frame) or _adds_a_thing(text, frame):
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


_COUNT_WORDS = frozenset(
    "a an the new more further additional extra fresh other another total".split()
)


def _counted(source: str) -> bool:
    """Whether a "source" is a count of what the cue qualifies: "30 new" of "30 new confirmed
    cases were reported", where "confirmed" describes the cases and nobody confirms."""
    words = [terms.term(t)[0] for t in terms.TOKEN.findall(source)]
    return any(w[:1].isdigit() for w in words) and all(
        w[:1].isdigit() or w in _COUNT_WORDS for w in words
    )


_ADDING = frozenset("add adds added adding".split())
_FINITE = frozenset(
    "is are was were will would has have had can could should must may might does did do "
    "shall".split()
)


def _adds_a_thing(text: str, frame: Frame) -> bool:
    """ "Postgres 19 adds incremental backups": "adds" with a thing after it, no clause ("He
    added that ...", "He adds the plan would fail"), is what the product does, not speech."""
    if (frame.cue_text or "").lower() not in _ADDING:
        return False
    content = frame.content_text(text).strip().lower()
    if content.startswith(("that", '"', "“", "'", "‘")):
        return False
    return _FINITE.isdisjoint(content.split())


_SUBORDINATORS = frozenset(
    "that before after when while because as if until since whether unless once".split()
)


def _subordinate(text: str, frame: Frame) -> bool:
    """Whether the frame stands inside a clause of the claim rather than being its main
    statement: "Martinez felt Coleman was fouled before the defender conceded the penalty" is
    no statement by the defender, nor is "Brown warned that the nationalists want a vote" one
    by the nationalists (when "Brown" is not read as a speaker, written in lower case)."""
    if frame.source_span is None:
        return False
    before = terms.TOKEN.findall(text[: frame.source_span.start])
    return bool(before) and before[-1].lower() in _SUBORDINATORS


def speaker_matches(doc: Document, evidence: Sequence[Evidence], claimed: str, found: str) -> bool:
    """Whether the speaker a claim names is the one the document gives: the same name, a word
    of it where the document attributes the claim, or a description the document gives the
    speaker beside their name ("the Everton defender", "PM" for "Prime Minister David
    Cameron")."""
    return (
        same_source(claimed, found)
        or named_where_attributed(doc, evidence, claimed)
        or described_as(doc, found, claimed)
    )


def described_as(doc: Document, found: str, claimed: str) -> bool:
    """Whether `claimed` is a description (a word in lower case: "the Everton defender") or
    initials ("PM") that the document gives `found`, the name it attributes the claim to,
    beside the name: just before it ("Former prime minister Gordon Brown", "Prime Minister
    David Cameron") or after it and a comma ("Coleman, the Everton defender,"). A name ("James
    Smith") is no description, and a speaker the document does not name (`found` "parents",
    which "a survey of parents" may be) is not compared with one."""
    tokens = terms.TOKEN.findall(claimed)
    acronyms = {t for t in tokens if 2 <= len(t) <= 6 and t.isupper() and t.isalpha()}
    described = [t for t in tokens if t not in acronyms]
    if not acronyms and not any(
        t[:1].islower() and terms.is_content(terms.term(t)[0]) for t in described
    ):
        return False
    named = [t for t in terms.TOKEN.findall(found) if terms.is_name(t)]
    if not named:
        return False
    wanted = terms.content_words(" ".join(described))
    head, reach = terms.term(named[-1])[1], len(tokens) + 2
    reading = terms.read(doc.text)
    for i, stemmed in enumerate(reading.sequence):
        if stemmed != head:
            continue
        first = i
        while first > 0 and terms.is_name(reading.tokens[first - 1]):
            first -= 1
        sides = [range(max(0, first - reach), first)]
        if i in reading.phrase_ends:
            sides.append(range(i + 1, min(len(reading.tokens), i + 2 + reach)))
        for side in sides:
            if not wanted <= frozenset(reading.sequence[k] for k in side):
                continue
            # Initials of the words as written in lower case too: "the prime minister".
            words = [reading.tokens[k][:1].upper() + reading.tokens[k][1:] for k in side]
            if acronyms <= {short for short, _ in terms.initials(words)}:
                return True
    return False


def named_where_attributed(doc: Document, evidence: Sequence[Evidence], name: str) -> bool:
    """A word of the name stands where the document attributes the claim: in the source, or in
    its sentence up to the cue ("The operator, Halden Ports, said"), and not as part of another
    name ("James Smith" where the document has "John Smith" say it); or it names the claimant
    of what a denial denies ("The company denied claims by the union that ...")."""
    wanted = terms.content_words(name) or terms.all_stems(name)
    if (accuser := claimant(evidence)) is not None and wanted & terms.all_stems(accuser):
        return True  # "denied claims by the union that ...": the union claims it
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
    tokens = terms.read(lead)
    return any(short in acronyms for short, _ in terms.initials(tokens.tokens, tokens.phrase_ends))


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
    if speaker_matches(doc, evidence, speaker.source, source):
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


MIN_REPORTED_SHARE = 0.5
"""Share of the claim's words, the speaker's aside, that must come from what the speaker reported
for the claim to be a restatement of it."""

_OPENERS = frozenset({"that", "the", "a", "an"})


def check_speaker_not_subject(doc: Document, frame: Frame | None, claim_text: str) -> Check | None:
    """A claim that makes the speaker do what they report of someone else: "John Reed fled in a
    blue van" from "Police chief John Reed said the suspect fled in a blue van". Every word is in
    the document, and the claim is false. Asked when the claim names no speaker of its own and
    rests on a frame whose content opens with its own subject, not a pronoun (whom "he said he"
    means is left open): the claim has the speaker's name, not that subject, and the rest of its
    words from the content. None when it does not apply."""
    if frame is None or frame.kind == "pronoun" or not frame.source_text:
        return None
    if frame.source_text.lower() in PRONOUNS or _reports(claim_text):
        return None
    content = frame.content[0].quote(doc.text)
    subject = _subject(content)
    claim = terms.all_stems(claim_text)
    speaker = terms.content_words(_head(frame.source_text)) | terms.content_words(
        _head(frame.source or "")
    )
    if not subject or subject & claim or not claim & speaker:
        return None
    said = terms.content_words(claim_text) - speaker
    if coverage(said, terms.content_words(frame.content_text(doc.text))) < MIN_REPORTED_SHARE:
        return None
    return Check(
        name="speaker_not_subject",
        passed=False,
        reason=f"the claim makes '{frame.source_text}', who reported it, the one it is about; "
        f"the document has them say it of '{_phrase(content)}'",
    )


def _reports(claim_text: str) -> bool:
    """Whether the claim has a word for saying ("said", "according to"), however it is cased."""
    words = terms.TOKEN.findall(claim_text.lower())
    return "according" in words or any(cue_stance(w) for w in words)


def _subject(content: str) -> frozenset[str]:
    """The stems of the name or noun that opens what a speaker reported (its first content word
    and the capitalised words after it: "Kristina Karo"); none when it opens with a pronoun or
    with a word that is no article."""
    tokens = terms.read(content)
    subject: list[str] = []
    for word, stem, flag in zip(tokens.tokens, tokens.sequence, tokens.content_flags, strict=True):
        if subject:
            if not word[:1].isupper():
                break
            subject.append(stem)
        elif word.lower() in PRONOUNS:
            return frozenset()
        elif flag:
            subject.append(stem)
        elif word.lower() not in _OPENERS:
            return frozenset()
    before_comma = content.split(",", 1)
    if len(before_comma) > 1 and terms.content_words(before_comma[0]) <= frozenset(subject):
        return frozenset()  # "Kristina, you can ..." is spoken to her; an aside may follow
    return frozenset(subject)


_OF = re.compile(r"\s+(?:of|for|at|from|with|in|on|to)\s+", re.IGNORECASE)


def _head(source: str) -> str:
    """The speaker without what qualifies it: "An expert" of "An expert on the subject of X"."""
    return _OF.split(source, maxsplit=1)[0]


def _phrase(content: str) -> str:
    """The opening words of the content, up to its first content word."""
    tokens = terms.read(content)
    words = []
    for word, flag in zip(tokens.tokens, tokens.content_flags, strict=True):
        words.append(word)
        if flag:
            break
    return " ".join(words)
