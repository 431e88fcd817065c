"""Who beat whom: a match's, a vote's or a case's outcome the claim turns round.

"Harwick Rovers beat Calder United 2-1" has every word, name and number of "Calder United moved
top with a 2-1 win over Harwick Rovers", so the wording, names and numbers checks pass; the
winner and the loser have swapped. The document says who won in a few set forms ("X beat Y",
"X's win over Y", "Y lost to X", a result line "X 2-1 Y"); a claim that says the reverse of one
of them, and which no other says, is contradicted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from service.document import Document
from service.schemas import Check
from service.verify import terms

_NAME = r"(?:[Tt]he[ \t]+)?[A-Z][\w’'.&-]*(?:[ \t]+(?:[A-Z][\w’'.&-]*|of|de|and))*"
_WON = (
    r"beat|beats|defeated|defeats|thrashed|thrash|thrashes|edged|overcame|overcome|outvoted"
    r"|knocked\s+out|eliminated|ousted|routed|crushed|trounced"
)
_FORMS = (
    # "Calder United beat Harwick Rovers", "Calder United have defeated Harwick Rovers"
    re.compile(rf"(?P<won>{_NAME})\s+(?:(?:have|has|had)\s+)?(?:{_WON})\s+(?P<lost>{_NAME})"),
    # "Calder United moved top with a 2-1 win over Harwick Rovers"
    re.compile(
        rf"(?P<won>{_NAME})(?:['’]s?)?[ \t][^.;:!?\n]{{0,80}}?\b(?:win|victory|triumph)\s+"
        rf"(?:over|against)\s+(?P<lost>{_NAME})"
    ),
    # "Harwick Rovers lost 2-1 to Calder United"
    re.compile(
        rf"(?P<lost>{_NAME})\s+(?:(?:have|has|had)\s+)?(?:lost|lose|loses)\s+(?:\d+-\d+\s+)?"
        rf"(?:to|against)\s+(?P<won>{_NAME})"
    ),
)
_RESULT = re.compile(
    rf"(?P<a>{_NAME})\s+(?P<x>\d{{1,3}})\s*[-–]\s*(?P<y>\d{{1,3}})\s+(?P<b>{_NAME})"
)
"""A result line: "Calder United 2-1 Harwick Rovers" (the first side scored the first number)."""


class Outcome(NamedTuple):
    won: frozenset[str]
    lost: frozenset[str]
    said: str


@lru_cache(maxsize=8)
def outcomes(text: str) -> tuple[Outcome, ...]:
    """Each outcome the text states, its sides as the stems of their names (a document's are
    asked again for each of its claims that states one)."""
    found = []
    for form in _FORMS:
        for match in form.finditer(text):
            found.append(Outcome(_side(match["won"]), _side(match["lost"]), match.group()))
    for match in _RESULT.finditer(text):
        x, y = int(match["x"]), int(match["y"])
        if x != y:
            won, lost = (match["a"], match["b"]) if x > y else (match["b"], match["a"])
            found.append(Outcome(_side(won), _side(lost), match.group()))
    return tuple(o for o in found if o.won and o.lost and not o.won & o.lost)


def _side(name: str) -> frozenset[str]:
    return terms.content_words(name) - {"the"}


def check_outcome(doc: Document, claim_text: str) -> Check | None:
    """A failing check when the claim has the loser of an outcome the document states win
    it (and no outcome the document states has it so); None otherwise."""
    claimed = outcomes(claim_text)
    if not claimed:
        return None
    stated = outcomes(doc.text)
    for claim in claimed:
        if any(claim.won & s.won and claim.lost & s.lost for s in stated):
            continue
        turned = next((s for s in stated if claim.won & s.lost and claim.lost & s.won), None)
        if turned is not None:
            return Check(
                name="outcome_as_in_document",
                passed=False,
                reason=f'the claim has "{claim.said}"; the document: "{turned.said}"',
            )
    return None
