"""Who a drafted claim is from, checked against the document's reporting structure and repaired.

A small model labels sources badly: it names the subject of a sentence as its source, drops the
"activists said" that a number hangs on, or names the person quoted inside someone else's
statement. The frames from `attribution.analyze` are the document's own answer; where they are
certain they win, and the check's reason says what was repaired and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from service.document import Document, Sentence
from service.schemas import Check, ClaimStatus, Evidence, Stance
from service.verify.attribution import Frame, Span, cue_stance
from service.verify.attribution.frame import touches
from service.verify.lexicon import NAME_NOISE, POINTING_WORDS, PRONOUNS
from service.verify.topics import coverage, key_terms

MIN_CONTENT_MATCH = 0.3
"""Share of a claim's key terms a frame's content must hold for the claim to be that frame's."""

RESTATES = 0.6
"""Share of a caption's or headline's key terms a body frame must hold to count as restated."""

_NOT_A_NAME = re.compile(r"[^\w\s’'-]")


@dataclass(frozen=True)
class SourceCheck:
    """What the document says about who made a claim, and the checks that compared the draft."""

    source: str | None
    cue: str | None
    status: ClaimStatus
    """`asserted` or `attributed`; `disputes.find_disputes` may later make it `disputed`."""
    stance: Stance
    evidence: list[Evidence]
    """Attribution spans (role="attribution"): the source and cue, and the name a pronoun
    stands for; plus the body sentence a caption restates (role="content")."""
    checks: list[Check]
    frame: Frame | None = None
    repaired: bool = False


def check_claim_source(
    document: Document,
    frames: Sequence[Frame],
    *,
    claim_text: str,
    draft_source: str | None,
    draft_cue: str | None,
    sentences: Sequence[int],
) -> SourceCheck:
    """Resolve a drafted claim's source and cue against the frames of its cited sentences."""
    draft_source = (draft_source or "").strip() or None
    cited = [s for n in sorted(set(sentences)) if (s := document.sentence(n))]
    frame = frame_for_claim(frames, claim_text, [Span(s.start, s.end) for s in cited])
    if frame is not None:
        return _attributed(document, frame, draft_source, draft_cue, cited)
    restated = _restated_frame(document, frames, claim_text, cited)
    if restated is not None:
        return _attributed(document, restated, draft_source, draft_cue, cited, restates=True)
    return _own_voice(document, frames, claim_text, draft_source, cited)


def frame_for_claim(
    frames: Sequence[Frame], claim_text: str, spans: Sequence[Span]
) -> Frame | None:
    """The frame whose content the claim restates, among frames touching the cited spans; None
    when the claim is about the part of its sentences the document states in its own voice."""
    claim_terms = key_terms(claim_text)
    best: tuple[float, int, Frame] | None = None
    for frame in frames:
        if not touches(frame.content, spans):
            continue
        # "The army denied the report": the claim names the speaker, and the content is short.
        speaker = key_terms(frame.source or "") | key_terms(frame.source_text or "")
        wanted = claim_terms - speaker
        names_speaker = bool(claim_terms & speaker)
        score = coverage(wanted, key_terms(frame.content_quote)) if wanted else 0.0
        if names_speaker and (not wanted or len(key_terms(frame.content_quote)) <= 3):
            score = max(score, MIN_CONTENT_MATCH + 0.1)
        if score >= MIN_CONTENT_MATCH and (best is None or score > best[0]):
            best = (score, -frame.start, frame)
    return best[2] if best else None


