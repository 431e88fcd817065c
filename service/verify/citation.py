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
from service.verify.chat_words import bearing_out, emoji_stems

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
        stems = [bearing_out(s | emoji_stems(t)) for s, t in zip(stems, sentences, strict=True)]
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
    if present:
        chosen += _denying_answer(claim, sentences, chosen)
    return sorted(chosen)


ANSWER_TURNS = 2
"""How many turns after a question its answer may come ("Hannah: do you have Betty's number?" /
"Amanda: Lemme check" / "Amanda: Sorry, can't find it.")."""


def _denying_answer(claim: str, sentences: Sequence[str], chosen: Sequence[int]) -> list[int]:
    """The answer that denies, when a chat's claim denies and none of its turns do: "Rick
    hasn't seen it yet" shares no word with "Rick: not yet, is it good?", which answers the
    cited "Paula: have u seen the new Star Wars?". Only an answer to a cited question: a
    denial the chat never answers with stays unmatched."""
    if not terms.read(claim).has_negation or any(
        terms.read(sentences[i]).has_negation for i in chosen
    ):
        return []
    for i in sorted(chosen):
        if not sentences[i].rstrip(" \"”’'").endswith("?"):
            continue
        for j in range(i + 1, min(i + 1 + ANSWER_TURNS, len(sentences))):
            if j not in chosen and terms.read(sentences[j]).has_negation:
                return [j]
    return []
