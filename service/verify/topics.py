"""Whether two statements are about the same topic (matter), by the terms they share.

Lexical on purpose: numbers, names and content words carry the matter of a news claim, and a
deterministic overlap is fast, explainable in a check's reason, and needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from service.memo import text_memo
from service.verify import terms
from service.verify.lexicon import NOT_TOPICS

_REPORTING = frozenset(terms.stem(w) for w in NOT_TOPICS)


@lru_cache(maxsize=terms.PER_TEXT_CACHE)
def key_terms(text: str) -> frozenset[str]:
    """Stemmed content words and numbers of `text`, reporting words left out."""
    return terms.content_words(text) - _REPORTING


def coverage(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of `part`'s terms found in `whole` (0 when `part` has none)."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


SAYS_THE_SAME = 0.6
"""`similarity` at which one text says what another says (a repeat, not a new point)."""


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap relative to the shorter side: a short claim inside a long sentence scores high."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_][\w’'-]*")
"""Words and numbers for the three-word windows of `quantities`. Not `terms.TOKEN`: that one keeps
"U.S." as one token where this splits it in two, so a window would move by a word and which counts
conflict (disputes) could change."""


Count = tuple[frozenset[str], frozenset[str], frozenset[str]]
"""(the number, what it counts, the key terms around it)."""


@text_memo()
def quantities(text: str) -> tuple[Count, ...]:
    """Each number with what it counts (the first content word after it) and the key terms
    within three words either side: '50 soldiers were killed' gives
    ({'50'}, {'soldier'}, {'soldier', 'kill'})."""
    tokens = _TOKEN.findall(text)
    found = []
    for i, token in enumerate(tokens):
        number = terms.numbers(token)
        if not number:
            continue
        counted: frozenset[str] = frozenset()
        for follower in tokens[i + 1 : i + 3]:
            if terms.numbers(follower) or (counted := key_terms(follower)):
                break
        around = [t for t in tokens[max(0, i - 3) : i + 4] if not terms.numbers(t)]
        context = frozenset().union(*(key_terms(t) for t in around)) if around else frozenset()
        found.append((number, counted, context))
    return tuple(found)


def count_conflict(a: Sequence[Count], b: Sequence[Count]) -> bool:
    """Do two statements give different numbers for the same thing? Not when the other
    statement also gives this number somewhere: then they agree and count other things too."""
    all_a = frozenset().union(*(n for n, _, _ in a)) if a else frozenset()
    all_b = frozenset().union(*(n for n, _, _ in b)) if b else frozenset()
    return any(
        counted_a & counted_b
        and len(ctx_a & ctx_b) >= 2
        and not num_a & all_b
        and not num_b & all_a
        for num_a, counted_a, ctx_a in a
        for num_b, counted_b, ctx_b in b
    )
