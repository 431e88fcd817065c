"""A document as the caller sent it, split into sentences with character offsets into that text.

Offsets are Python string indices into the original text, never into a normalised copy, so that
`text[start:end]` is always exactly what a claim's evidence quotes.
"""

from __future__ import annotations

import bisect
import ctypes
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import blingfire
import numpy as np

from service.errors import DocumentTooLong, EmptyDocument, UndecodableDocument
from service.memo import text_memo
from service.prefilter import Prefiltered

# A line break ends a sentence even without punctuation: headlines, datelines, photo captions and
# list items are their own units. Blank lines and CR/LF pairs are just separators.
_LINE = re.compile(r"[^\r\n]+")
_BLINGFIRE = blingfire.blingfire  # the loaded C library
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Sentence:
    number: int  # 1-based, as the model sees it
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    text: str
    sentences: tuple[Sentence, ...]

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def sentence(self, number: int) -> Sentence | None:
        if 1 <= number <= len(self.sentences):
            return self.sentences[number - 1]
        return None

    def sentence_at(self, offset: int, *, or_before: bool = False) -> Sentence | None:
        """The sentence holding character `offset`; None when none does (the offset lies between
        two sentences, or before the first). `or_before`: an offset between two sentences belongs
        to the one before it."""
        index = bisect.bisect_right(self._starts, offset)
        if not index:
            return None
        sentence = self.sentences[index - 1]
        return sentence if or_before or offset < sentence.end else None

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]


