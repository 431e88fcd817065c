"""Quotation marks, and the speakers of quotes and of a colon that opens one."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from service.verify.attribution.cues import CueMatch, cues_in
from service.verify.attribution.frame import Frame, Span
from service.verify.attribution.patterns import WORD
from service.verify.attribution.phrases import (
    end_before_stop,
    sentence_stop,
    source_after,
    source_before,
    valid_source,
)
from service.verify.attribution.sentences import make_frame
from service.verify.lexicon import (
    ASKING_VERBS,
    CAPITAL_FUNCTION_WORDS,
    EXPRESSING,
    FOLLOW_UPS,
    POLL_CHOICES,
    PREPOSITIONS,
    PROVIDING_VERBS,
    STANCE,
    THAT_CUES,
    VIEWING_AS,
)

# Two apostrophes or backticks stand for a double quotation mark in some wire copy.
_QUOTE_MARK = re.compile(r"''|``|[\"“”„«»]")


def find_quotes(text: str) -> list[Span]:
    """Quoted stretches, marks included. A quote left open at a paragraph's end (news style for a
    quote that runs on) ends there; short quoted phrases (scare quotes, titles) are left out."""
    found: list[Span] = []
    for line in re.finditer(r"[^\r\n]+", text):
        opened: int | None = None
        for mark in _QUOTE_MARK.finditer(text, line.start(), line.end()):
            char = mark.group()
            if char == "“" and opened is not None and text[opened] == "„":
                found.append(Span(opened, mark.end()))
                opened = None
            elif char in ("“", "„", "«", "``") or (char in ('"', "''") and opened is None):
                opened = mark.start()
            elif opened is not None:
                found.append(Span(opened, mark.end()))
                opened = None
        if opened is not None:
            found.append(Span(opened, line.end()))
    return [q for q in found if len(WORD.findall(q.quote(text))) >= 2]


_ASKED = re.compile(r"(?<![\w’'-])(?:asked|asks|wondered|wonders)(?![\w’'-])")
"""The speech verbs of a question: a quote ending in "?" is its speaker's though no statement."""


def quote_frame(text: str, quote: Span, following: Span | None) -> Frame | None:
    """'“<quote>,” <source> said.' / '“<quote>,” said <source>.' / '“<a>,” he said, “<b>.”'"""
    # A quote may close an inner one first: '“You say you ‘accept responsibility,’” he said.'
    inside = text[quote.start : quote.end].rstrip("”\"»'` ’")
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    opener = re.compile(r"[“\"]").search(text, quote.end, line_end)
    hi = sentence_stop(text, quote.end, opener.start() if opener else line_end)
    post = text[quote.end : hi]
    if not (inside.endswith((",", "!", "?", "—", "–", "-", "…")) or post.lstrip().startswith(",")):
        return None
    if _names_a_title(text, quote.start):
        return None
    found = [
        Span(c.start, c.end)
        for c in cues_in(text, quote.end, hi)
        if c.end <= hi
        and (c.word not in ASKING_VERBS or inside.endswith("?"))
        and c.word not in _NO_QUOTE_TAG
    ]
    if not found and inside.endswith("?") and (asked := _ASKED.search(text, quote.end, hi)):
        found = [Span(asked.start(), asked.end())]  # '“Does anybody know?” Graham asked.'
    if not found or len(WORD.findall(text[quote.end : found[0].start])) > 12:
        return None
    cue = found[0]
    if text[quote.end : cue.start].strip(" ,").lower() in _AUXILIARIES:
        source = source_after(text, cue.end, hi)
    else:
        source = source_before(text, quote.end, cue.start)
        if source is not None and text[quote.end : source.start].strip(" ,"):
            return None
    if source is None:
        return None
    content = [quote]
    # '“<a>,” he said, “<b>.”' and '“<a>,” he said. “<b>.”': the second quote is theirs too.
    between = text[cue.end : following.start] if following is not None else ""
    if (
        following is not None
        and re.fullmatch(r"[^\n“\"]*[,.:]\s*", between)
        and sentence_stop(text, cue.end, following.start) >= following.start - 3
        and quote_frame(text, following, None) is None
        and not _spoken_apart(text, cue.end, following)
    ):
        content.append(following)
    # '“You winning?” she said': a question or an exclamation needs no third word; a short
    # phrase ending in a comma is most likely a scare quote ('Bemoaning the "phony system,"').
    fewest = 2 if inside.endswith(("?", "!")) else 3
    return make_frame(text, content, cue, source, fewest_words=fewest)


