"""Memos of pure functions of one short string (a line, a sentence), bounded twice.

A document repeats itself (a boilerplate footer, a wire story quoted again), and so does the
traffic of a service: the same paragraph reaches it inside many documents. Work that depends
only on a line's or a sentence's own text is done once per text: a `TextMemo` keeps at most
`maxsize` results, and only for texts of at most `max_chars` characters, so that it never holds
more than about `maxsize * max_chars` characters however long the documents are. A longer text
is computed afresh every time. The results must be immutable (tuples, frozensets), as every
caller shares them. `service.caches.clear_all` clears these like any functools cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _CacheInfo, lru_cache, update_wrapper
from typing import Generic, TypeVar

R = TypeVar("R")

LINE_CHARS = 2_000
"""The longest line or sentence a memo keeps (a paragraph of news is 300-800 characters)."""

ENTRIES = 8_192
"""Entries of each memo: the sentences of a long document and then some."""


class TextMemo(Generic[R]):
    """`fn(text)` remembered for texts of at most `max_chars` characters."""

    def __init__(
        self, fn: Callable[[str], R], *, maxsize: int = ENTRIES, max_chars: int = LINE_CHARS
    ) -> None:
        self._fn = fn
        self._cached = lru_cache(maxsize=maxsize)(fn)
        self.max_chars = max_chars
        update_wrapper(self, fn)

    def __call__(self, text: str) -> R:
        if len(text) > self.max_chars:
            return self._fn(text)
        return self._cached(text)

    def cache_clear(self) -> None:
        self._cached.cache_clear()

    def cache_info(self) -> _CacheInfo:
        return self._cached.cache_info()


def text_memo(
    *, maxsize: int = ENTRIES, max_chars: int = LINE_CHARS
) -> Callable[[Callable[[str], R]], TextMemo[R]]:
    """The decorator form of `TextMemo`."""

    def wrap(fn: Callable[[str], R]) -> TextMemo[R]:
        return TextMemo(fn, maxsize=maxsize, max_chars=max_chars)

    return wrap
