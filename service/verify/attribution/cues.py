"""Reporting words ("said", "denied", "according to") found once per document, and their stance."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from service.memo import text_memo
from service.schemas import Stance
from service.verify.lexicon import (
    ACCORDING_TO,
    OBJECT_CUES,
    POINTED_OUT,
    POLL_CHOICES,
    PROVIDING_VERBS,
    QUOTING_VERBS,
    STANCE,
    THAT_CUES,
)


class CueMatch(NamedTuple):
    start: int
    end: int
    word: str  # lower-cased


_LETTERS = re.compile(r"[^\W\d_]+(?:[ \t]+(?:to|out|Angaben|for|on|about|of)(?![\w’'-]))?")


_LINE = re.compile(r"[^\r\n]+")
_ELIDED_DE = re.compile(r"(?<![\w’'-])[dD][’']$")
"""French "d'" before a word ("D'après"), at the end of the text searched."""

_HEADLINE_CUES = frozenset("Says Say Tells Warns Claims Denies Insists Admits Confirms".split())
"""Reporting verbs as a headline capitalises them ("Lindsey Graham Says Trump Could ..."); none
of them is a name ("Said" is)."""


@lru_cache(maxsize=8)
def cue_index(text: str) -> tuple[list[int], list[CueMatch]]:
    """Every reporting word of a document, found once: nested searches slice this list. No
    match crosses a line break, so each line is searched once, wherever it stands."""
    found = []
    for line in _LINE.finditer(text):
        at = line.start()
        found += [CueMatch(at + c.start, at + c.end, c.word) for c in _line_cues(line.group())]
    return [c.start for c in found], found


@text_memo()
def _line_cues(text: str) -> tuple[CueMatch, ...]:
    found = []
    for match in _LETTERS.finditer(text):
        word = match.group()
        if " " in word or "\t" in word:
            two = " ".join(word.split()).lower()
            if two in ACCORDING_TO or two in POINTED_OUT or two in OBJECT_CUES:
                cue = "according to" if two in ACCORDING_TO else two
                found.append(CueMatch(match.start(), match.end(), cue))
                continue
            word = word.split()[0]
        if word.lower() in ACCORDING_TO:
            found.append(CueMatch(match.start(), match.start() + len(word), "according to"))
        elif word.lower() == "après" and _ELIDED_DE.search(text, 0, match.start()):
            # French "D'après le syndicat, ...": "according to"
            found.append(CueMatch(match.start() - 2, match.end(), "according to"))
        elif (
            word in STANCE
            or word in OBJECT_CUES
            or word in THAT_CUES
            or word in POLL_CHOICES
            or word in QUOTING_VERBS
            or word in PROVIDING_VERBS
        ):  # "Said" is a name
            found.append(CueMatch(match.start(), match.start() + len(word), word))
        elif word in _HEADLINE_CUES:
            found.append(CueMatch(match.start(), match.start() + len(word), word.lower()))
    return tuple(found)


def cues_in(text: str, start: int, end: int) -> list[CueMatch]:
    starts, cues = cue_index(text)
    return cues[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def cue_stance(cue: str) -> Stance | None:
    """The stance a reporting word takes ('denied' -> denies), or None if it is not one."""
    word = cue.strip(" :,").lower()
    if word == "according to":
        return "asserts"
    return STANCE.get(word.split()[-1]) if word else None
