"""Whether two statements are about the same matter, by the terms they share.

Lexical on purpose: numbers, names and content words carry the matter of a news claim, and a
deterministic overlap is fast, explainable in a check's reason, and needs no model.
"""

from __future__ import annotations

from functools import lru_cache

from service.verify import terms

# Words of attribution say who speaks, not what about: leave them out of a matter's terms.
_REPORTING = frozenset(
    terms.stem(w)
    for w in """
    say says said saying tell tells told report reports reported claim claims claimed added adding
    deny denies denied denying confirm confirms confirmed statement spokesman spokeswoman
    spokesperson according monday tuesday wednesday thursday friday saturday sunday today
    yesterday week last new insist insisted reject rejected dismiss dismissed allege alleged
    """.split()
)


@lru_cache(maxsize=4096)
def key_terms(text: str) -> frozenset[str]:
    """Stemmed content words and numbers of `text`, reporting words left out."""
    return terms.content_words(text) - _REPORTING


def numbers(text: str) -> frozenset[str]:
    return terms.numbers(text)


def coverage(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of `part`'s terms found in `whole` (0 when `part` has none)."""
    if not part:
        return 0.0
    return len(part & whole) / len(part)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap relative to the shorter side: a short claim inside a long sentence scores high."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
