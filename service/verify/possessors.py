"""Whose a thing is: "Maya Lin's trial ends in June" where the trial is Tom Adeyemi's.

Every word of such a claim is in its evidence ("Our trial ends in June", said by Tom Adeyemi on
Maya Lin's podcast), so the wording and names checks pass; the owner is another. The evidence
says whose a thing is in two forms: a name's possessive ("Tom Adeyemi's trial") and a speaker's
own "my" or "our" in a turn. A claim that gives a thing to another of the document's names is
contradicted only where the evidence does not name that owner at all, and every mention of the
thing there has an owner, none of them that name; a mention without one ("the trial"), or with
"his" or "their", may be the claim's and leaves it alone. Shares owned by a name are
`subjects`'s (`_other_owner`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.document import Document
from service.schemas import Check
from service.verify import terms
from service.verify.dialogue import speaker_at
from service.verify.lexicon import ARTICLES

_POSSESSIVE = re.compile(
    r"(?P<owner>(?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w.-]*)['’]s[ \t]+(?P<thing>[A-Za-z][\w-]*)"
)
"""A name's possessive: "Maya Lin's trial", "Brightline's Trial" (a headline's capitals)."""
_OWN = re.compile(r"\b(?:[Mm]y|[Oo]ur)[ \t]+(?P<thing>[a-z][\w-]*)")
"""A speaker's own thing: "Our trial ends in June"."""


def check_possessor(doc: Document, claim_text: str, sentences: Sequence[int]) -> Check | None:
    """A failing check when the claim gives a thing to a name that owns none of its mentions
    in the cited sentences, each of which another owns; None otherwise."""
    if "'" not in claim_text and "’" not in claim_text:
        return None  # nearly every claim: no possessive
    for match in _POSSESSIVE.finditer(claim_text):
        claimed = _name_stems(match["owner"])
        if not claimed or not claimed <= terms.all_stems(doc.text):
            continue  # only another of the document's names: "Britain's" may be its "UK's"
        if claimed & frozenset().union(*(_stems(doc, n) for n in sentences)):
            continue  # "Brightline's trial" of "Tom Adeyemi's trial at Brightline": perhaps both
        owners = _owners(doc, sentences, terms.term(match["thing"])[1])
        if owners and not any(claimed & terms.all_stems(o) for o in owners):
            thing = match["thing"].lower()
            said = " or ".join(dict.fromkeys(f"{_bare(o)}'s" for o in owners))
            return Check(
                name="possessor_as_in_evidence",
                passed=False,
                reason=f"the evidence's '{thing}' is {said}, not {match['owner']}'s",
            )
    return None


def _bare(owner: str) -> str:
    """ "UK" of "The UK"."""
    first, _, rest = owner.partition(" ")
    return rest if rest and first.lower() in ARTICLES else owner


def _stems(doc: Document, number: int) -> frozenset[str]:
    sentence = doc.sentence(number)
    return terms.all_stems(sentence.text) if sentence is not None else frozenset()


def _name_stems(owner: str) -> frozenset[str]:
    """The stems of an owner that is a name; none for "It's", "Let's" or "That's"."""
    words = [w for w in terms.TOKEN.findall(owner) if w.lower() not in ARTICLES]
    if not words or not terms.is_name(words[-1]):
        return frozenset()
    return frozenset(terms.term(w)[1] for w in words)


def _owners(doc: Document, sentences: Sequence[int], thing: str) -> list[str]:
    """Who owns each mention of `thing` in the sentences; empty when any mention has no owner
    the text names (a "the trial", a "his trial", an "our trial" outside a turn)."""
    owners: list[str] = []
    for number in sentences:
        sentence = doc.sentence(number)
        if sentence is None:
            continue
        text = sentence.text
        mentions = sum(terms.term(t)[1] == thing for t in terms.TOKEN.findall(text))
        if not mentions:
            continue
        owned = [m["owner"] for m in _POSSESSIVE.finditer(text) if _is(m["thing"], thing)]
        for m in _OWN.finditer(text):
            if _is(m["thing"], thing):
                speaker = speaker_at(doc, sentence.start + m.start())
                if speaker is None:
                    return []
                owned.append(speaker)
        if len(owned) < mentions:
            return []
        owners.extend(owned)
    return owners


def _is(word: str, thing: str) -> bool:
    return terms.term(word)[1] == thing