_AUXILIARIES = frozenset({"", "a", "ont", "avait", "ha", "han", "hat", "haben"})
"""What may stand between a quote and its cue with the source after them: French and Spanish
tense a verb with one ("« ... », a déclaré Julien Marchal", "«...», ha dicho Ruiz")."""

_NO_QUOTE_TAG = POLL_CHOICES | VIEWING_AS | PROVIDING_VERBS | EXPRESSING | {"like", "charged"}
"""Cues that never tag a quote ('“We will win,” supporters who back him said': "said" does)."""
_BEFORE_A_TITLE = re.compile(r"(?:[’']s|(?<![\w’'-])(?:" + "|".join(PREPOSITIONS) + r"))\s*$")


def _names_a_title(text: str, start: int) -> bool:
    """'On this weekend’s broadcast of “Fox News Sunday,” Pence said ...', 'on CBS's “Face the
    Nation,”': a quotation after a preposition or a possessive is a title, not speech."""
    return _BEFORE_A_TITLE.search(text, max(0, start - 12), start) is not None


_TAG_FOLLOW_UP = re.compile(
    r"[^,.;:!?“”\"()]{0,60}?,?\s+(?P<cue>" + FOLLOW_UPS + r")(?![\w’'-])(?:\s+[a-z]+ly|\s+later)?"
    r"(?:\s+that(?![\w’'-]))?\s*,?\s*"
)
"""After a quote's speaker: '“...,” the mayor said(, in a statement), adding that ...'."""


def follow_up_frame(text: str, frame: Frame) -> Frame | None:
    """'“We do not see a link,” the mayor said, adding that it would take more hours.': what
    follows the participle is the same speaker's next statement. A quote right after it ('...,
    adding later, “<b>”') is left to the quotes that go on in a speaker's voice."""
    if frame.cue is None or frame.source_span is None:
        return None
    tag_end = max(frame.cue.end, frame.source_span.end)
    if tag_end < frame.end:
        return None  # the tag stands before the quote: its sentence is read as one
    line_end = text.find("\n", tag_end)
    hi = sentence_stop(text, tag_end, len(text) if line_end < 0 else line_end)
    follow = _TAG_FOLLOW_UP.match(text, tag_end, hi)
    if follow is None or text[follow.end() : follow.end() + 1] in "“\"'‘":
        return None
    content_end = end_before_stop(text, follow.end(), hi)
    if len(WORD.findall(text[follow.end() : content_end])) < 3:
        return None
    cue = Span(follow.start("cue"), follow.end("cue"))
    return make_frame(text, [Span(follow.end(), content_end)], cue, frame.source_span)


_PARTICIPLE_CUE = re.compile(
    r"(?<![\w’'-])(?:" + FOLLOW_UPS + r"|suggesting|asking|going on|continuing)(?![\w’'-])"
)
"""A participle that starts another statement between two quotes: ', adding later, “...”'."""


def _spoken_apart(text: str, after_cue: int, following: Span) -> bool:
    """Does the next quote have a reporting word of its own: one between ('he said, adding
    later, “<b>”', '..., suggesting a question: “<b>”'), or one closing its sentence ('“<b>” to
    cut costs, she said')? Then it is another statement, not the rest of this one."""
    if _statement_cues(text, after_cue, following.start) or _PARTICIPLE_CUE.search(
        text, after_cue, following.start
    ):
        return True
    line_end = text.find("\n", following.end)
    stop = sentence_stop(text, following.end, len(text) if line_end < 0 else line_end)
    return bool(text[following.end : stop].strip(" ,.")) and bool(
        _statement_cues(text, following.end, stop)
    )


def _statement_cues(text: str, start: int, end: int) -> list[CueMatch]:
    """Cues that may open a statement of their own: not a belief word that needs "that" ('“It’s
    finished,” she said of the election, in which she was sure Trump would win. “In my head,
    anyway.”' is one statement)."""
    return [c for c in cues_in(text, start, end) if c.word not in _NEED_A_COMPLEMENT]