# An email's quoted reply marks its lines ("> Can we move it?", ">> ..."): the marks are the mail
# program's, not the writer's words, and no sentence starts before them.
_QUOTE_MARKS = re.compile(r"[ \t]*>(?:[ \t]*>)*[ \t]*")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    spans: list[tuple[int, int]] = []
    for at, end in _lines(text):
        # A wrapped paragraph's line breaks are spaces to the splitter (same length, so its
        # offsets are the text's); the sentences keep the text's own characters.
        chunk = text[at:end]
        if "\n" in chunk:
            chunk = chunk.replace("\r", " ").replace("\n", " ")
        spans += [(at + start, at + stop) for start, stop in _line_spans(chunk)]
    return tuple(
        Sentence(number=i, start=s, end=e, text=text[s:e]) for i, (s, e) in enumerate(spans, 1)
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """The text's lines as (start, end), an email's quote marks left out, and the lines of a
    paragraph that was wrapped at a fixed width (text taken from a PDF or a plain-text file:
    "Revenue grew 14% to £2.1 billion, driven by strong de-" / "mand for our cloud services.")
    read as one line."""
    lines: list[tuple[int, int]] = []
    joinable = False  # whether the last line may run on into the next
    for line in _LINE.finditer(text):
        chunk, at = line.group(), line.start()
        marks = _QUOTE_MARKS.match(chunk)
        if marks is not None:
            chunk, at = chunk[marks.end() :], at + marks.end()
        if not chunk.strip():
            continue
        if (
            joinable
            and marks is None
            and text[lines[-1][1] : at] in ("\n", "\r\n")
            and _WRAPPED_ON.match(chunk) is not None
            and (len(chunk) >= _SHORT_LINE or _ENDS.search(chunk) is not None)
        ):
            lines[-1] = (lines[-1][0], line.end())
        else:
            lines.append((at, line.end()))
        # A paragraph that opens in lower case says nothing by the case of its next line: a
        # lower-cased corpus's caption runs into the sentence under it ("... selling marijuana"
        # / "he told jurors ...").
        joinable = (
            marks is None
            and _WRAPPED_LINE.search(chunk) is not None
            and not text[lines[-1][0]].islower()
        )
    return lines


_WRAPPED_LINE = re.compile(r"^[^\t]{40,}[\w,-]$")
"""A line cut at a fixed width: long, and ending mid-sentence (a word, a comma, a hyphen). A
header ("priya — Today at 9:02 AM") or a title is shorter, or ends otherwise."""
_WRAPPED_ON = re.compile(r"[ \t]*(?:[a-z](?![\w.@-]*:\s)|\((?![a-z\d]{1,4}\)))")
"""The line after such a line, going on in lower case ("mand for our cloud services.") or in
a bracket ("(Smith et al., 2019) reported ..."); not a chat handle's turn ("matt: see you
there") nor a lettered item ("(a) approve ...")."""
_SHORT_LINE = 40
_ENDS = re.compile(r"[.!?…][\"”’')\]]*\s*$")
"""A short line after it that ends no sentence is a line of its own, a chat's header ("marco —
Today at 9:04 AM") after an unpunctuated message, not the end of a wrapped sentence."""


@text_memo()
def _line_spans(chunk: str) -> tuple[tuple[int, int], ...]:
    """The sentences of one line, as offsets into it: a line is split the same wherever it
    stands, so a line seen before (in this document or an earlier one) is not split again."""
    if _TABLE_ROW.fullmatch(chunk):
        return (_trim(chunk, 0, len(chunk)),)
    spans: list[tuple[int, int]] = []
    for start, end in _rejoined(chunk, _at_marks(chunk, _unglued(chunk, _sentence_offsets(chunk)))):
        start, end = _trim(chunk, start, end)
        if (mark := _REFERENCE_MARKS.search(chunk, start, end)) is not None:
            end = mark.start()
        if not spans and (marker := LINE_MARKER.match(chunk, start, end)):
            start = marker.end()
        if end > start:
            spans.append((start, end))
    return tuple(spans)


_TABLE_ROW = re.compile(r"[ \t]*\|[^\n]*\|[^\n|]*\|[ \t\r]*")
"""A Markdown table's row, with a pipe before, between and after its cells: one sentence, read
as a row ("| Dr Lee | Seen. Discharged. | 12 |" was two, each read raw)."""


LINE_MARKER = re.compile(
    r"(?:#{1,6}|[-*•‣▪–]|\d{1,2}:\d{2}(?=[ \t]+[A-Z])(?![ \t]+(?:UTC|GMT|[A-Z]{1,2}[SD]T|[AP]M)\b)"
    r"|\d{1,2}/\d{0,2}(?=[ \t]+[A-Z])"
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?=[ \t]+[A-Z])|\((?:[a-z]|[ivx]{1,4})\)"
    r"|(?:Background|Methods?|Results?|Conclusions?|Objectives?|Findings|Interpretation"
    r"|Introduction|Discussion|Purpose|Aims?)[ \t]*:(?=[ \t]+[A-Z]))[ \t]+(?=\S)"
)
"""A list item's or a Markdown heading's mark ("- Moved 180 repositories", "## Results", a
report's "2.1 Night bus use has fallen ..." and "(a) approve the closure ..."), a
live blog entry's time ("14:05 The Met Office says ..."), or a thread's post number ("2/ We
edited a single gene", "3/7 Caveat: ..."), or a structured abstract's "Results: ": no part of
what the line says. Not
an item's number: the splitter makes "4." a sentence of its own, no statement, and it says how
many there are ("the email lists four products": on SummEdits' email test split, taking the
numbers away turned 11 correct summaries to failures and passed 12 wrong ones). An incident
timeline's time and zone ("09:14 UTC - Error rates rose above 30%.") are what its line says:
the statement keeps them."""


