"""Who writes each line of an email: its sender, and whom its quoted replies quote.

"From: Rachel Moss <rachel@harwick.example>" makes the body Rachel Moss's own words, as a
transcript's "Ann:" makes its line Ann's; "On Mon, 2 Nov 2026, Jonas Berg wrote:" makes the
"> " lines under it Jonas Berg's, and a ">> " line under "> On ..., Rachel Moss wrote:" hers. A
text with no "From:" header and no such quote header has no email voices.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from service.document import Document, Sentence
from service.verify.attribution import Span

MAX_HEADER_LINES = 8
"""How far down an email's own header lines (From, To, Cc, Date, Subject) are looked for."""

HEADER = re.compile(r"(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To):\s", re.IGNORECASE)
_LINE = re.compile(r"[^\n]*")
_MARKS = re.compile(r"[ \t]*((?:>[ \t]*)*)")
_FROM = re.compile(r"From:[ \t]+(?P<value>[^\n]*?)[ \t\r]*$", re.IGNORECASE)
_ADDRESS = re.compile(r"<[^<>\n]*>|\[mailto:[^\]\n]*\]")
_ADDRESS_AFTER = r"[ \t]*(?:\(?<(?P<address>[^<>\n]*)>\)?[ \t]*)?"
_WROTE = [
    # "On Mon, 2 Nov 2026 at 09:14, Jonas Berg <jonas@harwick.example> wrote:": the name is what
    # stands after the date's last comma; "Jonas Berg wrote:" alone names it too.
    re.compile(
        r"(?:On\s[^\n]*,[ \t]*)?(?P<name>[^,\n<>]{2,60}?)" + _ADDRESS_AFTER + r"wrote:[ \t\r]*$"
    ),
    # "Am Mo., 2. Nov. 2026 um 09:14 Uhr schrieb Jonas Berg <jonas@...>:"
    re.compile(
        r"Am\s[^\n]*?\sschrieb\s+(?P<name>[^,\n<>:]{2,60}?)" + _ADDRESS_AFTER + r":[ \t\r]*$"
    ),
    # "El lun, 2 nov 2026 a las 9:14, Jonas Berg (<jonas@...>) escribió:"
    re.compile(
        r"(?:El\s[^\n]*,[ \t]*)?(?P<name>[^,\n<>():]{2,60}?)"
        + _ADDRESS_AFTER
        + r"escribió:[ \t\r]*$"
    ),
]
"""A quote header: who wrote the lines quoted under it."""
_SIGNATURE_RULE = re.compile(r"--[ \t\r]*")
"""The line before an email's signature ("-- ", the usual delimiter)."""
_FORWARD_RULE = re.compile(r"-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}", re.I)
"""'-----Original Message-----': the header lines after it open the quoted email's voice."""


@dataclass(frozen=True, slots=True)
class Voice:
    """One line of an email written by `speaker`, who is named at `speaker_span`."""

    speaker: str
    speaker_span: Span
    line: Span
    """The line's words, its quote marks left out."""
    depth: int = 0
    """How many quote marks open the line."""


