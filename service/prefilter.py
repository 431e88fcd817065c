"""A regex searched only where it could match: first a test for literals every match holds.

Python's `re` has no literal pre-scan for a case-insensitive alternation of many words: it tries
every branch at every character, tens of microseconds per sentence, and the reading runs such
patterns over every sentence of a document. Most sentences hold none of the words, and a
substring test (`in`, in C) says so in a fraction of the time. A `Prefiltered` pattern answers
exactly as the pattern does: the literals are ones every match must contain, and for a
case-insensitive pattern the test is made only on ASCII text (where lower-casing and `re`'s case
folding agree; Unicode folds more, e.g. the Kelvin sign to "k"), else the pattern runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Prefiltered:
    pattern: re.Pattern[str]
    anywhere: tuple[str, ...] = ()
    """Literals (lower case for a case-insensitive pattern) a match may hold anywhere."""
    starts: tuple[str, ...] = ()
    """Literals a match anchored at the text's start (after whitespace) begins with."""
    ends: tuple[str, ...] = ()
    """Literals a match anchored at the text's end (before whitespace) ends with."""

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match `text`."""
        folds = bool(self.pattern.flags & re.IGNORECASE)
        if folds and not text.isascii():
            return True
        seen = text.lower() if folds else text
        return (
            any(literal in seen for literal in self.anywhere)
            or seen.lstrip().startswith(self.starts)
            or seen.rstrip().endswith(self.ends)
        )

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None


def finditer_from(
    pattern: re.Pattern[str], first: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, tried only where `first` matches: a pattern that opens with a
    lookbehind ("(?<![\\w’'-])Mr ...") gets no pre-scan from `re`, which tries it at every
    character. `first` must match where every match of `pattern` begins, and no two of its
    matches may overlap where a match of `pattern` could begin (one character, or words none
    of which begins inside another); `pattern` must match no empty string. `pattern.match` at
    a position sees the text before it, as finditer does, for its lookbehinds."""
    end = 0
    for start in first.finditer(text):
        if start.start() < end:
            continue  # inside the last match, as finditer would skip it
        if (match := pattern.match(text, start.start())) is not None:
            yield match
            end = match.end()