_NEED_A_COMPLEMENT = THAT_CUES | VIEWING_AS | POLL_CHOICES | EXPRESSING
"""Cues that state something only with their own complement ("that", "as", a share, a feeling):
"... people would at last see the truth" opens no statement of its own."""


def colon_frame(text: str, start: int, end: int, skip: AbstractSet[int]) -> Frame | None:
    """'<source> said:' closing a sentence, with what follows as its content (set by caller)."""
    line = text[start:end].rstrip()
    if not line.endswith(":"):
        return None
    cues = [m for m in cues_in(text, start, end) if m.start not in skip]
    if not cues:
        return None
    cue = Span(cues[-1].start, cues[-1].end)
    if len(WORD.findall(text[cue.end : start + len(line)])) > 6:
        return None
    source = source_before(text, start, cue.start)
    if source is None:
        return None
    return Frame(
        content=(),
        cue=cue,
        cue_text=cue.quote(text),
        source_span=source,
        source_text=source.quote(text),
        source=source.quote(text),
        kind="named",
        stance=STANCE.get(cue.quote(text).lower(), "asserts"),
        direct_quote=False,
        certain=True,
    )


_LABEL = re.compile(
    r"^[“\"]?(?P<label>[A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})"
    r"(?:[ \t]*\([A-Z]{1,3}\))?(?:,[ \t]+[A-Z][A-Z0-9 .,’'&-]{1,60})?(?P<colon>:)[ \t]+"
    r"(?P<said>\S[^\n]*)",
    re.M,
)
"""A line opened by who speaks: 'PENCE: Well, look, ...', a headline's 'Pat Caddell: Voters ...';
a quoted transcript opens each turn with a quotation mark. A television transcript names the
office after the speaker: 'SAM PRICE, CNN CORRESPONDENT: ...', 'GOV. MARIA LOPEZ (D), NEVADA:'."""


def label_frames(text: str) -> list[Frame]:
    """The turns of a transcript ('WALLACE: ...', 'PENCE: ...': two speakers or more, named in
    capitals) and a headline naming who speaks before a colon ('Sanders: Clinton needs to ...',
    its name found again below it). Not 'The Latest: ...' or 'Stealth Over Health: ...'."""
    if ":" not in text:
        return []
    labels = [m for m in _LABEL.finditer(text) if _names_a_speaker(m.group("label"))]
    turns = [m for m in labels if m.group("label").isupper()]
    if len({m.group("label") for m in turns}) < 2:
        turns = []
    if labels and labels[0].start() == 0 and _headline_names_its_speaker(text, labels[0]):
        turns.insert(0, labels[0])
    found = []
    for index, match in enumerate(turns):
        said_end = end_before_stop(text, match.start("said"), match.end("said"))
        spans = [Span(match.start("said"), said_end)]
        if match.group("label").isupper() and index + 1 < len(turns):
            spans += _turn_goes_on(text, match.end(), turns[index + 1].start())
        frame = make_frame(
            text,
            spans,
            Span(match.start("colon"), match.end("colon")),
            Span(match.start("label"), match.end("label")),
        )
        if frame is not None:
            found.append(frame)
    return found


def _turn_goes_on(text: str, start: int, next_turn: int) -> list[Span]:
    """'PENCE: Well, look, ...' then a paragraph with no label: the speaker goes on until the
    next turn; a stage note ('(CROSSTALK.)') is nobody's words."""
    return [
        Span(line.start(1), line.end(1))
        for line in _PARAGRAPH.finditer(text, start, next_turn)
        if not line.group(1).startswith(("(", "["))
    ]


_PARAGRAPH = re.compile(r"(?<=\n)[ \t]*[\"“]?(\S[^\n]*)")
"""A paragraph, past the quotation mark a quoted transcript opens each one with."""


def _headline_names_its_speaker(text: str, match: re.Match[str]) -> bool:
    """The first line, a blank line after it, in title case, its speaker named again below."""
    label = match.group("label")
    return (
        not label.isupper()
        and text.startswith("\n\n", match.end())
        and label.split()[-1].lower() in text[match.end() :].lower()
    )


def _names_a_speaker(label: str) -> bool:
    words = label.lower().split()
    return not any(w in CAPITAL_FUNCTION_WORDS for w in words) and valid_source(label)
