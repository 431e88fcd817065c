"""Where the document's sources disagree about a claim, and where two of them agree.

Parties are the summary's claims and the document's own attribution frames (a denial the model
left out of its draft still disputes the claim it denies). Two parties are about the same matter
when their key terms (numbers, names, content words) overlap enough, or when one answers the
other in the next few sentences ("The army denied the report."). Lexical and deterministic.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from service.document import Document
from service.schemas import Check, Claim, Dispute, DisputeParty, Evidence, Stance
from service.verify.attribution import Frame, Span, flatten
from service.verify.attribution.frame import touches
from service.verify.sources import claimed_by, frame_for_claim, same_source
from service.verify.topics import Count, count_conflict, key_terms, quantities, similarity

Role = Literal["content", "attribution"]

SAME_MATTER = 0.5
"""Key-term overlap (relative to the shorter side) for two statements to be about one matter."""

CORROBORATES = 0.6
"""A higher bar for agreement: two sources must report very nearly the same thing."""

ANSWER_WINDOW = 3
SHORT_DENIAL_TERMS = 3
"""A denial with at most this many key terms is read against the statement right before it."""
"""How many sentences after a statement a short denial or confirmation may answer it."""

# "the report", "this", "the claims", "these allegations": content that points back.
_POINTS_BACK = re.compile(
    r"(?:(?:the|these|those|this|that|such|its|their|his|her)\s+)?"
    r"(?:report|claim|allegation|account|accusation|statement|figure|toll|charge|"
    r"assertion|story|stories|rumou?r|version|number|this|that|it|them)s?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Party:
    claim_id: str | None
    source: str | None
    stance: Stance
    terms: frozenset[str]
    numbers: frozenset[str]
    first: int  # sentence numbers of the content
    last: int
    points_back: bool
    given_evidence: tuple[Evidence, ...]
    counts: tuple[Count, ...]
    """Its numbers, each with the terms around it (see `topics.quantities`)."""
    named: frozenset[str]
    """Key terms of the party's own name: a denial by the one accused answers the accusation."""
    names_accuser: bool = False
    """A denial whose content says who made the claim it denies."""
    spans: tuple[tuple[int, int, Role], ...] = ()
    text: str = ""
    """A frame's evidence, as spans of `text`: made Evidence only for the few frames a dispute
    shows (every frame of the document is a party)."""

    @cached_property
    def evidence(self) -> tuple[Evidence, ...]:
        if self.given_evidence or not self.spans:
            return self.given_evidence
        text = self.text
        return tuple(Evidence(start=s, end=e, quote=text[s:e], role=r) for s, e, r in self.spans)