@dataclass(frozen=True)
class EmailVoices:
    voices: tuple[Voice, ...]
    headers: tuple[Span, ...]
    """Lines that are no one's statement: those that name who writes ("From: ...", "On ...,
    X wrote:"), and a signature's, after its "-- " line."""

    def at(self, offset: int) -> Voice | None:
        """The voice of the line holding `offset`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.voices[index].line.end:
            return self.voices[index]
        return None

    def in_header(self, offset: int) -> bool:
        index = bisect.bisect_right(self._header_starts, offset) - 1
        return index >= 0 and offset < self.headers[index].end

    @cached_property
    def _starts(self) -> list[int]:
        return [v.line.start for v in self.voices]

    @cached_property
    def _header_starts(self) -> list[int]:
        return [h.start for h in self.headers]


def email_voices(document: Document) -> EmailVoices:
    """Every line of an email body with its writer; none for a text that is no email."""
    text = document.text
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    writers: dict[int, tuple[str, Span]] = {}  # quote depth -> who writes at that depth
    voices: list[Voice] = []
    headers: list[Span] = []
    in_header = False
    signed: set[int] = set()  # quote depths whose writer has signed off ("-- ")
    previous: tuple[Span, int] | None = None  # the line before, and its depth
    for index, (start, end) in enumerate(lines):
        marks = _MARKS.match(text, start, end)
        assert marks is not None
        depth = marks.group(1).count(">")
        at = marks.end()
        line = Span(at, end)
        if not text[at:end].strip():
            in_header = False
            previous = None
            continue
        before, previous = previous, (line, depth)
        if before is not None and (wrapped_name := _wrapped_header(text, before, line, depth)):
            # "On Mon, Nov 2, 2026 at 9:14 AM Jonas Berg <" / "jonas@harwick.example> wrote:"
            if voices and voices[-1].line.start == before[0].start:
                voices.pop()  # the header's first line, read as its writer's line
            _forget_deeper(writers, depth)
            writers[depth + 1] = (wrapped_name.quote(text), wrapped_name)
            headers += [before[0], line]
            continue
        if (sender := _sender(text, lines, index, at, end)) is not None:
            _forget_deeper(writers, depth - 1)
            signed -= {d for d in signed if d >= depth}
            writers[depth] = sender
            headers.append(line)
            in_header = True
            continue
        if in_header and HEADER.match(text, at, end):
            headers.append(line)
            continue
        in_header = False
        if (wrote := _quote_header(text, at, end)) is not None:
            name = _trailing_name(text, wrote.start("name"), wrote.end("name"))
            if not _names_someone(name.quote(text)) and wrote.group("address"):
                name = Span(wrote.start("address"), wrote.end("address"))  # "<jonas@...> wrote:"
            if _names_someone(name.quote(text)):
                _forget_deeper(writers, depth)
                signed -= {d for d in signed if d > depth}
                writers[depth + 1] = (name.quote(text), name)
                headers.append(line)
                continue
        if _FORWARD_RULE.search(text, at, end):
            headers.append(line)
            continue
        if _SIGNATURE_RULE.fullmatch(text, at, end) and depth in writers:
            signed.add(depth)
        if depth in signed:
            # "-- " / "Rachel Moss | Site Manager" / "This email is confidential ...": no
            # statement of the email, whoever wrote it.
            headers.append(line)
            continue
        if (writer := writers.get(depth)) is not None:
            speaker, span = writer
            voices.append(Voice(speaker, span, Span(*_trimmed(text, at, end)), depth))
    return EmailVoices(tuple(voices), tuple(headers))


_WROTE_TAIL = re.compile(r"(?:<?(?P<address>[^\s<>]+@[^\s<>]+)>[ \t]+)?wrote:[ \t\r]*")
_ON = re.compile(r"On\s")


def _wrapped_header(text: str, before: tuple[Span, int], line: Span, depth: int) -> Span | None:
    """Who a quote header names when the mail program wrapped it ("On ..., Jonas Berg <" /
    "jonas@harwick.example> wrote:"): the name on its first line, else its address."""
    first, first_depth = before
    tail = _WROTE_TAIL.fullmatch(text, line.start, line.end)
    if tail is None or first_depth != depth or not _ON.match(text, first.start, first.end):
        return None
    bracket = text.find("<", first.start, first.end)
    name = _trailing_name(text, first.start, first.end if bracket < 0 else bracket)
    if not _names_someone(name.quote(text)) and tail.group("address"):
        name = Span(tail.start("address"), tail.end("address"))
    return name if _names_someone(name.quote(text)) else None


def _quote_header(text: str, start: int, end: int) -> re.Match[str] | None:
    if not text[start:end].rstrip().endswith(":"):
        return None  # most lines: one look spares three searches of a scraped article's line
    for pattern in _WROTE:
        if (found := pattern.fullmatch(text, start, end)) is not None:
            return found
    return None


_WORD = re.compile(r"\S+")
_CLOCK_WORDS = frozenset("AM PM A.M. P.M. GMT UTC BST CET CEST EST EDT PST PDT".split())


def _trailing_name(text: str, start: int, end: int) -> Span:
    """The name that ends a quote header's lead: "On Mon, Nov 2, 2026 at 9:14 AM Jonas Berg
    <...> wrote:" has no comma before it, and its date and time are no part of it."""
    words = list(_WORD.finditer(text, start, end))
    first = len(words)
    while first > 0 and _name_word(words[first - 1].group()):
        first -= 1
    if first == len(words):
        return Span(*_trimmed(text, start, end))
    return Span(words[first].start(), words[-1].end())


