"""Caption files (WebVTT, SubRip): a video's or a meeting's words between timing lines.

A Teams or YouTube transcript pasted as it downloads is a caption file:

    WEBVTT

    00:00:01.000 --> 00:00:05.500
    <v Priya Shah>The migration to the new billing system finished last night.</v>

    2
    00:00:06,000 --> 00:00:09,000
    Twelve invoices failed out of about forty
    thousand.

The header, the cue numbers and the timing lines say when, not what: they are no statements. A
`<v Name>` tag says who speaks the cue, as "Name:" opens a transcript's line. A cue's text wraps
at a width, not at a sentence's end, so a line that ends no sentence goes on in the next.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from service.document import Document
from service.verify.attribution import Span

_TIME = r"(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}"
TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}[^\n]*$", re.MULTILINE)
"""A cue's timing line: "00:00:01.000 --> 00:00:05.500", SubRip's "00:00:01,000 --> ..."."""
MIN_CUES = 2
"""Timing lines that make a text a caption file."""

_HEADER = re.compile(r"^[ \t]*(?:WEBVTT\b[^\n]*|NOTE\b[^\n]*|\d{1,6})[ \t]*$", re.MULTILINE)
"""The file's "WEBVTT" line, a "NOTE" line, a cue's number."""
_VOICE = re.compile(r"<v(?:\.[\w.-]+)*[ \t]+(?P<speaker>[^<>\n]{1,48})>")
"""WebVTT's voice tag: "<v Priya Shah>", "<v.loud Tom Reid>"."""
_TAG = re.compile(r"</?[a-z][\w.]*(?:[ \t][^<>\n]*)?>|&nbsp;")
_CLOSING_TAG = re.compile(r"</?[a-z][\w.]*>$")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)]*$")


@lru_cache(maxsize=8)
def is_captions(text: str) -> bool:
    """Asked by the turns, the line kinds and the statements of one document: scanned once."""
    return "-->" in text and len(TIMING.findall(text, 0, 200_000)) >= MIN_CUES


def furniture(text: str) -> list[Span]:
    """The lines of a caption file that carry no words: its header, cue numbers and timings."""
    if not is_captions(text):
        return []
    lines = [Span(m.start(), m.end()) for m in TIMING.finditer(text)]
    lines += [Span(m.start(), m.end()) for m in _HEADER.finditer(text)]
    return sorted(lines, key=lambda s: s.start)


def cue_lines(text: str) -> Iterator[Span]:
    """Each line of words under a timing line, up to the cue's blank line, without its tags
    ("<v Priya Shah>", "</v>", "<i>")."""
    for timing in TIMING.finditer(text):
        for start, end in _cue_text(text, timing.end() + 1):
            span = _untagged(text, start, end)
            if span is not None:
                yield span


def _cue_text(text: str, at: int) -> Iterator[tuple[int, int]]:
    """The lines from `at` up to the next blank line (or timing line): one cue's words."""
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if not text[at:end].strip() or TIMING.match(text, at, end):
            return
        yield at, end
        at = end + 1


def _untagged(text: str, start: int, end: int) -> Span | None:
    """The line's words without the tags at its ends."""
    while True:
        while start < end and text[start] in " \t\r":
            start += 1
        while end > start and text[end - 1] in " \t\r":
            end -= 1
        opening = _TAG.match(text, start, end)
        if opening is not None:
            start = opening.end()
            continue
        closing = _CLOSING_TAG.search(text, start, end)
        if closing is not None:
            end = closing.start()
            continue
        return Span(start, end) if end > start else None


def voices(text: str) -> list[tuple[str, Span, Span]]:
    """(speaker, where the tag names them, what they say) for each cue line a voice tag opens,
    and the cue's later lines, which go on in the same voice."""
    if not is_captions(text) or "<v" not in text:
        return []
    found = []
    for timing in TIMING.finditer(text):
        speaker = None
        for start, end in _cue_text(text, timing.end() + 1):
            if (tag := _VOICE.search(text, start, end)) is not None:
                name = tag.group("speaker").strip()
                speaker = (name, Span(tag.start("speaker"), tag.start("speaker") + len(name)))
            content = _untagged(text, start, end)
            if speaker is not None and content is not None:
                found.append((speaker[0], speaker[1], content))
    return found


def wrapped(document: Document) -> dict[int, int]:
    """Sentence number -> the number of the sentence it goes on in: a cue line that ends no
    sentence ("The migration to the new billing system") and the next cue line ("finished
    last night."), in this cue or the next."""
    if not is_captions(document.text):
        return {}
    lines: list[tuple[int, Span, int]] = []  # (first sentence, line, last sentence)
    for line in cue_lines(document.text):
        # A line may hold several sentences: it goes on from its last, in the next one's first.
        opening, closing = document.sentence_at(line.start), document.sentence_at(line.end - 1)
        if opening is not None and closing is not None:
            lines.append((opening.number, line, closing.number))
    joins: dict[int, int] = {}
    for (_, line, last), (first, _, _) in itertools.pairwise(lines):
        if not _ENDS_SENTENCE.search(document.text[line.start : line.end]):
            joins[last] = first
    return joins
