"""Who says what in a document: attribution frames read off its reporting structure.

A frame is a source (who), a cue (the reporting verb or phrase) and the content attributed, each
a span of the original text. Frames are found by quotation marks, reporting verbs, "according to"
and appositives; pronouns and short references ("he", "the minister") are resolved to the nearest
fitting name a few sentences back. Regular expressions only: a 600-word article takes a few ms,
and every decision can be read back in a check's reason.

The modules follow the reading: `frame` (the type), `patterns` (the words and expressions),
`cues` (reporting words), `phrases` (sources and content ends), `sentences` (frames in one
sentence), `quotes` (quotation marks and their speakers), `coreference` (who "he" is); this
module reads a whole document with them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from service.document import Document, dateline_length
from service.memo import LINE_CHARS, KeyedMemo
from service.verify.attribution import coreference, cues
from service.verify.attribution.checked import with_checked_claim
from service.verify.attribution.coreference import display_source, resolve
from service.verify.attribution.cues import cue_stance, cues_in
from service.verify.attribution.frame import (
    Frame,
    SourceKind,
    Span,
    flatten,
    shifted,
    touches,
    updated,
)
from service.verify.attribution.patterns import WORD
from service.verify.attribution.phrases import end_before_stop
from service.verify.attribution.quotes import (
    colon_frame,
    find_quotes,
    follow_up_frame,
    label_frames,
    quote_frame,
)
from service.verify.attribution.sentences import frames_in, nest, speaker_self
from service.verify.lexicon import FOLLOW_UPS, OBJECT_PRONOUNS, WITHHELD, WITHHOLDING_DENIALS

__all__ = ["Frame", "SourceKind", "Span", "analyze", "clear_caches", "cue_stance", "flatten"]

RESOLVE_WINDOW = 4
"""How many sentences back a pronoun or short reference may find its name."""


def clear_caches() -> None:
    """Forget the per-document indexes (for benchmarks that time cold runs)."""
    cues.cue_index.cache_clear()
    coreference.mention_index.cache_clear()


def analyze(document: Document) -> list[Frame]:
    """Every attribution frame in the document, in reading order, with sources resolved."""
    text = document.text
    quotes = find_quotes(text)
    quote_starts = [q.start for q in quotes]  # for `_near`, made once per document
    frames: list[Frame] = []
    taken: set[Span] = set()
    for i, quote in enumerate(quotes):
        if quote in taken:
            continue
        following = quotes[i + 1] if i + 1 < len(quotes) else None
        frame = quote_frame(text, quote, following)
        if frame is not None:
            frames.append(nest(text, frame, frozenset(), 0))
            taken.update(frame.content)
            if (more := follow_up_frame(text, frame)) is not None:
                # A quote it opens may run on past its sentence: the frame holds it whole.
                frames.append(_run_on(more, quotes, quote_starts, more.end))
    frames.extend(label_frames(text))
    # Reporting words already used by a quote's frame, or inside a quote that is content.
    used = [s for f in frames for s in f.attribution_spans()] + list(taken)
    skip = frozenset(c.start for span in used for c in cues_in(text, span.start, span.end))
    skip_starts = sorted(skip)

    sentences = document.sentences
    for index, sentence in enumerate(sentences):
        colon = colon_frame(text, sentence.start, sentence.end, skip)
        if colon is not None and index + 1 < len(sentences):
            nxt = sentences[index + 1]
            opening = [q for q in quotes if q.start == nxt.start]
            line_end = text.find("\n", nxt.start)
            paragraph_end = len(text.rstrip()) if line_end < 0 else line_end
            ends_line = "\n" in text[sentence.end : nxt.start]
            content = (
                opening[0] if opening else Span(nxt.start, paragraph_end if ends_line else nxt.end)
            )
            frames.append(replace(colon, content=(content,)))
            taken.add(content)
            continue
        if (more := _that_continues(text, sentence.start, sentence.end, frames)) is not None:
            frames.append(more)
            continue
        start, end = _unbracketed(text, sentence.start, sentence.end)
        found = _sentence_frames(text, start, end, skip_starts)
        if found and (start == 0 or text[start - 1] == "\n"):
            # "LONDON, 2 December 2026 -- Northwind Foods plc today reported ...": the
            # dateline is no part of who reports.
            after = start + dateline_length(text[start:end])
            if any(f.source_span and f.source_span.start < after for f in found):
                found = _sentence_frames(text, after, end, skip_starts)
        for frame in found:
            if frame.cue is not None and _quoted_self(text, quotes, quote_starts, frame):
                continue
            if _withholds(text, frame) or _claimed(text, start, frame):
                continue
            frames.append(_run_on(frame, quotes, quote_starts, sentence.end))

    frames.extend(_continued_quotes(text, quotes, frames, sentences))
    frames.sort(key=lambda f: (f.start, f.cue.start if f.cue else 0))
    return with_checked_claim(document, _finish(document, frames, quotes, quote_starts))


_THAT_CONTINUES = re.compile(
    r"[“\"'‘]?(?:But|And|Yet|Also)\s+(?:also\s+)?that\s+"
    # A clause's subject after "that": a pronoun, a determiner, a name. "But that was not
    # the end", "But that decision was reversed" are the writer's "that".
    r"(?=(?:he|she|they|it|we|I|you|the|a|an|his|her|their|its|our|this|these|those|some|"
    r"many|no|all|[A-Z][\w’'-]*)(?![\w’'-]))"
)


def _that_continues(text: str, start: int, end: int, frames: Sequence[Frame]) -> Frame | None:
    """'The former prime minister said that Sturgeon's answers are "all evasion". But that her
    party want "chaos" ...': a that-clause with no verb of its own goes on with what the
    sentence before reported, in its speaker's voice; "her party" is what is reported of."""
    opening = _THAT_CONTINUES.match(text, start, end)
    if opening is None or not frames:
        return None
    before = frames[-1]
    if before.cue is None or before.source_span is None or before.end > start:
        return None
    if "\n\n" in text[before.end : start] or text[before.end : start].count(".") > 1:
        return None  # the report is in the sentence just before, in the same paragraph
    content = Span(opening.end(), end_before_stop(text, opening.end(), end))
    if content.end - content.start < 3:
        return None
    return replace(before, content=(content,), inner=None)


