"""Which sentences of a document state a claim that cites none: the evidence a careful reader
would point to, for summaries written elsewhere (`summary_check.py`) and for the benchmarks.

Greedy cover by term overlap: the sentence adding the most of the claim's uncovered content
words (names and numbers count twice), then, up to `k` sentences, a further one only if it adds
at least `min_gain`. Ties go to the earlier sentence. A claim that lists more names than `k`
sentences hold ("CloudTrek Connect, Workspace and DataVault", each in its own paragraph) may
cite up to `k` more, each for a name or number no chosen sentence has.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.verify import terms
from service.verify.chat_words import bearing_out

MAX_SENTENCES = 3
MIN_GAIN = 2
TRANSCRIPT_SENTENCES, TRANSCRIPT_MIN_GAIN = 6, 1
"""A conversation's summary sentence gathers several short turns."""
MAX_NAMING_SENTENCES = 3
"""Most sentences cited past `k`, each only for a name or number the others lack."""


def cite(
    claim: str,
    sentences: Sequence[str],
    k: int = MAX_SENTENCES,
    min_gain: int = MIN_GAIN,
    *,
    present: frozenset[str] = frozenset(),
) -> list[int]:
    """Indices (0-based, in document order) of the sentences that cover the claim's words;
    `present` words (a conversation's participants) need no sentence."""
    wanted = terms.content_words(claim) - present
    heavy = terms.names(claim) | terms.numbers(claim)
    stems = [terms.all_stems(s) for s in sentences]
    if present:  # a turn's "buy" covers a summary's "purchase" (`chat_words`)
        stems = [bearing_out(s) for s in stems]
    chosen: list[int] = []
    covered: set[str] = set()
    for _ in range(k):
        best, best_gain = None, (min_gain - 1 if chosen else 0)
        uncovered = wanted - covered
        if not uncovered:
            break
        for i, sentence_stems in enumerate(stems):
            if i in chosen:
                continue
            new = uncovered & sentence_stems
            gain = len(new) + len(new & heavy)
            if gain > best_gain:
                best, best_gain = i, gain
        if best is None:
            break
        chosen.append(best)
        covered |= stems[best] & wanted
    for _ in range(MAX_NAMING_SENTENCES):
        uncovered = heavy & wanted - covered
        best = next((i for i, s in enumerate(stems) if i not in chosen and uncovered & s), None)
        if best is None:
            break
        chosen.append(best)
        covered |= stems[best] & wanted
    return sorted(chosen)