def find_disputes(
    document: Document, frames: Sequence[Frame], claims: Sequence[Claim]
) -> tuple[list[Claim], list[Dispute]]:
    """Claims with `status` and `corroborated_by` updated, and the disputes among them."""
    parties: list[_Party] = []
    party_frames: list[Frame | None] = []
    used: set[int] = set()
    for claim in claims:
        party, frame = _claim_party(document, frames, claim)
        parties.append(party)
        party_frames.append(frame)
        if frame is not None:
            used.add(id(frame))
    for frame in flatten(frames):
        if id(frame) not in used and frame.source:
            parties.append(_frame_party(document, frame))
            party_frames.append(frame)
    accusers: list[tuple[_Party, _Party]] = []
    for index, (party, frame) in enumerate(zip(list(parties), party_frames, strict=True)):
        if frame is not None and (accuser := _accuser(document, party, frame)) is not None:
            parties[index] = replace(party, names_accuser=True)
            accusers.append((accuser, parties[index]))
    parties += [a for a, _ in accusers]

    nearest = _nearest_statements(parties)
    groups = _UnionFind(len(parties))
    opponents: dict[int, list[int]] = {}
    index_of = {id(p): i for i, p in enumerate(parties)}
    for accuser, denial in accusers:
        one, other = index_of[id(accuser)], index_of[id(denial)]
        groups.join(one, other)
        opponents.setdefault(one, []).append(other)
        opponents.setdefault(other, []).append(one)
    # Only disagreements that involve a claim of the summary: linear in the document's length.
    for i, a in enumerate(parties[: len(claims)]):
        for j, b in enumerate(parties):
            if (
                i != j
                and _may_disagree(a, b)
                and (_disagree(a, b, nearest) or _disagree(b, a, nearest))
            ):
                groups.join(i, j)
                opponents.setdefault(i, []).append(j)
                opponents.setdefault(j, []).append(i)

    disputes: list[Dispute] = []
    disputed: dict[str, list[str]] = {}
    for members in groups.sets():
        if len(members) < 2 or not any(parties[m].claim_id for m in members):
            continue
        ordered = sorted(members, key=lambda m: (parties[m].first, m))
        asserting = [parties[m] for m in ordered if parties[m].stance != "denies"]
        topic_party = next(
            (p for p in asserting if p.claim_id), asserting[0] if asserting else None
        )
        dispute = Dispute(
            id=f"d{len(disputes) + 1}",
            topic=_topic(topic_party or parties[ordered[0]], claims),
            parties=[
                DisputeParty(
                    source=parties[m].source,
                    stance=parties[m].stance,
                    claim_id=parties[m].claim_id,
                    evidence=list(parties[m].evidence),
                )
                for m in ordered
            ],
        )
        disputes.append(dispute)
        for m in members:
            if (cid := parties[m].claim_id) is not None:
                disputed[cid] = [
                    _describe(parties[o], parties[m]) for o in sorted(set(opponents.get(m, [])))
                ]

    updated = []
    for index, claim in enumerate(claims):
        backers = _corroborators(index, parties, nearest)
        checks = list(claim.checks)
        update: dict[str, object] = {}
        if claim.id in disputed:
            against = disputed[claim.id]
            update["status"] = "disputed"
            checks.append(
                Check(
                    name="disputed",
                    passed=True,
                    reason="; ".join(against) or "sources disagree",
                )
            )
        if backers:
            names = [b.source for b in backers if b.source]
            update["corroborated_by"] = sorted(set(claim.corroborated_by) | set(names))
            checks.append(
                Check(
                    name="corroborated",
                    passed=True,
                    reason="; ".join(
                        f"'{b.source}' also reports it (sentence {b.first})" for b in backers
                    ),
                )
            )
        if update:
            update["checks"] = checks
            claim = claim.model_copy(update=update)
        updated.append(claim)
    return updated, disputes


def _number(document: Document, pos: int) -> int:
    """The number of the sentence holding `pos` (or the one before it; 1 before the first)."""
    sentence = document.sentence_at(pos, or_before=True)
    return sentence.number if sentence else 1


def _stance_and_source(frame: Frame) -> tuple[Stance, str | None]:
    """A reported denial ("the army denied it, state media said") is the army's denial."""
    inner = frame.inner
    if frame.stance == "asserts" and inner is not None and inner.stance != "asserts":
        return inner.stance, inner.source
    return frame.stance, frame.source


def _claim_party(
    document: Document, frames: Sequence[Frame], claim: Claim
) -> tuple[_Party, Frame | None]:
    content = [e for e in claim.evidence if e.role == "content"]
    spans = [Span(e.start, e.end) for e in content]
    frame = frame_for_claim(frames, claim.text, spans) if claim.source else None
    if frame is not None and claim.cue and frame.cue_text != claim.cue:
        # "The army denied the claim, saying its troops held ...": the claim is the denial,
        # whose cue it carries, though the participle's content shares more of its words.
        frame = next(
            (
                f
                for f in frames
                if f.cue_text == claim.cue
                and same_source(f.source, claim.source)
                and touches(f.content, spans)
            ),
            frame,
        )
    stance: Stance = "asserts"
    source = claim.source
    terms = key_terms(claim.text)
    points_back = False
    if frame is not None:
        stance, frame_source = _stance_and_source(frame)
        if stance != frame.stance:
            source = frame_source
        terms = terms | key_terms(frame.content_quote)
        points_back = _points_back(frame)
    numbers = [_number(document, s.start) for s in spans] or [0]
    counted = quantities(claim.text + " " + (frame.content_quote if frame else ""))
    return (
        _Party(
            claim_id=claim.id,
            source=source,
            stance=stance,
            terms=terms - key_terms(source or ""),
            numbers=frozenset(t for t in terms if t[:1].isdigit()),
            first=min(numbers),
            last=max(numbers),
            points_back=points_back,
            given_evidence=tuple(claim.evidence),
            counts=counted,
            named=key_terms(source or ""),
        ),
        frame,
    )