CONTEXT = 32
"""Characters around a sentence that its frames may depend on: the reading looks a few words
behind a cue ("the reports", "did not deny") and a word past it, and its patterns' lookbehinds
a character or three."""

_FRAMES = KeyedMemo[tuple[str, int, int, tuple[int, ...]], tuple[Frame, ...]]()
"""A sentence's own frames by its text, the text around it and which of its reporting words
are taken: a sentence seen before, in this document or another, is not read again."""


def _unbracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence in brackets without them: "(Mr. Trump has also called for immediately
    deducting capital investments.)" is a sentence like any other."""
    if (
        text[start : start + 1] == "("
        and text[end - 1 : end] == ")"
        and "(" not in text[start + 1 : end]
    ):
        return start + 1, end - 1
    return start, end


def _sentence_frames(text: str, start: int, end: int, skip: Sequence[int]) -> Sequence[Frame]:
    """`frames_in(text, start, end, skip)` (`skip` sorted), through the `_FRAMES` memo."""
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    taken = frozenset(skip[bisect.bisect_left(skip, start) : bisect.bisect_left(skip, end)])
    if end - start > LINE_CHARS or (lo > 0 and text[lo:start].isspace()):
        # Too long to keep, or blank around it: "what ends before the source" reads further.
        return frames_in(text, start, end, taken)
    key = (text[lo:hi], start - lo, end - lo, tuple(p - lo for p in sorted(taken)))
    kept = _FRAMES.find(key)
    if kept is not None:
        return [shifted(f, lo) for f in kept] if lo else kept
    found = frames_in(text, start, end, taken)
    _FRAMES.put(key, tuple(shifted(f, -lo) for f in found) if lo else tuple(found))
    return found


def _near(spans: Sequence[Span], starts: Sequence[int], start: int, end: int) -> Sequence[Span]:
    """Of sorted spans that do not overlap each other, those that may overlap [start, end)."""
    lo = max(0, bisect.bisect_right(starts, start) - 1)
    return spans[lo : bisect.bisect_left(starts, end)]