def _at_marks(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` split after a reference mark that the splitter did not see as a sentence's end
    ("... Novi Dol.[citation needed] The plan was dropped.")."""
    if "]" not in chunk:
        return spans
    out = []
    for start, end in spans:
        for mark in _MARKS_THEN_SENTENCE.finditer(chunk, start, end):
            out.append((start, mark.end()))
            start = mark.end()
        out.append((start, end))
    return out


_REFERENCE_MARK = r"\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed|clarification needed)\]"
_MARKS_THEN_SENTENCE = re.compile(rf"(?<=[.!?\"'”’)])(?:{_REFERENCE_MARK})+(?=\s+[A-Z])")
_REFERENCE_MARKS = re.compile(rf"(?<=[.!?;:,\"'”’)])(?:{_REFERENCE_MARK})+$")
"""An encyclopedia's reference marks after a sentence ("a maximum depth of 61 metres.[1]",
"... the Varna Gorge.[2][3]", "[citation needed]"): pointers to its notes, no part of what the
sentence says, and a bracketed number beside the prompt's own "[2]" statement numbers."""


def _sentence_offsets(chunk: str) -> list[tuple[int, int]]:
    """Blingfire's sentence boundaries as character offsets.

    Blingfire's C core reports UTF-8 byte offsets; its Python wrapper maps them back to
    characters one byte at a time in Python, which costs more than the split itself. The same
    mapping is done here in one vectorised pass (a character starts at every byte that is not
    a UTF-8 continuation byte), or skipped for ASCII, where bytes and characters coincide.
    """
    data = chunk.encode("utf-8")
    size = len(data)
    out = ctypes.create_string_buffer(size * 2)
    starts = (ctypes.c_int32 * (size * 2))()
    ends = (ctypes.c_int32 * (size * 2))()
    count = _BLINGFIRE.TextToSentencesWithOffsets(
        ctypes.c_char_p(data),
        ctypes.c_int(size),
        ctypes.byref(out),
        ctypes.byref(starts),
        ctypes.byref(ends),
        ctypes.c_int(size * 2),
    )
    if count <= 0 or count > size * 2 or not out.value:
        return [(0, len(chunk))]  # nothing blingfire calls a sentence: keep the line whole
    n = out.value.count(b"\n") + 1
    begin = np.ctypeslib.as_array(starts)[:n].astype(np.int64)
    end = np.ctypeslib.as_array(ends)[:n].astype(np.int64) + 1  # inclusive in C
    if not chunk.isascii():
        is_char_start = (np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80
        char_index = np.concatenate(([0], np.cumsum(is_char_start)))  # chars before byte i
        begin, end = char_index[begin], char_index[np.minimum(end, size)]
    return list(zip(begin.tolist(), end.tolist(), strict=True))


# Sentences glued together without a space ("across England.Once built", "now."Sometimes"),
# as text scraped from a page often has: a full stop after a lowercase word, then a capitalised
# word. Two lowercase letters before the stop keep "Mr.Smith" or "U.S.Army" whole; a word of
# capitals alone ("in the UK.Last week") is a stop too, as a dotted one ("U.K.") is not.
_GLUED = re.compile(r"(?:[a-z][a-z][.!?]|[a-z][.!?][\"”’]|\s[A-Z]{2,4}[.!?])(?=[A-Z][a-z])")
"""The cut is a match's end. The pattern opens on a letter, not on lookbehinds, which `re` tried
at every character of every line (`_unglued` searches from three characters before a sentence:
what the cut depends on may stand before it). No two matches overlap (each ends before a
capital and holds none), so every cut is found."""


# A caption or headline scraped without its full stop runs into the sentence after it ("... could
# sell for less In a study published today, ...", "... was dumbing down With just two million
# listeners, ...", "(file image) The figures, released by ..."): a word ending in a lowercase
# letter or a digit (or its closing bracket or quote), then a capitalised word that opens
# sentences and is followed by a lowercase word. Mid-sentence such words are not capitalised;
# "told The Guardian", "in The Hague" and "on ITV's This Morning" stay whole, as the word after
# them is a name. "A" is not one ("class A drugs", "vitamin A levels"), nor "I", "Today" (BBC
# Radio 4's Today programme), "Police" (West Mercia Police last night said) or "Now".
_ALWAYS_OPENERS = "The|In|But|It|He|She|They|However|Meanwhile|According|Yesterday"
# These open a title as often as a sentence ("the film Gone With the Wind", "the song With or
# Without You", "the Last of the Mohicans"): not after a determiner or a word for a work, nor
# where a small word and a capitalised one follow, in a title's case ("After the Gold Rush").
_TITLE_OPENERS = (
    "With|And|As|After|Although|An|Despite|During|Earlier|Her|His|If|Its|Many|Since|Some|That|"
    "Their|There|These|This|Those|When|While|Last"
)
# Searched from the space (a literal the search skips to), the word before it tested in code: a
# pattern that opens with a look-behind is tried at every character.
_UNSTOPPED = re.compile(rf" (?=(?P<word>{_ALWAYS_OPENERS}|{_TITLE_OPENERS}) [a-z])")
_UNLESS_TITLE = frozenset(_TITLE_OPENERS.split("|"))
_WORD_END = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_CLOSER = frozenset(")'’\"”")
_TITLE_CASE_AFTER = re.compile(
    r"[A-Za-z]+ (?:the|a|an|of|and|or|to|in|on|for|at|by|with|from) [A-Z]"
)
_TITLE_BEFORE = re.compile(
    r"(?:^|\s)(?:the|a|an|his|their|its|our|my|your|film|movie|song|album|book|show|series|novel|"
    r"single|play|track|titled|entitled|called|named|dubbed|hit|musical|sitcom|drama|programme|"
    r"program|documentary|poem|game|tune)[)'’\"”]?$"
)

# A page's menu glued to the text after it with no space ("...Copy this linkThe campaign was",
# "Media playback is not supported on this deviceIt has also"): a lowercase letter, then one of
# the openers that scraped text runs on most, followed by a lowercase word. "LinkedIn profile"
# and "YouTube star" stay whole ("In" and "Tube" are not among them).
_RUN_ON = re.compile(
    r"(?:The|It|He|She|They|We|This|These|Those|At|After|For|His|Her|Their|But|When|While|If)"
    r"(?= [a-z])"
)
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")

# A caption that ends with a name, glued to a sentence that opens with the same name ("... the
# rapper Suge Knight Knight was ordered to ..."): after a lowercase word, a name of two words
# whose last is said again and followed by a lowercase word. Names said twice ("leader Abdullah
# Abdullah also", "in July Bidi Bidi was", "star Honey Boo Boo was") are kept: the word before
# them is not lowercase, or the name is short; so is "said Dr Abdullah Abdullah", a title.
_REPEATED_NAME = re.compile(r" ([A-Z][a-z]+) ([A-Z][a-z]{3,}) (?=\2 [a-z])")
_LOWERCASE_WORD_BEFORE = re.compile(r"(?:^|\s)[a-z]+ $")
_NAME_TITLES = frozenset(
    "Mr Mrs Ms Miss Mx Dr Sir Lord Lady Dame King Queen Prince Princess President Chief General "
    "Captain Judge Justice Professor Prof Rev Father Sister Brother Saint St Sheikh Imam".split()
)

# A photo's marker in brackets ends its caption: what follows it with a capital, without a full
# stop, is the next caption or sentence ("... on Nauru (pictured) Former Immigration Minister
# Tony Burke listens", "... by terrorist hacking (file photo) The Government Accountability
# Office released"). In the body the marker is followed by the verb ("Janner (pictured) would
# escape", "Toure (left) and Nasri"); "(pictured left to right) Erik, ..." labels a caption's
# names and is no marker here.
_PHOTO_MARKER = re.compile(  # after a word and a space, tested in code
    r"\((?:pictured|(?:file|stock) (?:photo|image|picture)|(?:picture )?posed by models?|"
    r"above|below|left|right|centre|center|inset|far left|far right)\)(?= [A-Z])"
)

# A page's "Scroll down for video", which scraped text runs into the caption or sentence after
# it ("Scroll down for video Strictly business: ..."), and the BBC's "Media playback is not
# supported on this device", "Last updated at 09:22 GMT" and "Share this withEmailFacebook...Copy
# this link", run into the text before and after them: units of their own, which the reading
# marks as page furniture (and a sentence after them is not).
_PAGE_PROMPT = Prefiltered(
    re.compile(
        r"\bscroll down for (?:the )?(?:videos?|more)\b"
        r"|\bmedia playback is (?:not supported|unsupported) on (?:this|your) device"
        r"|\blast updated at \d{1,2}:\d\d(?-i: ?(?:GMT|BST|UTC))?"
        r"|\bshare this with(?-i:(?=[A-Z]))[A-Za-z ]{0,120}?copy this link",
        re.IGNORECASE,
    ),
    anywhere=("scroll down for", "media playback is", "last updated at", "share this with"),
)


def _unglued(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` split again where two sentences are glued together."""
    out = []
    prompts = _PAGE_PROMPT.may_match(chunk)
    for start, end in spans:
        cuts = {m.end() for m in _GLUED.finditer(chunk, max(0, start - 3), end)}
        cuts |= {
            m.start()
            for m in _RUN_ON.finditer(chunk, start, end)
            if m.start() >= 2 and chunk[m.start() - 2] in _LOWER and chunk[m.start() - 1] in _LOWER
        }
        cuts |= {m.end() for m in _UNSTOPPED.finditer(chunk, start, end) if _unstopped(chunk, m)}
        cuts |= {
            m.end()
            for m in _REPEATED_NAME.finditer(chunk, start, end)
            if m.group(1) not in _NAME_TITLES
            and _LOWERCASE_WORD_BEFORE.search(chunk, max(0, m.start() - 29), m.start() + 1)
        }
        cuts |= {
            m.end()
            for m in _PHOTO_MARKER.finditer(chunk, start, end)
            if m.start() >= 2 and chunk[m.start() - 1] == " " and not chunk[m.start() - 2].isspace()
        }
        if prompts:
            for prompt in _PAGE_PROMPT.pattern.finditer(chunk, start, end):
                cuts |= {prompt.start(), prompt.end()}
        for cut in sorted(cuts - {start, end}):
            if chunk[start:cut].strip():
                out.append((start, cut))
                start = cut
        out.append((start, end))
    return out


def _unstopped(chunk: str, match: re.Match[str]) -> bool:
    """Whether the space `match` found ends a caption: after a word that ends in a lowercase
    letter or a digit, or in its closing bracket or quote, and not before a title."""
    space = match.start()
    before = space - 1 if space and chunk[space - 1] in _CLOSER else space
    if not before or chunk[before - 1] not in _WORD_END:
        return False
    return match["word"] not in _UNLESS_TITLE or not (
        _TITLE_CASE_AFTER.match(chunk, space + 1)
        or _TITLE_BEFORE.search(chunk, max(0, before - 20), space)
    )


# A German date's ordinal ("zum 1. Mai", "am 12. März") is not a sentence end.
_ORDINAL_END = re.compile(r"(?<![\d.])\d{1,2}\.\s*$")
_MONTH_START = re.compile(
    r"\s*(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember)\b"
)


def _rejoined(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with the splits after a German date's ordinal, or after a name's initials
    ("J." | "Okafor will find out the deadline."), undone."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            out
            and (
                (
                    _ORDINAL_END.search(chunk, out[-1][0], out[-1][1])
                    and _MONTH_START.match(chunk, start, end)
                )
                or _INITIALS.fullmatch(chunk[out[-1][0] : out[-1][1]].strip())
                # "MADRID, 3 Dic." | "(Sourced) - El Consejo ...": a dateline's abbreviated month
                or (
                    len(out) == 1
                    and _DATELINE_START.fullmatch(chunk[out[-1][0] : out[-1][1]].strip())
                )
            )
        ):
            out[-1] = (out[-1][0], end)
            continue
        if (
            out
            and chunk[start : start + 1].isupper()
            and (title := _TITLE_STOP.search(chunk, *out[-1]))
        ):
            # "He said it went well. Mr." | "Deese said ...": the title opens the next sentence;
            # "The right hon." | "Lady voted against it." and "MR." | "HOLT: ..." are one.
            # "... to be depreciated. (Mr." | "Trump has also called for ...)": the bracket too.
            before = chunk[out[-1][0] : title.start()].rstrip().rstrip('(“"‘[').rstrip()
            if before and before[-1] in _SENTENCE_END:
                out[-1] = (out[-1][0], out[-1][0] + len(before))
                out.append((out[-1][1], end))
            else:
                out[-1] = (out[-1][0], end)
            continue
        out.append((start, end))
    return out


_SENTENCE_END = frozenset(".!?\"”’'")


_INITIALS = re.compile(r"(?:[A-Z]\.\s*){1,3}")
_TITLE_STOP = re.compile(r"(?<![\w.])(?i:mr|mrs|ms|dr|prof|rev|hon|rt|gov|sen|rep)\.\s*$")
"""A title's full stop that the splitter may end a sentence at: "... in his office. Mr." |
"Ellison told me ...", a transcript's capitals ("MR. HOLT: Objection."), Parliament's "the
right hon. Lady" and "Rt. Hon."."""
_FRENCH_MONTH = (
    r"(?:janv|févr|fév|mars|avr|mai|juin|juil|août|sept|oct|nov|déc|janvier|février|avril|"
    r"juillet|septembre|octobre|novembre|décembre)"
)
"""French months, which French writes in lower case: "PARIS, 3 déc. (AFP) - "."""
_DATELINE_START = re.compile(
    r"[A-ZÁÉÍÓÚÑ][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,3},\s*\d{1,2}\s+"
    rf"(?:[A-Z][a-z]{{2,4}}|{_FRENCH_MONTH})\."
)


def _trim(chunk: str, start: int, end: int) -> tuple[int, int]:
    end = min(end, len(chunk))
    while start < end and chunk[start].isspace():
        start += 1
    while end > start and chunk[end - 1].isspace():
        end -= 1
    return start, end


def load_document(text: str, *, max_chars: int) -> Document:
    """Check a caller's text and split it. Raises an `InputError` a person can act on."""
    if not text.strip():
        raise EmptyDocument("The document is empty or only whitespace; send the text to summarize.")
    if len(text) > max_chars:
        raise DocumentTooLong(
            f"The document has {len(text):,} characters; the limit is {max_chars:,}. "
            "Send a shorter document or raise SOURCED_MAX_DOCUMENT_CHARS."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UndecodableDocument(
            f"The document has an unpaired surrogate at character {exc.start}; "
            "send valid Unicode text."
        ) from None
    if len(_CONTROL.findall(text[:10_000])) > 8:
        raise UndecodableDocument(
            "The document looks like binary data, not text; send plain UTF-8 text."
        )
    return Document(text=text, sentences=split_sentences(text))


def decode_document(data: bytes) -> str:
    """Decode bytes a caller sent as UTF-8, refusing binary files with a clear message."""
    if b"\x00" in data[:8192]:
        raise UndecodableDocument("The input is a binary file (it contains NUL bytes); send text.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableDocument(
            f"The input is not valid UTF-8 (bad byte at position {exc.start}); "
            "convert it to UTF-8 first, e.g. with iconv."
        ) from None


_PLACE = r"[A-Z][\w.'’-]*(?:,?\s+[A-Z][\w.'’-]*){0,3}"  # "HARWICK", "NEW YORK", "LONDON, England"
_DATE = (
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"  # "March 14", "Sept. 24", "March 4, 2026"
    r"|\d{1,2}\.?\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?"  # "12 May 2026", "3. Dezember"
    rf"|\d{{1,2}}\s+{_FRENCH_MONTH}\.?(?:\s+\d{{4}})?)"  # "3 déc.", "12 mars 2026"
)
_OUTLET = r"\([A-Z][\w.&'’]*(?:\s[A-Z][\w.&'’]*){0,2}\)"  # "(CNN)", "(AP)", "(Sourced Wire)"
_DATELINE = re.compile(
    rf"^(?:{_PLACE}(?:,\s*{_DATE})?\s*[—–]"
    rf"|(?:{_PLACE}\s*)?{_OUTLET}\s*(?:--|[—–-])?"
    # A plain hyphen ends a dateline only after a date: "LEEDS, March 4 (Reuters) - ",
    # "TEESSIDE, UK, 12 May 2026 - ", never "Ann Lee - the mayor - said".
    rf"|{_PLACE},\s*{_DATE}\s*(?:{_OUTLET}\s*)?(?:--|-)\s"
    r")\s*(?=[A-Z0-9\"“‘'])"
)


# Remembered per sentence, as `standing_alone` and the reading's `courtesy`: the reading, each
# claim and the overview ask them again of the same sentences, in every document that has them.
@text_memo()
def dateline_length(text: str) -> int:
    """Characters of the dateline `text` opens with ("LONDON, 2 December 2026 -- "), 0 if none."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def without_dateline(text: str) -> str:
    """A news sentence without the dateline it opens with ("HARWICK, March 14 — About 2,400
    ..." -> "About 2,400 ..."): a claim reads as a sentence, not as the story's first line."""
    return _DATELINE.sub("", text, count=1)


_TIED_TO_THE_LAST = re.compile(r"^(?:But|And|However,|Meanwhile,)\s+(?=[\"“‘']?[A-Za-z])")
"""An opening word that answers the sentence before ("But residents said the warning came too
late."). Not "So" or "Yet": "So far", "Yet another" open sentences of their own."""


@text_memo()
def standing_alone(text: str) -> str:
    """A document's sentence as a claim or key point reads on its own: no dateline, no opening
    "But" or "And" (the rest's first letter made a capital). Always a suffix of `text` but for
    that letter, so its offset in the document is where the two lengths differ."""
    rest = _TIED_TO_THE_LAST.sub("", without_dateline(text), count=1)
    capital = rest[:1].upper()
    # "ß".upper() is "SS": a letter whose capital is two would move every offset after it.
    return (capital if len(capital) == 1 else rest[:1]) + rest[1:]