_CLAIMED_BY = re.compile(
    r"^(?:the\s+)?(?:claims?|allegations?|accusations?|reports?|suggestions?|assertions?)\s+"
    r"(?:by|from)\s+(?P<who>[^,;]{2,60}?)\s+that\s+(?P<what>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def claimed_by(content: str) -> re.Match[str] | None:
    """Who made the claim a denial denies, and what it is: "claims by the union that it planned
    ..." (the content of "The company denied claims by the union that ...") gives `who` "the
    union" and `what` "it planned ..."; None when the content names no claimant."""
    return _CLAIMED_BY.match(content)


def claimant(evidence: Sequence[Evidence]) -> str | None:
    """The claimant named in what a denial's evidence says was denied: the content span, or
    the rest of its sentence after the attribution ("The company denied | claims by the union
    that ..."). None when it names none."""
    said = [e.quote for e in evidence if e.role == "attribution"]
    for span in evidence:
        if span.role != "content":
            continue
        content = span.quote
        for attribution in said:
            if (at := content.find(attribution)) >= 0:
                content = content[at + len(attribution) :].lstrip()
                break
        if (match := claimed_by(content)) is not None:
            return match["who"]
    return None


def same_source(a: str | None, b: str | None) -> bool:
    """'Syrian Observatory' is 'the Syrian Observatory for Human Rights'; 'Said' is 'Ahmed Said'."""
    if not a or not b:
        return False
    left, right = name_words(a), name_words(b)
    if not left or not right:
        return a.strip().lower() == b.strip().lower()
    return left <= right or right <= left


@lru_cache(maxsize=1024)
def name_words(name: str) -> frozenset[str]:
    words = _NOT_A_NAME.sub(" ", name.lower().replace("’s", "").replace("'s", "")).split()
    return frozenset(w for w in words if w not in NAME_NOISE and w not in ("for", "of"))


def _evidence(
    text: str, spans: Iterable[Span], role: Literal["content", "attribution"] = "attribution"
) -> list[Evidence]:
    return [
        Evidence(start=s.start, end=s.end, quote=text[s.start : s.end], role=role)
        for s in spans
        if s.end > s.start
    ]


def _where(document: Document, frame: Frame) -> str:
    anchor = frame.cue or frame.source_span
    holding = document.sentence_at(anchor.start) if anchor else None
    number = holding.number if holding else frame.sentences[0] if frame.sentences else 0
    phrase = ""
    if frame.source_span and frame.cue:
        lo = min(frame.source_span.start, frame.cue.start)
        hi = max(frame.source_span.end, frame.cue.end)
        if hi - lo <= 80:
            phrase = f': "{document.text[lo:hi]}"'
    return f"sentence {number}{phrase}"


def _attributed(
    document: Document,
    frame: Frame,
    draft_source: str | None,
    draft_cue: str | None,
    cited: Sequence[Sentence],
    *,
    restates: bool = False,
) -> SourceCheck:
    text = document.text
    source = frame.source
    where = _where(document, frame)
    evidence = _evidence(text, frame.attribution_spans())
    if restates:
        evidence += _evidence(text, frame.content, role="content")
        cited_numbers = ", ".join(str(s.number) for s in cited)
        where = f"sentence {cited_numbers} restates {where}"
    if frame.kind == "pronoun" and draft_source and _named_before(document, draft_source, frame):
        # The document says "he"; the model named him, and that name stands a few sentences back.
        source = draft_source
    inner = frame.inner
    repaired = False
    if draft_source is None:
        repaired = frame.certain
        reason = (
            f"repaired: the model stated it as the document's own; {where} attributes it to "
            f"'{source}'"
            if frame.certain
            else f"the model stated it as the document's own; {where} likely attributes it to "
            f"'{source}' (a quote with no reporting verb of its own)"
        )
        passed = True  # either way the claim is now attributed, the safe direction
    elif same_source(draft_source, source) or same_source(draft_source, frame.source_text):
        passed, reason = True, f"the document attributes it to '{source}' ({where})"
    elif inner is not None and (
        same_source(draft_source, inner.source) or same_source(draft_source, inner.source_text)
    ):
        passed = repaired = frame.certain
        reason = (
            f"repaired: the model said '{draft_source}', whom '{source}' reports; the outermost "
            f"speaker is the source ({where})"
        )
    else:
        passed = repaired = frame.certain and frame.kind != "pronoun"
        reason = (
            f"repaired: the model said '{draft_source}', the document attributes it to "
            f"'{source}' ({where})"
            if passed
            else f"the model said '{draft_source}'; the document attributes it to "
            f"'{source}' ({where}), which could not be resolved with certainty"
        )
    checks = [Check(name="source_matches_document", passed=passed, reason=reason)]
    cue = frame.cue_text or draft_cue
    if draft_cue and frame.cue_text and cue_stance(draft_cue) != frame.stance:
        checks.append(
            Check(
                name="cue_matches_document",
                passed=True,
                reason=f"repaired: the model said '{draft_cue}', the document says "
                f"'{frame.cue_text}' ({frame.stance})",
            )
        )
        repaired = True
    return SourceCheck(
        source=source if passed or not draft_source else draft_source,
        cue=cue,
        status="attributed",
        stance=frame.stance,
        evidence=evidence,
        checks=checks,
        frame=frame,
        repaired=repaired,
    )


MAX_NAME_WORDS = 8
"""A source longer than this is not a name (a small model sometimes puts a whole sentence there)."""


def _named_before(document: Document, name: str, frame: Frame) -> bool:
    if frame.source_span is None or len(name.split()) > MAX_NAME_WORDS:
        return False
    window = document.text[max(0, frame.source_span.start - 1500) : frame.source_span.start]
    words = name_words(name)
    return bool(words) and all(
        re.search(r"\b" + re.escape(w) + r"\b", window, re.IGNORECASE) for w in words
    )


def is_caption_or_headline(document: Document, sentence: Sentence) -> bool:
    """A line standing alone without a full stop, or a short one: a title, caption or dek."""
    text = document.text
    line_start = text.rfind("\n", 0, sentence.start) + 1
    line_end = text.find("\n", sentence.end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    if line != sentence.text.strip():
        return False
    caption = re.match(r"(?:photo|caption|image|pictured|above|file photo)\b", line, re.I)
    return bool(caption) or not line.endswith(".") or len(line.split()) <= 20


def _restated_frame(
    document: Document, frames: Sequence[Frame], claim_text: str, cited: Sequence[Sentence]
) -> Frame | None:
    """A caption or headline that restates a body sentence carries that sentence's attribution."""
    best: tuple[float, Frame] | None = None
    wanted = key_terms(claim_text)
    for sentence in cited:
        if not is_caption_or_headline(document, sentence):
            continue
        wanted_here = wanted & key_terms(sentence.text)
        for frame in frames:
            if sentence.number in frame.sentences:
                continue
            body = key_terms(frame.content_quote)
            score = coverage(wanted_here, body)
            enough = len(wanted_here & body) >= 2
            if enough and score >= RESTATES and (best is None or score > best[0]):
                best = (score, frame)
    return best[1] if best else None


def _own_voice(
    document: Document,
    frames: Sequence[Frame],
    claim_text: str,
    draft_source: str | None,
    cited: Sequence[Sentence],
) -> SourceCheck:
    numbers = ", ".join(str(s.number) for s in cited) or "?"
    if draft_source is None:
        check = Check(
            name="source_matches_document",
            passed=True,
            reason=f"stated in the document's own voice (sentence {numbers} attributes it "
            "to no one)",
        )
        return SourceCheck(None, None, "asserted", "asserts", [], [check])
    elsewhere = [
        f
        for f in frames
        if (same_source(draft_source, f.source) or same_source(draft_source, f.source_text))
        and coverage(key_terms(claim_text), key_terms(f.content_quote)) >= 0.5
    ]
    if elsewhere:
        frame = elsewhere[0]
        check = Check(
            name="source_matches_document",
            passed=True,
            reason=f"the document attributes it to '{frame.source}' in {_where(document, frame)}, "
            f"not in the cited sentence {numbers}",
        )
        return SourceCheck(
            frame.source,
            frame.cue_text,
            "attributed",
            frame.stance,
            _evidence(document.text, frame.attribution_spans()),
            [check],
            frame=frame,
        )
    reporting = any(
        cue_stance(word) for s in cited for word in re.findall(r"[a-z]+(?: to)?", s.text)
    )
    if not reporting:
        check = Check(
            name="source_matches_document",
            passed=True,
            reason=f"repaired: the model said '{draft_source}', but sentence {numbers} states it "
            "in the document's own voice (no reporting verb)",
        )
        return SourceCheck(None, None, "asserted", "asserts", [], [check], repaired=True)
    check = Check(
        name="source_matches_document",
        passed=False,
        reason=f"the model said '{draft_source}', but no attribution in sentence {numbers} "
        f"links '{draft_source}' to this claim",
    )
    return SourceCheck(draft_source, None, "attributed", "asserts", [], [check])


_WORDS = re.compile(r"[\w’'&.-]+|[,;:]")
_ACCORDING = re.compile(r"\baccording to\s+(?P<who>[^,.;]+)", re.IGNORECASE)
_APPOSED = re.compile(
    r"^\s*(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+(?:who|whose|the|a|an|\d+)\b"
    r"[^,;]{0,150},\s+(?P<cue>[a-z]+)\b(?:\s+that\b)?"
)
"""A speaker behind an appositive: "Julia, who also features on the cover, explained that ..."."""


def named_speaker(text: str) -> str | None:
    """Who a sentence says is speaking: "according to X", or the words of the clause
    before its first reporting verb ("The union urged ...", "..., the port authority said")."""
    found = reported(text)
    return found[0] if found else None


def reported(text: str) -> tuple[str, str] | None:
    """(who speaks, what they are said to say) in a sentence that names its speaker: "according
    to X, <what>", "X denied <what>", "<what>, X said"; None when it names no speaker."""
    if match := _ACCORDING.search(text):
        rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,.;")
        return match.group("who").strip(), rest
    if (match := _APPOSED.match(text)) and cue_stance(match.group("cue")):
        return match.group("who"), text[match.end() :].strip(" ,.;")
    words = _WORDS.findall(text)
    for index, word in enumerate(words):
        if index == 0 or not cue_stance(word):
            continue
        phrase: list[str] = []
        for before in reversed(words[max(0, index - SPEAKER_WORDS) : index]):
            if before in ",;:":
                break
            phrase.insert(0, before)
        if not phrase:
            phrase = _apposed_name(words[:index])
        who = " ".join(phrase)
        if not phrase or who.lower() in _NOT_SPEAKERS:
            continue
        after: list[str] = []
        for word_after in words[index + 1 :]:
            if word_after in ",;:":
                break
            after.append(word_after)
        before_phrase = [w for w in words[: index - len(phrase)] if w not in ",;:"]
        return who, " ".join(after or before_phrase)
    return None


def _apposed_name(words: list[str]) -> list[str]:
    """The name set off by commas just before a reporting verb: "The father of the schoolgirl,
    Mr Hussen, admitted ..." is Mr Hussen's; [] when the words before the verb are no such name."""
    if len(words) < 3 or words[-1] != ",":
        return []
    start = len(words) - 1
    while start > 0 and words[start - 1] not in ",;:":
        start -= 1
    name = words[start:-1]
    if start == 0 or not 1 <= len(name) <= 4 or not all(w[:1].isupper() for w in name):
        return []
    return name


SPEAKER_WORDS = 6
"""Words before a reporting verb that may name its speaker."""
_NOT_SPEAKERS = PRONOUNS | POINTING_WORDS
"""Words before a reporting verb that never name its speaker."""