def _merged(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def _run_on(
    frame: Frame, quotes: Sequence[Span], quote_starts: Sequence[int], sentence_end: int
) -> Frame:
    """A quote opened in a frame's content that runs past the sentence belongs to it whole."""
    last = frame.content[-1]
    for quote in _near(quotes, quote_starts, last.start, last.end):
        if last.start <= quote.start < last.end and quote.end > sentence_end:
            return replace(frame, content=(*frame.content[:-1], Span(last.start, quote.end)))
    return frame


def _continued_quotes(
    text: str, quotes: Sequence[Span], frames: Sequence[Frame], sentences: Sequence[object]
) -> list[Frame]:
    """A quote standing alone right after a speaker's frame most likely goes on in their voice;
    kept, but marked uncertain: no reporting verb says so."""
    covered = _merged(s for f in frames for s in f.content)
    covered_starts = [c.start for c in covered]
    spoken = sorted((f for f in frames if f.cue is not None), key=lambda f: f.end)
    ends = [f.end for f in spoken]
    found: list[Frame] = []
    left_open: Frame | None = None  # the frame whose quote ran to its paragraph's end, open
    for quote in quotes:
        near = _near(covered, covered_starts, quote.start, quote.end)
        if touches(near, (quote,)) or len(WORD.findall(quote.quote(text))) < 4:
            left_open = _still_open(text, quote, left_open, frames, found)
            continue
        if left_open is not None and not text[left_open.end : quote.start].strip():
            # '"... every decade or so.' then a paragraph opening '"The Environment Agency
            # knew ...': news style for one quotation that runs on over paragraphs.
            found.append(_goes_on(text, left_open, quote, None))
            left_open = found[-1] if _open_at_end(text, quote) else None
            continue
        left_open = None
        if (introduced := _introduced_before(text, quote)) is not None:
            # "Dr Amina Rauf, a hydrologist, gave evidence for three hours." then a paragraph
            # that is one quotation: hers, most likely (uncertain: no verb says so).
            found.append(introduced)
            left_open = found[-1] if _open_at_end(text, quote) else None
            continue
        lead = _PARTICIPLE_LEAD.search(text, max(0, quote.start - 40), quote.start)
        if lead is None and not _opens_sentence(text, quote.start):
            continue
        before = bisect.bisect_right(ends, quote.start)
        if before == 0 or quote.start - spoken[before - 1].end >= 400:
            continue
        speaker = spoken[before - 1]
        if speaker.source_span is None or "\n\n" in text[speaker.end : quote.start]:
            continue
        cue = Span(lead.start("cue"), lead.end("cue")) if lead is not None else None
        found.append(_goes_on(text, speaker, quote, cue))
        left_open = found[-1] if _open_at_end(text, quote) else None
    return found


_TITLES = re.compile(r"(?:[A-Z][a-z]{1,11}\.?\s+){0,2}")
"""What may stand before the name that opens a sentence: "Dr ", "Detective Sergeant "."""


def _introduced_before(text: str, quote: Span) -> Frame | None:
    """The person a paragraph of one sentence introduces ("Dr Amina Rauf, a hydrologist at the
    University of Bristol, gave evidence for three hours."), as the speaker of the quotation
    that is the whole next paragraph; None when either is not so."""
    line_start = text.rfind("\n", 0, quote.start) + 1
    if (
        text[line_start : quote.start].strip()
        or "\n\n" not in text[max(0, line_start - 3) : line_start]
    ):
        return None  # not a paragraph that opens with its quotation
    before_end = line_start
    while before_end > 0 and text[before_end - 1].isspace():
        before_end -= 1
    previous_start = text.rfind("\n", 0, before_end) + 1
    previous = text[previous_start:before_end]
    if not previous or any(q in previous for q in '"“”') or ". " in previous:
        return None  # the paragraph before is one sentence, and quotes no one itself
    mentions = [
        m
        for m in coreference.mention_index(text)[1]
        if previous_start <= m.span.start < before_end and not m.org and m.full
    ]
    if not mentions or not _TITLES.fullmatch(text, previous_start, mentions[0].span.start):
        return None  # the sentence opens with a person's full name, after a title at most
    who = mentions[0]
    return Frame(
        content=(quote,),
        cue=None,
        cue_text=None,
        source_span=who.span,
        source_text=who.span.quote(text),
        source=who.name,
        kind="named",
        stance="asserts",
        direct_quote=True,
        certain=False,
    )


def _goes_on(text: str, speaker: Frame, quote: Span, cue: Span | None) -> Frame:
    """The speaker's frame for a quote that goes on in their voice; uncertain without a cue."""
    return replace(
        speaker,
        content=(quote,),
        cue=cue,
        cue_text=cue.quote(text) if cue is not None else None,
        certain=cue is not None,
        inner=None,
    )


def _open_at_end(text: str, quote: Span) -> bool:
    """A quote that ends its paragraph with no closing mark: it goes on in the next."""
    return text[quote.end - 1 : quote.end] not in _CLOSING_MARKS


_CLOSING_MARKS = frozenset("\"”’'»")


def _still_open(
    text: str,
    quote: Span,
    left_open: Frame | None,
    frames: Sequence[Frame],
    found: Sequence[Frame],
) -> Frame | None:
    """After a quote some frame holds: that frame, when the quote is left open at its
    paragraph's end and a speaker's (a cue's) frame holds it."""
    if not _open_at_end(text, quote):
        return None
    for frame in (*found, *frames):
        if (
            (frame.cue is not None or frame is left_open)
            and frame.source_span is not None
            and any(c.end == quote.end for c in frame.content)
        ):
            return frame
    return None


_PARTICIPLE_LEAD = re.compile(
    r"(?<![\w’'-])(?P<cue>" + FOLLOW_UPS + r")(?:\s+[a-z]+ly|\s+later)?\s*,?\s*$"
)
"""'“<a>,” she said, adding later, “<b>”': the second quote is hers, by the participle."""


def _quoted_self(
    text: str, quotes: Sequence[Span], quote_starts: Sequence[int], frame: Frame
) -> bool:
    """'“... I’ve learned that I can’t be so passionate ...”': a first- or second-person cue
    inside a quotation is the quoted speaker's own phrasing, not a frame of its own."""
    assert frame.cue is not None
    inside = _near(quotes, quote_starts, frame.cue.start, frame.cue.end)
    return any(q.start < frame.cue.start < q.end for q in inside) and speaker_self(text, frame)


WITHHELD_WITHIN = 4
"""Words after "denied" among which what it withholds stands ("denied the two men bail")."""


def _withholds(text: str, frame: Frame) -> bool:
    """A "deny" that withholds something from someone, not a denial of a statement: "The judge
    denied him bail", "Aduriz denied Valencia victory", "Rain denied England a win"."""
    if not frame.cue_text or frame.cue_text.lower() not in WITHHOLDING_DENIALS or not frame.content:
        return False
    words = WORD.findall(text[frame.content[0].start : frame.content[0].end].lower())
    if not words or words[0] == "that":
        return False
    return words[0] in OBJECT_PRONOUNS or bool(WITHHELD.intersection(words[:WITHHELD_WITHIN]))


_CLAIMED = re.compile(
    r"[“\"]?(?:(?:the|a|an|any|one|online|viral)\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:claims?|allegations?|rumou?rs?|suggestions?|reports?|posts?|assertions?|accusations?"
    r"|notion|idea|story|stories)\s+that\s+",
    re.IGNORECASE,
)


def _claimed(text: str, sentence_start: int, frame: Frame) -> bool:
    """A report inside what a claim says, the sentence's subject: "The claim that Torres said
    the city will ban cars is false", "Rumours that the minister said he would resign are
    untrue". Nobody is reported as saying it: the sentence is the writer's own, whole."""
    source = frame.source_span
    if source is None or frame.cue is None or frame.cue.start < source.start:
        return False
    return _CLAIMED.fullmatch(text, sentence_start, source.start) is not None


def _opens_sentence(text: str, start: int) -> bool:
    """A quote that goes on in a speaker's voice stands as a sentence of its own: after a line
    break or a sentence's end, not inside a sentence ('is a "lawful source of income"')."""
    before = text[max(0, start - 3) : start]
    if before.endswith("\n") or start == 0:
        return True
    if not before.endswith(" "):
        return False
    previous = text[:start].rstrip()
    return not previous or previous[-1] in ".!?:”\"’'\n"


def _finish(
    document: Document,
    frames: Sequence[Frame],
    quotes: Sequence[Span],
    quote_starts: Sequence[int],
) -> list[Frame]:
    done: list[Frame] = []
    for found in frames:
        recent = done[-_RECENT_FRAMES:]
        frame = _finish_one(document, found, recent, quotes, quote_starts)
        if frame is None:
            continue
        if frame.inner is not None:
            inner = _finish_one(document, frame.inner, recent, quotes, quote_starts)
            frame = updated(frame, inner=inner)
        done.append(frame)
    return done


_RECENT_FRAMES = 24
"""Earlier frames a pronoun may point back to: more than a few sentences hold, bounded so
that a long document stays linear."""


def _finish_one(
    document: Document,
    frame: Frame,
    earlier: Sequence[Frame],
    quotes: Sequence[Span],
    quote_starts: Sequence[int],
) -> Frame | None:
    text = document.text

    def number(pos: int) -> int:
        sentence = document.sentence_at(pos, or_before=True)
        return sentence.number if sentence else 1

    numbers = [number(p) for s in frame.content for p in (s.start, s.end - 1)]
    sentences = tuple(range(min(numbers), max(numbers) + 1))
    quoted = sum(
        q.overlap(c) for c in frame.content for q in _near(quotes, quote_starts, c.start, c.end)
    )
    length = sum(c.end - c.start for c in frame.content)
    frame = updated(
        frame,
        sentences=sentences,
        direct_quote=quoted * 2 >= length,
        content_quote=frame.content_text(text),
    )
    if frame.source_span is None:
        return frame
    first = max(0, number(frame.source_span.start) - 1 - RESOLVE_WINDOW)
    window_start = document.sentences[first].start if document.sentences else 0
    resolved = resolve(text, frame, earlier, window_start)
    if resolved is None:
        return None
    frame = resolved
    shown = display_source(frame.source)
    return frame if shown == frame.source else updated(frame, source=shown)
