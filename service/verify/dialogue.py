"""What a conversation's summary may say without quoting it: who took part, and how they spoke.

A summary of a chat reads "Ann asks Mike to buy butter and Mike agrees" where the turns say
"Ann: Darling, buy some butter." and "Mike: Ok.": the participants' names are in the transcript,
not in the turn, and "asks" and "agrees" describe the turns instead of repeating them. Both count
as present for such a document (see `support.assess(present=...)`); what was said still has to be
in the turns.
"""

from __future__ import annotations

from functools import lru_cache

from service.document import Document
from service.verify import terms
from service.verify.lexicon import CONVERSATION_WORDS
from service.verify.turns import Turn, speaker_turns

SPEECH_ACTS = frozenset(terms.term(w)[1] for w in CONVERSATION_WORDS)
"""The stems of the lexicon's conversation words: a chat's claim needs no sentence for them."""


@lru_cache(maxsize=256)
def _turns_of(text: str) -> tuple[Turn, ...]:
    return tuple(speaker_turns(Document(text=text, sentences=())))


def turns(doc: Document) -> tuple[Turn, ...]:
    """The document's speaker turns (none unless it reads as a transcript), made once per text."""
    return _turns_of(doc.text)


@lru_cache(maxsize=256)
def _present(text: str) -> frozenset[str]:
    found = _turns_of(text)
    if not found:
        return frozenset()
    names = {s for t in found for s in terms.all_stems(t.speaker)}
    return frozenset(names) | SPEECH_ACTS


def present_terms(doc: Document) -> frozenset[str]:
    """Stems a claim about this document may use without its evidence holding them: the
    participants' names and the words for speaking, when the document is a transcript."""
    return _present(doc.text)


def speaker_at(doc: Document, position: int) -> str | None:
    """Who speaks the turn that holds this character offset, if the document has turns."""
    for turn in turns(doc):
        if turn.speaker_span.start <= position < turn.content.end:
            return turn.speaker
    return None
