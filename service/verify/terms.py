"""Words that carry a claim: numbers, names and content words, compared as crude stems.

Rebuilt after an accidental overwrite; the API is what `claims.py` uses: `numbers`, `names`,
`content_words` and `all_stems`, all returning sets in the same stemmed form so they compare.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_](?:[\w’'-]*\w)?")
_POSSESSIVE = re.compile(r"[’']s$")

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}  # fmt: skip

STOPWORDS = frozenset(
    """
    a an the this that these those it its they them their there here he him his she her we us our
    i me my you your who whom whose which what when where why how and or but nor so yet if then
    than as at by for from in into of off on onto out over to up upon with within without about
    above after against along among around before behind below beside between beyond during
    except near since through under until via is are was were be been being am has have had do
    does did will would shall should can could may might must not no also just only even still
    very more most much many some any all each both either neither other such own same too again
    once further while because although though whether per
    """.split()
)


def _normalise(token: str) -> str:
    word = _POSSESSIVE.sub("", token.lower())
    if word[:1].isdigit():
        return word.replace(",", "").rstrip(".")
    return _NUMBER_WORDS.get(word, word)


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match killed/killing/kills, not a linguistic analysis."""
    if word[:1].isdigit():
        return word
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@lru_cache(maxsize=4096)
def all_stems(text: str) -> frozenset[str]:
    return frozenset(stem(_normalise(t)) for t in _TOKEN.findall(text))


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """Stems of the words that are not function words (numbers included)."""
    found = set()
    for token in _TOKEN.findall(text):
        word = _normalise(token)
        if word in STOPWORDS or (len(word) < 3 and not word[:1].isdigit()):
            continue
        found.add(stem(word))
    return frozenset(found)


def numbers(text: str) -> frozenset[str]:
    return frozenset(w for t in _TOKEN.findall(text) if (w := _normalise(t))[:1].isdigit())


def names(text: str) -> frozenset[str]:
    """Stems of capitalised words, the text's first word only when it is not a plain word."""
    found = set()
    for i, match in enumerate(_TOKEN.finditer(text)):
        token = match.group()
        if not token[:1].isupper() or token.lower() in STOPWORDS:
            continue
        if i == 0 and not any(c.isupper() for c in token[1:]):
            continue
        found.add(stem(_normalise(token)))
    return frozenset(found)
