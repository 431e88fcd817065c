"""Shortening and escaping user-visible text so that it fits a chat platform's limits exactly.

Limits count characters *after* escaping (`&` becomes `&amp;` in Slack), so text is cut before it
is escaped, never through an escape sequence, and preferably at a word boundary.
"""

from __future__ import annotations

from collections.abc import Callable

ELLIPSIS = "…"


def one_line(text: str) -> str:
    return " ".join(text.split())


def fit(text: str, limit: int, escape: Callable[[str], str] = lambda s: s) -> str:
    """`escape(text)`, shortened with an ellipsis so that its length is at most `limit`."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    keep = limit - len(ELLIPSIS)
    while keep > 0:
        cut = text[:keep]
        space = cut.rfind(" ")
        if space > keep * 0.6:  # a word boundary not too far back
            cut = cut[:space]
        candidate = escape(cut.rstrip()) + ELLIPSIS
        if len(candidate) <= limit:
            return candidate
        keep -= max(1, len(candidate) - limit)
    return ELLIPSIS[:limit]


def split_prose(text: str, limit: int, escape: Callable[[str], str] = lambda s: s) -> list[str]:
    """Escaped pieces of at most `limit` characters, cut between sentences or words, none lost."""
    pieces: list[str] = []
    rest = text.strip()
    while rest:
        if len(escape(rest)) <= limit:
            pieces.append(escape(rest))
            break
        cut = _longest_fitting_prefix(rest, limit, escape)
        pieces.append(escape(rest[:cut].rstrip()))
        rest = rest[cut:].lstrip()
    return pieces


def _longest_fitting_prefix(text: str, limit: int, escape: Callable[[str], str]) -> int:
    end = limit
    while end > 1 and len(escape(text[:end])) > limit:
        end = max(1, end - max(1, len(escape(text[:end])) - limit))
    window = text[:end]
    for boundary in (". ", "\n", " "):
        at = window.rfind(boundary)
        if at > end * 0.5:
            return at + len(boundary)
    return end