def _frame_party(document: Document, frame: Frame) -> _Party:
    stance, source = _stance_and_source(frame)
    text = document.text
    terms = key_terms(frame.content_quote) - key_terms(source or "")
    spans = [*frame.content, *frame.attribution_spans()]
    roles: tuple[tuple[int, int, Role], ...] = tuple(
        (s.start, s.end, "content" if s in frame.content else "attribution") for s in spans
    )
    return _Party(
        claim_id=None,
        source=source,
        stance=stance,
        terms=terms,
        numbers=frozenset(t for t in terms if t[:1].isdigit()),
        first=frame.sentences[0] if frame.sentences else _number(document, frame.start),
        last=frame.sentences[-1] if frame.sentences else _number(document, frame.end),
        points_back=_points_back(frame),
        given_evidence=(),
        counts=quantities(frame.content_quote),
        named=key_terms(source or ""),
        spans=roles,
        text=text,
    )


def _accuser(document: Document, denial: _Party, frame: Frame) -> _Party | None:
    """The party a denial names as having made the claim it denies."""
    text = document.text
    if denial.stance != "denies" or len(frame.content) != 1:
        return None
    content = frame.content[0]
    if (match := claimed_by(content.quote(text))) is None:
        return None
    who = Span(content.start + match.start("who"), content.start + match.end("who"))
    what = Span(content.start + match.start("what"), content.end)
    terms = key_terms(match.group("what"))
    accuser = _Party(
        claim_id=None,
        source=match.group("who"),
        stance="asserts",
        terms=terms,
        numbers=frozenset(t for t in terms if t[:1].isdigit()),
        first=denial.first,
        last=denial.last,
        points_back=False,
        given_evidence=(
            Evidence(start=what.start, end=what.end, quote=what.quote(text), role="content"),
            Evidence(start=who.start, end=who.end, quote=who.quote(text), role="attribution"),
        ),
        counts=quantities(match.group("what")),
        named=key_terms(match.group("who")),
    )
    return accuser


ANSWER_SENTENCES = 2
"""How many sentences after a statement a denial of it may come ("Rebels said they took three
villages. The army denied the claim.")."""


def denial_of(frames: Sequence[Frame], statement: Frame) -> Frame | None:
    """The frame that denies `statement`, by another source, within ANSWER_SENTENCES after it:
    one that points back ("denied the claim", "dismissed the report") or shares two key terms
    with it ("State media denied that the market had been hit"); None when none does."""
    last = statement.sentences[-1] if statement.sentences else None
    said = key_terms(statement.content_quote)
    for frame in frames:
        if frame.stance != "denies" or frame.start < statement.end or last is None:
            continue
        if not frame.sentences or frame.sentences[0] - last > ANSWER_SENTENCES:
            continue
        if same_source(frame.source, statement.source):
            continue
        if _points_back(frame) or len(key_terms(frame.content_quote) & said) >= 2:
            return frame
    return None


def _points_back(frame: Frame) -> bool:
    content = frame.content_quote.strip(" .,")
    return len(key_terms(content)) <= 2 and bool(_POINTS_BACK.fullmatch(content))


def _different(a: _Party, b: _Party) -> bool:
    if a.source is None and b.source is None:
        return False
    return not same_source(a.source, b.source)


Nearest = dict[int, _Party]
"""For each party that points back ("denied the report"), the statement nearest before it."""


def _nearest_statements(parties: Sequence[_Party]) -> Nearest:
    statements = sorted(
        (p for p in parties if not p.points_back and p.stance != "denies"), key=lambda p: p.last
    )
    lasts = [p.last for p in statements]
    found: Nearest = {}
    for reply in parties:
        if reply.points_back:
            index = bisect.bisect_right(lasts, reply.first)
            # Another's statement: "The army denied the claim, saying its troops held ...":
            # the army's own words after its denial are not what it denies.
            while index and _same_speaker(statements[index - 1], reply):
                index -= 1
            if index:
                found[id(reply)] = statements[index - 1]
    return found


def _same_speaker(a: _Party, b: _Party) -> bool:
    return a.source is not None and b.source is not None and same_source(a.source, b.source)


