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

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import _CacheInfo, lru_cache, update_wrapper
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")

LINE_CHARS = 2_000
"""The longest line or sentence a memo keeps (a paragraph of news is 300-800 characters)."""

ENTRIES = 4_096
"""Entries of each memo: the sentences of ten 10,000-word documents. With `LINE_CHARS`, a memo
holds at most 8 million characters of keys, most of them the same sentence strings that the
other memos hold (in practice a few hundred kilobytes: sentences are 100-200 characters)."""


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


class KeyedMemo(Generic[K, R]):
    """Results by a key that holds all they depend on (a sentence with the text around it that
    the work may read), computed by the caller on a miss: the work itself runs on the whole
    document, whose text is no part of the key. At most `maxsize` entries, least recent out."""

    def __init__(self, maxsize: int = ENTRIES) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[K, R] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = self._misses = 0

    def find(self, key: K) -> R | None:
        """The result kept for `key`, or None: then the caller computes it and `put`s it."""
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
            return value

    def put(self, key: K, value: R) -> None:
        with self._lock:
            self._entries[key] = value
            if len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def cache_clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._hits = self._misses = 0

    def cache_info(self) -> _CacheInfo:
        with self._lock:
            return _CacheInfo(self._hits, self._misses, self.maxsize, len(self._entries))
