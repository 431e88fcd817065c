"""A name the claim assembles from two of the document's names: "Barbara Kemp" where the
document has "Barbara Windsor" and "Ross Kemp". Each word is in the evidence, so the names check
passes; the person is not in the document. So too a first name the document never writes before
one of its surnames: "Maria Lopez approved the budget" where the document's is Carlos Lopez (the
names check does not weigh a claim's first word, which a sentence capitalises anyway).
"""

from __future__ import annotations

from functools import lru_cache

from service.document import Document
from service.schemas import Check
from service.verify import terms
from service.verify.casing import document_names
from service.verify.lexicon import PERSON_ROLES, TITLES
from service.verify.terms import Tokens


def _runs(tokens: Tokens, *, possessives: bool) -> list[list[int]]:
    """Runs of name words, ended by punctuation and, when `possessives`, by a possessive (the
    claim's "the UK's EU vote"; the document's "Cheltenham's Festival Trials" stays one)."""
    ends = tokens.phrase_ends
    if possessives:
        ends = ends | {i for i, t in enumerate(tokens.tokens) if t[-2:].lower() in ("'s", "’s")}
    return terms.name_runs(tokens.tokens, map(terms.is_name, tokens.tokens), ends=ends)


@lru_cache(maxsize=256)
def _document_names(text: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """The stems of the words the document writes only as names (`casing.document_names`), and
    those of each of its names of two or more words."""
    reading = terms.read(text)
    named = frozenset(terms.term(word)[1] for word in document_names(text))
    runs = _runs(reading, possessives=False)
    stems = (frozenset(reading.sequence[i] for i in run) for run in runs)
    return named, tuple(run for run in stems if len(run) >= 2)


def assembled_names(claim_text: str, document_text: str) -> tuple[str, ...]:
    """The claim's names whose last two words (a first name and a surname: "Barbara Kemp") are
    names of the document, never in one name there, and one of them in another name of two or
    more words ("Barbara Windsor", "Ross Kemp"): the document names someone else by it. Only the
    document's names count: a title before a name ("Former", "US President") is no part of the
    pair, and a first name the document writes alone ("Paul's desire") names no one else."""
    claim = terms.read(claim_text)
    if not claim.names:
        return ()
    named, together = _document_names(document_text)
    found = []
    for run in _runs(claim, possessives=True):
        words = [i for i in run if claim.sequence[i] in named]
        if len(words) < 2:
            continue
        pair = {claim.sequence[words[-2]], claim.sequence[words[-1]]}
        if len(pair) < 2 or any(pair <= name for name in together):
            continue
        if any(pair & name for name in together):
            found.append(" ".join(claim.tokens[i] for i in run))
    return tuple(found)


def unknown_first_names(claim_text: str, document_text: str) -> tuple[str, ...]:
    """The claim's names whose surname is in one of the document's names of two or more words
    and whose first name the document never writes: "Maria Lopez" where the document has only
    "Carlos Lopez". Not a title or a role before a surname ("Mayor Lopez"), nor an initial."""
    claim = terms.read(claim_text)
    if not claim.names:
        return ()
    named, together = _document_names(document_text)
    have = terms.all_stems(document_text)
    found = []
    for run in _runs(claim, possessives=True):
        if len(run) < 2:
            continue
        first, surname = run[-2], run[-1]
        if claim.sequence[surname] not in named or claim.sequence[first] in have:
            continue
        if claim.words[first] in _NOT_FIRST_NAMES or len(claim.words[first]) < 2:
            continue
        if any(claim.sequence[surname] in name for name in together):
            found.append(" ".join(claim.tokens[i] for i in run))
    return tuple(found)


_NOT_FIRST_NAMES = TITLES | PERSON_ROLES


def check_assembled_names(doc: Document, claim_text: str) -> Check | None:
    """None when the claim names no one by two or more words of the document's names, nor by a
    first name the document lacks before one of its surnames."""
    if found := assembled_names(claim_text, doc.text):
        names = ", ".join(f"'{n}'" for n in found)
        reason = f"the claim makes one name of words the document gives different names: {names}"
    elif found := unknown_first_names(claim_text, doc.text):
        names = ", ".join(f"'{n}'" for n in found)
        reason = f"the document names no one {names}; its names with that surname differ"
    else:
        return None
    return Check(name="names_as_in_document", passed=False, reason=reason)
