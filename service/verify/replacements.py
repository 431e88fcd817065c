"""A word put in another's place next to a word the claim and its evidence share.

"Ann asks Mike to buy ghee" against "Ann: Darling, buy some butter.": the claim keeps the
evidence's "buy" and puts "ghee" where the evidence has "butter". One new word among many passes
a wording share, and a conversation's summary is judged on a low share (its paraphrase shares
under half its words); the replaced word is the edit. What is only added ("buy unsalted butter",
the evidence's word kept after it) or said in other words around the shared one ("purchase
butter") is not a replacement.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.verify import terms
from service.verify.subjects import same_predicate

_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]\"“”]|\.(?:\s|$)|\s[-–—]\s|\n")

MAX_GAP = 2
"""Function words that may stand between the shared word and the next content word ("buy
some butter", "Jessica from HR", "submit via their website")."""


@lru_cache(maxsize=terms.PER_TEXT_CACHE)
def _clauses(text: str) -> tuple[tuple[tuple[str, str, bool], ...], ...]:
    """Each clause's tokens as (stem, spelling, content word or name: "HR" is too short to be
    a content word), punctuation dropped."""
    found = []
    for clause in _CLAUSE_BREAK.split(text):
        tokens = []
        for token in terms.TOKEN.findall(clause):
            word, stem = terms.term(token)
            meaningful = terms.is_content(word) or terms.is_name(token)
            tokens.append((stem, token, meaningful and not word[:1].isdigit()))
        if tokens:
            found.append(tuple(tokens))
    return tuple(found)


_COORDINATORS = frozenset({"and", "or", "but", "nor", "&"})
"""Words after which the next word is another item ("HR or submitting"), not the shared word's
own complement."""


def _next_content(tokens: tuple[tuple[str, str, bool], ...], start: int) -> int | None:
    """The position of the first content word from `start` on, past at most MAX_GAP others and
    no coordinator."""
    for j in range(start, min(start + MAX_GAP + 1, len(tokens))):
        if tokens[j][2]:
            return j
        if tokens[j][0] in _COORDINATORS:
            return None
    return None


@lru_cache(maxsize=terms.PER_TEXT_CACHE)
def _followers(text: str) -> dict[str, frozenset[tuple[str, str]]]:
    """Stem -> the content words (stem, spelling) that follow it in a clause of `text`."""
    found: dict[str, set[tuple[str, str]]] = {}
    for tokens in _clauses(text):
        for i, (stem, _, content) in enumerate(tokens):
            if content and (j := _next_content(tokens, i + 1)) is not None:
                found.setdefault(stem, set()).add(tokens[j][:2])
    return {k: frozenset(v) for k, v in found.items()}


_VAGUE = frozenset(terms.term(w)[1] for w in "stuff thing things something".split())
"""Words that stand for anything: a claim that names what they are ("do her university work"
for "uni stuff") replaces nothing."""


def replaced(
    claim_text: str,
    evidence_text: str,
    present: frozenset[str] = frozenset(),
    borne_out: frozenset[str] = frozenset(),
) -> tuple[tuple[str, str], ...]:
    """(claim word, the evidence's word in its place): after a content word both share, the
    claim has a word the evidence lacks where the evidence has one the claim's clause lacks.
    Names and numbers are left to their own checks; `present` words (a conversation's
    participants, its speech words) are never a replacement, nor what the evidence bears out in
    other words (`borne_out`: "the next day" for "tomorrow")."""
    evidence_stems = terms.all_stems(evidence_text)
    followers = _followers(evidence_text)
    names = terms.names(claim_text)
    found = []
    for tokens in _clauses(claim_text):
        # The evidence's word anywhere in the clause is kept, the claim's only added ("buy
        # unsalted butter"); in another clause, it is said of something else.
        clause = {stem for stem, _, _ in tokens}
        for i, (anchor, _, content) in enumerate(tokens):
            if not content or anchor not in evidence_stems or anchor in present:
                continue
            if terms.is_negation(anchor):
                continue  # "won't come" for "won't make it": what a denial denies is reworded
            j = _next_content(tokens, i + 1)
            if j is None:
                continue
            word, spelling, _ = tokens[j]
            if word in evidence_stems or word in present or word in borne_out or word in names:
                continue
            if same_predicate(word, evidence_stems):
                continue  # "Sick days dropped" for "Sick days fell": the same change
            others = sorted(
                w for s, w in followers.get(anchor, ()) if s not in clause and s not in _VAGUE
            )
            if others:
                found.append((spelling, others[0]))
    return tuple(sorted(set(found)))