def _answers(reply: _Party, statement: _Party, nearest_statements: Nearest) -> bool:
    """Does a short 'denied the report' / 'confirmed the toll' answer this statement? Only the
    nearest statement before it, within a few sentences, and what its source said there."""
    if not reply.points_back or not 0 <= reply.first - statement.last <= ANSWER_WINDOW:
        return False
    nearest = nearest_statements.get(id(reply))
    if nearest is None:
        return False
    # "X said A. X added B. Y disputed those figures.": Y answers X, all of it in the window.
    return statement.last == nearest.last or (
        statement.source is not None and same_source(statement.source, nearest.source)
    )


def _short_denial(reply: _Party, statement: _Party) -> bool:
    """'The army denied that the villages had fallen.' in the sentence after 'The Front said its
    fighters had captured the villages': a denial of few words that shares one with the
    statement just before it answers that statement."""
    return (
        0 < len(reply.terms) <= SHORT_DENIAL_TERMS
        and 0 <= reply.first - statement.last <= 1
        and bool(reply.terms & statement.terms)
    )


def _same_matter(a: _Party, b: _Party, bar: float) -> bool:
    return len(a.terms & b.terms) >= 2 and similarity(a.terms, b.terms) >= bar


def _may_disagree(a: _Party, b: _Party) -> bool:
    """Whether `_disagree` could hold either way: one party denies and the other does not, or
    neither denies and both count something. Asked first of every claim against every party
    (600 pairs in a 600-word article, 9 of 10 of them neither)."""
    if a.stance == "denies" or b.stance == "denies":
        return a.stance != b.stance
    return bool(a.counts and b.counts)


def _disagree(a: _Party, b: _Party, nearest: Nearest) -> bool:
    # The cheap tests first: this runs for every claim against every party, both ways.
    if a.stance == "denies":
        return False
    if b.stance == "denies":
        return _different(a, b) and (
            _same_matter(a, b, SAME_MATTER)
            or _answers(b, a, nearest)
            or _short_denial(b, a)
            or _accused(a, b)
        )
    return _other_count(a, b) and _different(a, b)


def _accused(statement: _Party, denial: _Party) -> bool:
    """'Anglers said the Castell plant killed the fish. Castell denied its plant was to blame.'
    Not for a denial that names its accuser ("denied claims by the union that ..."): that one
    answers the accuser, not whoever else mentions the denier nearby."""
    if denial.names_accuser:
        return False
    close = 0 <= denial.first - statement.last <= ANSWER_WINDOW
    return close and bool(denial.named) and bool(denial.named & statement.terms)


def _other_count(a: _Party, b: _Party) -> bool:
    """'Insurgents said they killed 50 soldiers'; 'the ministry said three soldiers were killed':
    the same thing counted, other numbers."""
    return (
        bool(a.counts and b.counts)
        and len(a.terms & b.terms) >= 2
        and count_conflict(a.counts, b.counts)
    )


def _corroborators(index: int, parties: Sequence[_Party], nearest: Nearest) -> list[_Party]:
    party = parties[index]
    if party.source is None or party.stance == "denies":
        return []
    found: list[_Party] = []
    for other in parties:
        if other is party or other.source is None or other.stance == "denies":
            continue
        if not _different(party, other):
            continue
        if party.numbers and other.numbers and not party.numbers & other.numbers:
            continue
        agrees = _same_matter(party, other, CORROBORATES)
        agrees = agrees or (other.stance == "confirms" and _answers(other, party, nearest))
        agrees = agrees or (party.stance == "confirms" and _answers(party, other, nearest))
        if agrees and not any(same_source(other.source, f.source) for f in found):
            found.append(other)
    return found


def _describe(party: _Party, against: _Party) -> str:
    """How an opponent stands, seen from the claim it disputes."""
    who = f"'{party.source}'" if party.source else "the document"
    if party.stance == "denies":
        return f"{who} denies it (sentence {party.first})"
    if against.stance == "denies":
        return f"{who} asserts what this claim denies (sentence {party.first})"
    return f"{who} gives other figures (sentence {party.first})"


def _topic(party: _Party, claims: Sequence[Claim]) -> str:
    """The matter in the summary's words when a claim states it, else the document's."""
    texts = {c.id: c.text for c in claims}
    content = next((e.quote for e in party.evidence if e.role == "content"), "")
    topic = " ".join((texts.get(party.claim_id or "") or content).split())
    return topic if len(topic) <= 140 else topic[:137].rstrip() + "..."


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)

    def sets(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return list(out.values())
