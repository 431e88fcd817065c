"""Key-term matching, robust to case, accents, curly quotes and thousands separators.

A term is a set of alternatives written "a|b". An alternative matches where it starts a word (so
"port" does not match "support") and, if it ends in a digit, where no digit follows (so "240" does
not match "2400"); endings are free, so "strike" matches "strikes".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
# "2,400" and "2 400" (narrow or no-break space) are the number 2400; "4.5" stays a decimal.
_THOUSANDS = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    text = _THOUSANDS.sub("", text)  # before NFKC, which turns the narrow space into a space
    text = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip()


def alternatives(term: str) -> list[str]:
    return [alt for alt in (normalize(a) for a in term.split("|")) if alt]


@lru_cache(maxsize=4096)
def _pattern(alternative: str) -> re.Pattern[str]:
    head = r"(?<!\w)" if alternative[0].isalnum() else ""
    tail = r"(?!\d)" if alternative[-1].isdigit() else ""
    return re.compile(head + re.escape(alternative) + tail)


def find_term(text: str, term: str) -> str | None:
    """The first alternative of `term` found in `text`, or None."""
    haystack = normalize(text)
    for alt in alternatives(term):
        if _pattern(alt).search(haystack):
            return alt
    return None


def contains_term(text: str | None, term: str) -> bool:
    return text is not None and find_term(text, term) is not None


def missing_terms(text: str, terms: list[str]) -> list[str]:
    """The terms of which no alternative is in `text`."""
    return [term for term in terms if find_term(text, term) is None]
