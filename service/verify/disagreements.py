"""Where participants of a conversation disagree: a turn that opens by disagreeing answers one.

In a transcript nobody "denies" in so many words; "Marco: I don't agree. We promised Tuesday..."
disputes what the message before it said. A turn that opens with such a cue ("I disagree", "I
don't agree", "No, ...", "That's not right") disputes the turn it answers: the last one by the
person it @mentions, else the recent turn by someone else that shares most of its terms (the
latest, when none does). Disagreements between the same two people about the same matter are one
dispute, each side's turns with their stance. Lexical and deterministic, like `disputes`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.document import Document
from service.schemas import Check, Claim, Dispute, DisputeParty, Evidence
from service.verify.sources import same_source
from service.verify.topics import key_terms
from service.verify.turns import Turn

ANSWER_WINDOW = 6
"""How many turns back a disagreeing turn may answer (chat replies interleave)."""

SAME_MATTER_TERMS = 2
"""Key terms two disagreements between the same people must share to be one dispute."""

_DISAGREES = re.compile(
    r"^\W*(?:@[\w.’'-]+(?:\s+[A-Z][\w.’'-]*)?\W+)?"  # "@Dev Patel, I disagree"
    r"(?:(?:well|sorry|hmm|honestly),?\s+)?"
    r"(?:i\s+(?:still\s+|strongly\s+|really\s+|completely\s+|totally\s+)?"
    r"(?:disagree|don[’']?t\s+agree|do\s+not\s+agree|object|am\s+against|[’']m\s+against)"
    r"|(?:no|nope|nah)\s*[,.!;:—–-]"
    r"|(?:strongly\s+)?disagree\b"
    r"|that[’']?s\s+(?:not\s+(?:true|right|correct|what)|wrong)|that\s+is\s+(?:not\s+"
    r"(?:true|right|correct)|wrong)|not\s+true\b|-1\b)",
    re.IGNORECASE,
)
_MENTION = re.compile(r"@([\w.’'-]+(?:\s+[A-Z][\w.’'-]*)?)")


@dataclass(frozen=True)
class _Pair:
    statement: int  # index into the turns: what was said
    disagreement: int  # the turn that disagrees with it


def disagreeing(document: Document, turn: Turn) -> bool:
    """Whether the turn opens by disagreeing with something said before."""
    return bool(_DISAGREES.match(turn.content.quote(document.text)))


def answered(document: Document, turns: Sequence[Turn], index: int) -> int | None:
    """The turn that turn `index` answers: the last by whom it @mentions, else the recent turn by
    someone else sharing most of its terms; a question is never what one disagrees with."""
    text = document.text
    reply = turns[index]
    said = reply.content.quote(text)
    earlier = [
        i
        for i in range(index - 1, max(-1, index - 1 - ANSWER_WINDOW), -1)
        if not same_source(turns[i].speaker, reply.speaker)
        and not turns[i].content.quote(text).rstrip().endswith("?")
    ]
    if not earlier:
        return None
    for mention in _MENTION.findall(said):
        for i in earlier:
            if same_source(turns[i].speaker, mention):
                return i
    wanted = key_terms(said)
    best = max(earlier, key=lambda i: (len(wanted & key_terms(turns[i].content.quote(text))), i))
    return best


def find_disagreements(
    document: Document, turns: Sequence[Turn], claims: Sequence[Claim], disputes: Sequence[Dispute]
) -> tuple[list[Claim], list[Dispute]]:
    """Claims marked `disputed` where a participant disagrees with them (or they disagree), and
    the disputes among participants added to `disputes`; both unchanged for other documents."""
    if not turns:
        return list(claims), list(disputes)
    pairs = [
        _Pair(said, index)
        for index, turn in enumerate(turns)
        if disagreeing(document, turn) and (said := answered(document, turns, index)) is not None
    ]
    claimed = {i: _claims_in(turn, claims) for i, turn in enumerate(turns)}
    groups = _grouped(
        document, turns, [p for p in pairs if claimed[p.statement] or claimed[p.disagreement]]
    )
    already = {p.claim_id for d in disputes for p in d.parties if p.claim_id}
    added: list[Dispute] = []
    against: dict[str, list[str]] = {}
    for group in groups:
        members = sorted({i for p in group for i in (p.statement, p.disagreement)})
        if all(c.id in already for i in members for c in claimed[i]):
            continue
        denying = {p.disagreement for p in group}
        parties = [
            DisputeParty(
                source=turns[i].speaker,
                stance="denies" if i in denying else "asserts",
                claim_id=claimed[i][0].id if claimed[i] else None,
                evidence=_evidence(document, turns[i]),
            )
            for i in members
        ]
        topic_turn = next((i for i in members if i not in denying and claimed[i]), members[0])
        topic = (
            claimed[topic_turn][0].text
            if claimed[topic_turn]
            else _quote(document, turns[topic_turn])
        )
        added.append(
            Dispute(id=f"d{len(disputes) + len(added) + 1}", topic=_short(topic), parties=parties)
        )
        for pair in group:
            answer, answered_turn = turns[pair.disagreement], turns[pair.statement]
            for claim in claimed[pair.statement]:
                against.setdefault(claim.id, []).append(
                    f"'{answer.speaker}' disagrees ({_where(document, answer)})"
                )
            for claim in claimed[pair.disagreement]:
                against.setdefault(claim.id, []).append(
                    f"disagrees with '{answered_turn.speaker}' ({_where(document, answered_turn)})"
                )
    updated = []
    for claim in claims:
        if claim.id in against:
            check = Check(name="disputed", passed=True, reason="; ".join(against[claim.id]))
            claim = claim.model_copy(
                update={"status": "disputed", "checks": [*claim.checks, check]}
            )
        updated.append(claim)
    return updated, [*disputes, *added]


def _claims_in(turn: Turn, claims: Sequence[Claim]) -> list[Claim]:
    """The claims whose content evidence lies in this turn's words."""
    span = turn.content
    return [
        c
        for c in claims
        if any(e.role == "content" and span.start <= e.start < span.end for e in c.evidence)
    ]


def _grouped(document: Document, turns: Sequence[Turn], pairs: list[_Pair]) -> list[list[_Pair]]:
    """Pairs between the same two people about the same matter, together."""
    text = document.text
    groups: list[tuple[frozenset[str], frozenset[str], list[_Pair]]] = []
    for pair in pairs:
        people = frozenset(turns[i].speaker.casefold() for i in (pair.statement, pair.disagreement))
        held = key_terms(turns[pair.statement].content.quote(text)) | key_terms(
            turns[pair.disagreement].content.quote(text)
        )
        for index, (who, terms, members) in enumerate(groups):
            if who == people and len(terms & held) >= SAME_MATTER_TERMS:
                members.append(pair)
                groups[index] = (who, terms | held, members)
                break
        else:
            groups.append((people, held, [pair]))
    return [members for _, _, members in groups]


def _evidence(document: Document, turn: Turn) -> list[Evidence]:
    text = document.text
    content, speaker = turn.content, turn.speaker_span
    return [
        Evidence(start=content.start, end=content.end, quote=content.quote(text)),
        Evidence(
            start=speaker.start, end=speaker.end, quote=speaker.quote(text), role="attribution"
        ),
    ]


def _where(document: Document, turn: Turn) -> str:
    sentence = document.sentence_at(turn.content.start, or_before=True)
    return f"sentence {sentence.number}" if sentence else "earlier"


def _quote(document: Document, turn: Turn) -> str:
    return turn.content.quote(document.text)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 140 else text[:137].rstrip() + "..."