def _name_word(word: str) -> bool:
    if word.upper() in _CLOCK_WORDS or any(c.isdigit() for c in word):
        return False
    return word[:1].isupper() or word in _PARTICLES or "@" in word


_PARTICLES = frozenset("van von der den de da di du la le del bin al".split())


def _names_someone(name: str) -> bool:
    """'Jonas Berg', 'jonas@harwick.example', 'Ludwig van Beethoven'; not 'Here is what she'."""
    if "@" in name:
        return " " not in name.strip()
    words = name.split()
    return bool(words) and all(w[:1].isupper() or w in _PARTICLES for w in words)


def _forget_deeper(writers: dict[int, tuple[str, Span]], depth: int) -> None:
    """A new header at `depth` starts another thread below it: who wrote deeper is unknown."""
    for deeper in [d for d in writers if d > depth]:
        del writers[deeper]


def _sender(
    text: str, lines: list[tuple[int, int]], index: int, start: int, end: int
) -> tuple[str, Span] | None:
    """The name on a "From:" line that heads an email: among the document's first lines, or
    beside other header lines further down (a reply quoting the email below it)."""
    found = _FROM.match(text, start, end)
    if found is None:
        return None
    near = [
        HEADER.match(text, *_unmarked(text, *lines[i]))
        for i in (index - 1, index + 1)
        if 0 <= i < len(lines)
    ]
    rule = index > 0 and _FORWARD_RULE.search(text, *lines[index - 1])
    if index >= MAX_HEADER_LINES and not any(near) and not rule:
        return None
    return _name(text, found.start("value"), found.end("value"))


def _unmarked(text: str, start: int, end: int) -> tuple[int, int]:
    marks = _MARKS.match(text, start, end)
    return (marks.end() if marks else start), end


def _name(text: str, start: int, end: int) -> tuple[str, Span] | None:
    """'Rachel Moss <rachel@harwick.example>' -> 'Rachel Moss'; an address alone is the name."""
    value = text[start:end]
    address = _ADDRESS.search(value)
    if address is not None and value[: address.start()].strip(' \t"'):
        end = start + address.start()
    elif address is not None:
        start, end = start + address.start() + 1, start + address.end() - 1
    lo, hi = _trimmed(text, start, end, " \t\"'")
    # "Rachel Kim, Operations Director": a memo's sender and their office; not "Kim, Rachel".
    name, comma, _ = text[lo:hi].partition(",")
    if comma and len(name.split()) >= 2:
        hi = lo + len(name.rstrip())
    return (text[lo:hi], Span(lo, hi)) if hi > lo else None


def _trimmed(text: str, start: int, end: int, chars: str = " \t\r") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


WRAP_WIDTH = 50
"""Characters: a line this long that stops without a full stop was wrapped by the mail program."""
_ENDED = re.compile(r"[.!?…][\"”’')\]]*$")
_PAUSED = re.compile(r"[:;,]$")


def wrapped(document: Document, voices: EmailVoices) -> frozenset[int]:
    """Sentences that a mail program's line wrapping cut off, which run on into the first
    sentence of the writer's next line ("> Rachel, the crane inspection clashes with the
    steel" / "> delivery on Wednesday."): the numbers of the sentences before each cut."""
    text = document.text
    found = set()
    for sentence, after in zip(document.sentences, document.sentences[1:], strict=False):
        here, there = voices.at(sentence.start), voices.at(after.start)
        if here is None or there is None or here.line == there.line:
            continue
        if (here.speaker, here.depth) != (there.speaker, there.depth):
            continue
        if sentence.end != here.line.end or text[here.line.end : there.line.start].count("\n") > 1:
            continue  # not the line's last sentence, or a blank line between: a paragraph ends
        if _runs_on(sentence, after, here.line.end - here.line.start):
            found.add(sentence.number)
    return frozenset(found)


def _runs_on(sentence: Sentence, after: Sentence, line_length: int) -> bool:
    """'... clashes with the steel' / 'delivery on Wednesday.': no stop, and the next line goes
    on in lower case or this one is as long as a wrapped line ("Thanks," / "Rachel" is not)."""
    lower = after.text[:1].islower()
    if _ENDED.search(sentence.text):
        return False
    if _PAUSED.search(sentence.text):
        return lower
    return lower or line_length >= WRAP_WIDTH
