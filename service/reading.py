"""One reading of a document, made once before any model is asked and handed to every step.

The service reads the document itself: its sentences; who says what (attribution frames and
speaker turns); which lines are titles, photo captions or page boilerplate; which sentences speak
to the AI instead of the reader. From that it lists the document's statements, the checkable units
a summary's claims are made of: every attribution frame's content with its source, cue and stance,
every speaker turn, and every sentence the document states in its own voice, each with exact
offsets. The model only chooses among them and condenses; who said it is the document's answer.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from service.document import (
    LINE_MARKER,
    Document,
    Sentence,
    load_document,
    standing_alone,
    without_dateline,
)
from service.memo import text_memo
from service.prefilter import Prefiltered
from service.schemas import ClaimStatus, Stance
from service.verify import captions as caption_files
from service.verify import dialogue, tables
from service.verify.attribution import Frame, Span, analyze
from service.verify.attribution.checked import CHECKED_CLAIM
from service.verify.attribution.frame import touches
from service.verify.emails import (
    HEADER,
    MAX_HEADER_LINES,
    EmailVoices,
    Voice,
    email_voices,
    wrapped,
)
from service.verify.planted import instruction_sentences, words_only_in
from service.verify.turns import Turn

StatementKind = Literal["own", "attributed", "turn"]
LineKind = Literal["title", "caption", "boilerplate"]

MIN_CONTENT_WORDS = 4
"""A frame's content shorter than this ("denied the report") reads only with its whole sentence."""

TITLE_MAX_WORDS = 20
"""A line without a full stop and at most this long is a title, dek or subhead, not a statement."""

_WORD = re.compile(r"[^\W_][\w’'-]*")
_OPINION_LABEL = re.compile(
    r"\s*(?:opinion|comment|op-?ed|editorial|column|viewpoint|letters?)\s*[|:–—-]\s", re.I
)
_ENDS_SENTENCE = re.compile(r"(?:[.!?…][\"”’')\]]*|;|;\s+(?:and|or))\s*$")
"""A line that ends a sentence, or a list's item that does ("(a) approve the closure of routes
N12, N14 and N31;", "(b) note the results; and"): no title."""
_CAPTION_PATTERN = re.compile(
    r"^\s*(?:photo(?:graph)?s?|caption|image|picture|pictured|above|below|left|right|top|"
    r"file photo|video|watch|gallery|illustration)\b\s*[:(—–-]?"
    # A paper's or a report's figure and table captions: "Figure 1: Hazard ratios by ...".
    r"|^\s*(?:figure|fig\.|table|chart|exhibit)\s*\d{1,3}[a-z]?\s*[:.|—–-]"
    r"|\((?:[^()]*/[^()]*|photo[^()]*|getty[^()]*|reuters|ap|afp|pa)\)\s*$"
    r"|(?:getty images|ap photo|afp photo|reuters/|photograph:|image copyright|image caption)",
    re.IGNORECASE,
)
_LABELLED_CAPTION_PATTERN = re.compile(
    r"^\s*[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,4}:\s+[A-Z‘'\"“]"
    r"(?=.*(?:\bpictured\b|\((?:left|right|centre|center|above|below|top|bottom|circled)\)))",
    re.DOTALL,
)
"""A photo caption that scraped text keeps inline: a short label, a colon, and who is pictured
("Strictly business: Julia Louis-Dreyfus (pictured) covers ...")."""
_POSITIONED_PATTERN = re.compile(
    r"\((?:far |second |third )?(?:left|right|centre|center|top|bottom|above|below|inset|circled)"
    r"(?:,? (?:and|to|from) (?:left|right))?\)",
    re.IGNORECASE,
)
"""Where someone stands in a photo ("Yaya Toure (left) and Samir Nasri ..."): scraped news runs
its captions into one another and into the body without full stops, and a sentence that holds
one is caption text; in 500 FRANK articles every such sentence read was a caption or captions
glued to a body sentence, which as a claim would carry the caption with it. "(pictured)" is not
one: the body writes "Mr Smith (pictured) said"."""
_BOILERPLATE_PATTERN = re.compile(
    r"share (?:this|on|via)|(?:email|facebook|twitter|whatsapp|messenger|pinterest|linkedin)"
    r"(?:email|facebook|twitter|whatsapp|messenger|pinterest|linkedin)"
    r"|^\s*(?:read more|related(?: articles| stories| topics)?|more on this story|"
    r"scroll down for|advertisement|sponsored|subscribe|sign up|newsletter|follow us|click here|"
    r"tap here|"
    r"skip to|jump to|listen to this article|copyright|all rights reserved|"
    r"published|updated|last updated|posted)\b"
    r"|^\s*©"  # no word boundary after a sign: "© 2026 City Herald."
    r"|^\s*replying to\s+@"  # a social post's reply line: "Replying to @mokonjo"
    # A correction's account of the error ("Correction: An earlier version of this article said
    # the association represents 240 shops."): the wrong figure is no statement of the story's.
    r"|^\s*(?:(?:correction|clarification|editor['’]s note)(?:,?\s*[^:\n]{1,30})?\s*:\s*)?"
    r"(?:an?|the)\s+"
    r"(?:earlier|previous|original)\s+version\s+of\s+this\s+(?:article|story|report|piece)"
    r"|^\s*(?:(?:correction|clarification|editor['’]s note)\s*:\s*)?this\s+(?:article|story)\s+"
    r"(?:has\s+been|was)\s+(?:updated|amended|corrected)"
    r"|^\s*(?:for immediate release|embargoed (?:until|till)|(?:media|press) (?:contacts?|enquiries"
    r"|inquiries)|notes? to editors)\b|^\s*(?:#{3}|-\s*ends\s*-)\s*$"  # a press release's furniture
    r"|cookies?\b.{0,60}\b(?:accept|consent|policy|settings|use)"
    r"|\b(?:we|site|website) uses? cookies"
    r"|(?:accept|manage) (?:all )?cookies|this site uses|terms of (?:use|service)"
    r"|privacy policy|all rights reserved|media playback is (?:not supported|unsupported) on"
    # A broadcaster's transcript's notice: "THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE ..."
    r"|^\s*this is a rush transcript|^\s*this copy may not be in its final form"
    # An email's disclaimer and its phone's signature.
    r"|confidentiality notice|this (?:e-?mail|message|communication) and any attachments"
    r"|if you are not the intended recipient|^\s*sent from my (?:iphone|ipad|android|samsung"
    r"|galaxy|mobile|phone|blackberry)|^\s*get outlook for (?:ios|android)"
    r"|^\s*by\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3}"
    r"(?:\s*(?:,|and|\|)\s*[\w\s.’'-]{0,40})?\s*$",
    re.IGNORECASE,
)

# Each pattern behind the literals every one of its matches holds (see service/prefilter.py):
# searched in every sentence, the patterns themselves were a third of the reading's time.
_CAPTION = Prefiltered(
    _CAPTION_PATTERN,
    anywhere=("getty images", "ap photo", "afp photo", "reuters/", "photograph:", "image c"),
    starts=(
        "photo", "caption", "image", "picture", "above", "below", "left", "right", "top",
        "file photo", "video", "watch", "gallery", "illustration", "figure", "fig.", "table",
        "chart", "exhibit",
    ),
    ends=(")",),
)  # fmt: skip
_LABELLED_CAPTION = Prefiltered(
    _LABELLED_CAPTION_PATTERN,
    anywhere=(
        "pictured", "(left)", "(right)", "(centre)", "(center)", "(above)", "(below)", "(top)",
        "(bottom)", "(circled)",
    ),
)  # fmt: skip
_POSITIONED = Prefiltered(
    _POSITIONED_PATTERN,
    anywhere=(
        "left)", "right)", "centre)", "center)", "top)", "bottom)", "above)", "below)", "inset)",
        "circled)",
    ),
)  # fmt: skip
_BOILERPLATE = Prefiltered(
    _BOILERPLATE_PATTERN,
    anywhere=(
        "share ", "email", "facebook", "twitter", "whatsapp", "messenger", "pinterest",
        "linkedin", "cookie", "this site uses", "terms of ", "privacy policy",
        "all rights reserved", "media playback", "version of this", "this article", "this story",
        "confidentiality notice", "and any attachments", "intended recipient", "sent from my",
        "get outlook for",
    ),
    starts=(
        "read more", "related", "more on this story", "scroll down for", "advertisement",
        "sponsored", "subscribe", "sign up", "newsletter", "follow us", "click here", "tap here",
        "skip to", "jump to", "listen to this article", "copyright", "all rights reserved", "©",
        "published", "updated", "last updated", "posted", "by", "for immediate release",
        "embargoed", "media contact", "media enquiries", "media inquiries", "press contact",
        "press enquiries", "press inquiries", "note to editors", "notes to editors", "###", "-",
        "replying to", "this is a rush transcript", "this copy may not be in its final form",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Statement:
    """One checkable unit of the document, numbered as the model sees it."""

    number: int
    kind: StatementKind
    sentences: tuple[int, ...]
    content: tuple[Span, ...]
    text: str
    """What is stated, as the document writes it (parts of a split quote joined by " … ")."""
    claim_text: str
    """The statement as a sentence that stands alone, attribution included: a claim's text when
    the model's rewrite cannot be used."""
    source: str | None
    cue: str | None
    stance: Stance
    attribution: tuple[Span, ...]
    """Where the document names the speaker and the cue (and whom a pronoun stands for)."""
    certain: bool = True
    frame: Frame | None = None

    @property
    def status(self) -> ClaimStatus:
        return "asserted" if self.kind == "own" else "attributed"

    @property
    def start(self) -> int:
        return self.content[0].start

    def prompt_line(self) -> str:
        """'[7] (Coastline Terminals, denied) it planned to replace ...' as the model reads it."""
        if self.kind == "own" or not self.source:
            return f"[{self.number}] {self.text}"
        label = self.source if self.kind == "turn" else f"{self.source}, {self.cue or 'said'}"
        return f"[{self.number}] ({label}) {self.text}"


@dataclass(frozen=True)
class Reading:
    """What the service knows of a document before the model says anything."""

    document: Document
    frames: tuple[Frame, ...]
    turns: tuple[Turn, ...]
    planted_sentences: tuple[Sentence, ...]
    lines: dict[int, LineKind]
    """Sentences that are no statement of the body: titles, captions, boilerplate."""
    statements: tuple[Statement, ...]

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def planted_numbers(self) -> frozenset[int]:
        return frozenset(s.number for s in self.planted_sentences)

    @cached_property
    def planted_words(self) -> frozenset[str]:
        """Words only the planted sentences use: what they ask for, not what the document says."""
        return words_only_in(self.document, self.planted_sentences)

    @cached_property
    def title(self) -> str | None:
        """The document's own headline: an email's subject, else its first line when that line
        is a title ("From: Rachel Kim <...>" is a header, not a title); a letter's, the line
        after "Dear ...," that says what it is about, not the address over it."""
        if (salutation := _letter_salutation(self.text)) is not None:
            after = [s for s in self.document.sentences if s.start > salutation.end()]
            first = after[0] if after else None
            if first is not None and self.lines.get(first.number) == "title":
                return first.text.strip()
            return None
        for sentence in self.document.sentences[:MAX_HEADER_LINES]:
            if self.lines.get(sentence.number) != "title":
                break
            if subject := _SUBJECT.match(sentence.text.strip()):
                return subject.group(1).strip()
        # "FOR IMMEDIATE RELEASE" over a press release's headline is no part of it.
        leading = self.document.sentences[:MAX_HEADER_LINES]
        first = next((s for s in leading if self.lines.get(s.number) != "boilerplate"), None)
        if first and self.lines.get(first.number) == "title":
            text = first.text.strip()
            return None if HEADER.match(text) else text
        return None

    @cached_property
    def own_title(self) -> bool:
        """Whether the title is nobody's statement, however many words it shares with one: a
        transcript's episode line, an email's subject, an opinion piece's title (its writer's
        view: "Opinion | The city is wrong to close the night buses" is not the council's)."""
        if not self.title:
            return False
        subject = any(
            _SUBJECT.match(s.text.strip())
            for s in self.document.sentences[:MAX_HEADER_LINES]
            if self.lines.get(s.number) == "title"
        )
        letter = _letter_salutation(self.text) is not None
        speech = _REMARKS_BY.fullmatch(self.title) is not None  # "Remarks by Governor ... at"
        heading = letter or speech or bool(_OPINION_LABEL.match(self.title))
        return bool(self.turns) or subject or heading

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.document.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding this character offset, if any."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        sentence = self.document.sentences[index]
        return sentence if offset < sentence.end else None

    def statement(self, number: int) -> Statement | None:
        if 1 <= number <= len(self.statements):
            return self.statements[number - 1]
        return None

    @cached_property
    def _statements_on(self) -> dict[int, int]:
        """How many statements rest on each sentence, by its number."""
        counts: dict[int, int] = {}
        for statement in self.statements:
            for n in set(statement.sentences):
                counts[n] = counts.get(n, 0) + 1
        return counts

    def stands_alone(self, statement: Statement) -> bool:
        """Whether no other statement rests on any of its sentences: counted once per reading,
        not by a scan of every statement for each claim (400 of them in a 10,000-word text)."""
        if self.statement(statement.number) is not statement:  # not one of this reading's
            return not any(
                other is not statement and set(other.sentences) & set(statement.sentences)
                for other in self.statements
            )
        return all(self._statements_on[n] == 1 for n in statement.sentences)

    def prompt_lines(self) -> str:
        return "\n".join(s.prompt_line() for s in self.statements)

    def line_kinds(self, kind: LineKind) -> list[int]:
        return sorted(n for n, k in self.lines.items() if k == kind)


def read(text: str, *, max_chars: int = 200_000) -> Reading:
    """Read a caller's text: validated and split (see `load_document`), then analysed."""
    return read_document(load_document(text, max_chars=max_chars))


def read_document(document: Document) -> Reading:
    voices = email_voices(document)
    if not voices.voices:
        voices = (
            _columnist(document)
            or _letter_writer(document)
            or _judge(document)
            or _speech(document)
            or voices
        )
    if (posts := _embedded_posts(document)) is not None:
        voices = _with_posts(voices, posts)
    if (signed := _talk_signatures(document)) is not None:
        voices = _with_posts(voices, signed)
    frames = _in_their_voice(tuple(analyze(document)), voices)
    turns = dialogue.turns(document)  # once per text: the checks of its claims ask again
    planted = tuple(instruction_sentences(document))
    wraps = wrapped(document, voices)
    lines = _line_kinds(document, turns, wraps)
    # "On Mon, 2 Nov 2026, Jonas Berg wrote:" says who writes, as "From: ..." does.
    headers = {
        s.number
        for s in document.sentences
        if voices.in_header(s.start) or voices.in_header(s.end - 1)
    }
    excluded = set(lines) | {s.number for s in planted} | headers
    statements = _statements(document, frames, turns, excluded, voices, wraps) or _statements(
        # A document of titles and fragments still says something: its lines are its statements.
        document,
        (),
        (),
        {n for n, kind in lines.items() if kind == "boilerplate"}
        | {s.number for s in planted}
        | headers,
        voices,
        wraps,
        min_words=1,
    )
    if "#" in document.text or "\n-" in document.text:
        statements = _under_lead_ins(document, lines, statements)
    return Reading(document, frames, turns, planted, lines, statements)


_CHANGE_HEADING = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*)?(?P<change>Added|Changed|Deprecated|Removed|Fixed|Security"
    r"|Breaking changes|Bug fixes|New features|Improvements)[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
"""A changelog's section heading ("### Removed", "Bug fixes:"): what each item under it is."""
_LEAD_IN = re.compile(
    r"[ \t]*(?P<lead>\S[^\n]*?\b(?i:should|must|will|would|shall|can|may|to|that|recommends?"
    r"|recommended|agreed|decided|resolved|proposes?|proposed))[ \t]*:[ \t]*"
)
"""A line that opens a sentence its list items finish: "The council should:", "Cabinet is
asked to:", "The panel recommended that:"."""


def _under_lead_ins(
    document: Document, lines: dict[int, LineKind], statements: tuple[Statement, ...]
) -> tuple[Statement, ...]:
    """List items with the line they stand under, when it says what they are: "- Support for
    Python 3.8." under "### Removed" says support was removed, and "- withdraw route N31 from
    April 2027;" under "The council should:" is a recommendation, neither of which the item
    alone says. The claim reads "Removed: Support for Python 3.8." or "The council should
    withdraw route N31 from April 2027.", and the line over the list is its evidence too."""
    text = document.text
    heading: Sentence | None = None
    under: dict[int, Sentence] = {}
    for sentence in document.sentences:
        line_start = text.rfind("\n", 0, sentence.start) + 1
        if lines.get(sentence.number) == "title":
            opens = _CHANGE_HEADING.fullmatch(sentence.text) or _LEAD_IN.fullmatch(sentence.text)
            heading = sentence if opens else None
            continue
        if heading is None:
            continue
        if LINE_MARKER.match(text, line_start):
            under[sentence.number] = heading
        elif line_start > heading.end:
            heading = None  # a paragraph, no item: the section's list has ended
    if not under:
        return statements
    out = []
    for statement in statements:
        head = under.get(statement.sentences[0]) if statement.kind == "own" else None
        if head is None:
            out.append(statement)
            continue
        moved = object.__new__(Statement)
        moved.__dict__.update(
            statement.__dict__,
            claim_text=_item_claim(head.text, statement),
            attribution=(Span(head.start, head.end),),
        )
        out.append(moved)
    return tuple(out)


def _item_claim(head: str, statement: Statement) -> str:
    if (change := _CHANGE_HEADING.fullmatch(head)) is not None:
        return f"{change.group('change').capitalize()}: {statement.claim_text}"
    lead = _LEAD_IN.fullmatch(head)
    assert lead is not None
    item = _ITEM_END.sub("", statement.text).strip().rstrip(".")
    if item[:1].isupper() and item[1:2].islower():
        item = item[0].lower() + item[1:]  # "The council should" + "Keep routes ..."
    return f"{lead.group('lead')} {item}."


_BYLINE = re.compile(r"[ \t]*By[ \t]+(?P<name>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){1,3})[ \t]*$")
BYLINE_LINES = 4
"""Lines from the top in which an opinion piece names its writer ("By Helen Okafor")."""


def _columnist(document: Document) -> EmailVoices | None:
    """An opinion piece's body in its writer's voice, as an email's is its sender's: "Cutting
    the routes will push them into unlicensed taxis" is Helen Okafor's view, not a fact the
    page states. None unless the first line is labelled as opinion and a byline names who."""
    text = document.text
    if not _OPINION_LABEL.match(text):
        return None  # most documents: their first line has no such label
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not _OPINION_LABEL.match(lines[0].group()):
        return None
    in_place = (_BYLINE.fullmatch(text, m.start(), m.end()) for m in lines[1:BYLINE_LINES])
    byline = next((b for b in in_place if b is not None), None)
    if byline is None:
        return None
    name = byline.group("name")
    span = Span(byline.start("name"), byline.start("name") + len(name))
    # "Helen Okafor is a nurse at St Mary's ...": the page's note on its writer.
    return _in_one_voice(
        text, (name, span), byline, len(text), skip=lambda line: line.startswith(name)
    )


_LINE_OF_TEXT = re.compile(r"[^\n]+")


def _in_one_voice(
    text: str,
    writer: tuple[str, Span],
    header: re.Match[str],
    end: int,
    skip: Callable[[str], bool] = lambda line: False,
) -> EmailVoices:
    """Every line with words from the end of `header` (the line that names the writer: a
    byline, a salutation, a judgment's heading) to `end`, in `writer`'s voice."""
    name, span = writer
    lines = [
        m
        for m in _LINE_OF_TEXT.finditer(text, header.end(), end)
        if m.group().strip() and not skip(m.group())
    ]
    voices = tuple(Voice(name, span, Span(m.start(), m.end())) for m in lines)
    return EmailVoices(voices=voices, headers=(Span(header.start(), header.end()),))


_SALUTATION = re.compile(r"^[ \t]*Dear[ \t]+[^\n,]{1,60},?[ \t]*$", re.MULTILINE)
_CLOSING = re.compile(
    r"^[ \t]*(?i:Yours[ \t]+(?:sincerely|faithfully|truly)|Sincerely(?:[ \t]+yours)?"
    r"|(?:Kind|Best|Warm)[ \t]+(?:regards|wishes)|Regards|With[ \t]+(?:thanks|best wishes))"
    r",?[ \t]*\n(?:[ \t]*\n)*[ \t]*(?P<name>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){1,3})[ \t]*$",
    re.MULTILINE,
)
"""A letter's closing and the name signed under it: "Yours sincerely," / "John Hart"."""


_JUDGE = (
    r"(?P<name>(?i:lord|lady|mr|mrs|ms)[ \t]+(?i:justice)[ \t]+[A-Z][\w’'-]+"
    r"|(?i:judge)[ \t]+[A-Z][\w’'-]+(?:[ \t]+[A-Z][\w’'-]+)?)"
)
_JUDGMENT_BY = (
    re.compile(
        rf"[ \t]*(?i:judgment|judgement|opinion)[ \t]+(?i:of|by)[ \t]+{_JUDGE}[ \t]*:?[ \t]*"
    ),
    re.compile(rf"[ \t]*{_JUDGE}[ \t]*:[ \t]*"),
)
"""Who gives a judgment, on a line over it: "Judgment of Lady Justice Moss", "LORD JUSTICE
HALE:", "Opinion by Judge Ana Ruiz"."""
JUDGMENT_LINES = 12
"""Lines from the top in which a judgment names its judge."""


def _judge(document: Document) -> EmailVoices | None:
    """A judgment's body in the voice of the judge who gives it: "I am satisfied that the
    Tribunal was entitled to reach that conclusion. The appeal is dismissed." is Lady Justice
    Moss's decision; what she says the appellant submits stays the appellant's."""
    text = document.text
    if "ustice" not in text and "udge" not in text and "USTICE" not in text:
        return None  # nearly every document
    lines = [m for m in _LINE_OF_TEXT.finditer(text) if m.group().strip()][:JUDGMENT_LINES]
    heading = next(
        (h for m in lines for p in _JUDGMENT_BY if (h := p.fullmatch(text, m.start(), m.end()))),
        None,
    )
    if heading is None:
        return None
    name = heading.group("name")
    name = name.title() if name.isupper() else name
    span = Span(heading.start("name"), heading.end("name"))
    return _in_one_voice(text, (name, span), heading, len(text))


_REMARKS_BY = re.compile(
    r"[ \t]*(?:Prepared[ \t]+|Full[ \t]+text[ \t]+of[ \t]+(?:the[ \t]+)?)?"
    r"(?i:remarks|speech|address|keynote(?:[ \t]+address)?|statement)[ \t]+(?i:by|of|from)[ \t]+"
    r"(?P<name>(?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w.’'-]+[ \t]+[A-Z][\w’'-]+)"
    r"(?=[ \t]*(?:$|,|:|[ \t](?:at|on|to|before|in|during|for)[ \t]))[^\n]*"
)
"""A speech's heading: "Remarks by Governor Maria Lopez at the opening of ...", "Prepared
remarks of Jerome Powell", "Speech by Rachel Kim, Chief Executive"."""


def _speech(document: Document) -> EmailVoices | None:
    """A speech's body in its speaker's voice, as a letter's is its writer's: "we will fix every
    unsafe bridge in Nevada by 2030" is the governor's promise, not a fact the page states. Only
    under a heading on the first line that names who speaks."""
    text = document.text
    first = _LINE_OF_TEXT.search(text)
    if first is None or not any(w in first.group().lower() for w in _SPEECH_WORDS):
        return None
    heading = _REMARKS_BY.fullmatch(text, first.start(), first.end())
    if heading is None:
        return None
    name = heading.group("name")
    span = Span(heading.start("name"), heading.end("name"))
    return _in_one_voice(text, (name, span), heading, len(text))


_SPEECH_WORDS = ("remarks", "speech", "address", "keynote", "statement")


_POST_CREDIT = re.compile(
    r"^[ \t]*[—–-]{1,2}[ \t]*(?P<name>[^()\n—]{1,60}?)[ \t]*\(@\w{1,30}\)"
    r"(?:[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?[ \t]+\d{4})?[ \t]*$",
    re.MULTILINE,
)
"""An embedded social post's credit line, under the post: "— Ana Torres (@MayorAnaTorres)
December 2, 2026"."""


def _embedded_posts(document: Document) -> EmailVoices | None:
    """The social posts an article embeds, each in the voice of the author its credit line
    names: "Gritters have been out since 2am" over "— Ana Torres (@MayorAnaTorres) December 2,
    2026" is the mayor's, not the article's. None for a text that embeds none."""
    text = document.text
    if "(@" not in text:
        return None  # nearly every document
    voices: list[Voice] = []
    headers: list[Span] = []
    for credit in _POST_CREDIT.finditer(text):
        name = credit.group("name").strip()
        if not name:
            continue
        start = credit.start("name") + credit.group("name").index(name)
        span = Span(start, start + len(name))
        # The post is the paragraph right above its credit.
        paragraph_start = text.rfind("\n\n", 0, credit.start()) + 1
        lines = _LINE_OF_TEXT.finditer(text, paragraph_start, credit.start())
        post = [m for m in lines if m.group().strip()]
        voices += [Voice(name, span, Span(m.start(), m.end())) for m in post]
        headers.append(Span(credit.start(), credit.end()))
    return EmailVoices(tuple(voices), tuple(headers)) if headers else None


_TALK_SIGNATURE = re.compile(
    r"[ \t]*(?:[—–-]{1,2}[ \t]*)?(?:\[\[User:[^|\]\n]{1,60}\|(?P<linked>[^\]\n]{1,60})\]\]"
    r"|(?P<name>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,3}))[ \t]*"
    r"\((?:\[\[User[ _]talk:[^|\]\n]{1,60}\|)?talk(?:\]\])?\)[ \t]*"
    r"\d{1,2}:\d{2},[ \t]+\d{1,2}[ \t]+[A-Z][a-z]{2,8}[ \t]+\d{4}[ \t]+\(UTC\)[ \t]*$",
    re.MULTILINE,
)
"""A wiki talk page's signature at the end of a comment: "—Ana Torres (talk) 10:14, 2 December
2026 (UTC)", "[[User:Ben Okafor|Ben Okafor]] ([[User talk:Ben Okafor|talk]]) 11:02, ..."."""


def _talk_signatures(document: Document) -> EmailVoices | None:
    """A talk page's comments, each in the voice of who signed it: "The March date was the
    planned opening" is Ben Okafor's reply, not the page's. The comment is the line the
    signature ends."""
    text = document.text
    if "(UTC)" not in text:
        return None  # nearly every document
    voices: list[Voice] = []
    headers: list[Span] = []
    for signature in _TALK_SIGNATURE.finditer(text):
        group = "linked" if signature.group("linked") else "name"
        name = signature.group(group).strip()
        span = Span(signature.start(group), signature.start(group) + len(name))
        line_start = text.rfind("\n", 0, signature.start()) + 1
        if text[line_start : signature.start()].strip(":* \t"):
            voices.append(Voice(name, span, Span(line_start, signature.start())))
        headers.append(Span(signature.start(), signature.end()))
    return EmailVoices(tuple(voices), tuple(headers)) if headers else None


def _with_posts(voices: EmailVoices, posts: EmailVoices) -> EmailVoices:
    """A document's voices with its embedded posts' in place of any the posts' lines had."""
    taken = {v.line.start for v in posts.voices}
    kept = [v for v in voices.voices if v.line.start not in taken]
    return EmailVoices(
        tuple(sorted([*kept, *posts.voices], key=lambda v: v.line.start)),
        tuple(sorted([*voices.headers, *posts.headers], key=lambda h: h.start)),
    )


def _letter_salutation(text: str) -> re.Match[str] | None:
    """A letter's "Dear Ms Patel," when a closing and a signature follow it; else None."""
    if "Dear" not in text:
        return None  # nearly every document: no salutation
    if (salutation := _SALUTATION.search(text)) is None:
        return None
    return salutation if _CLOSING.search(text, salutation.end()) else None


def _letter_writer(document: Document) -> EmailVoices | None:
    """A letter's body, from "Dear Ms Patel," to "Yours sincerely," / "John Hart", in the voice
    of who signs it, as an email's is its sender's: "I write to object to the proposed
    extension" is John Hart's objection, not the page's. None for a text that is no letter."""
    text = document.text
    if (salutation := _letter_salutation(text)) is None:
        return None
    closing = _CLOSING.search(text, salutation.end())
    assert closing is not None
    name = closing.group("name")
    span = Span(closing.start("name"), closing.start("name") + len(name))
    voices = _in_one_voice(text, (name, span), salutation, closing.start())
    return EmailVoices(voices.voices, headers=(Span(closing.start(), closing.end()),))


# --- lines that are not statements ---------------------------------------------------------------


def _line_of(text: str, sentence: Sentence) -> str:
    """The sentence's line, without a list item's or heading's mark ("## Results")."""
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    # "> Can we move it?": a quoted reply's marks are no part of its line's words.
    line = text[start : len(text) if end < 0 else end].strip().lstrip("> \t")
    marker = LINE_MARKER.match(line)
    return line[marker.end() :] if marker else line


def _line_kinds(
    document: Document, turns: tuple[Turn, ...], wraps: frozenset[int] = frozenset()
) -> dict[int, LineKind]:
    text = document.text
    # A pasted chat's header line ("priya — Today at 9:02 AM") says who writes the lines below.
    headers = (
        {
            t.speaker_span.start
            for t in turns
            if "\n" in text[t.speaker_span.start : t.content.start]
        }
        - {  # a turn's label, though its further paragraphs are said under it
            t.speaker_span.start
            for t in turns
            if "\n" not in text[t.speaker_span.start : t.content.start]
        }
    )
    # And the lines between a header's name and the words under it: "@ana@mastodon.social".
    first_words: dict[int, int] = {}  # a header's start -> where the words under it start
    for t in turns:
        if t.speaker_span.start in headers:
            at = t.speaker_span.start
            first_words[at] = min(first_words.get(at, t.content.start), t.content.start)
    header_lines = sorted(first_words.items())
    header_starts = [lo for lo, _ in header_lines]
    timed = caption_files.furniture(text)  # a caption file's "WEBVTT", cue numbers and timings
    timed_starts = [t.start for t in timed]
    speakers = {t.speaker_span.start for t in turns} - headers
    turn_starts = {t.content.start for t in turns} | speakers
    kinds: dict[int, LineKind] = {}
    furniture_lines: set[int] = set()  # line starts of short lines holding boilerplate
    captions: dict[int, bool] = {}  # line start -> whether the line is a caption
    about = False  # inside a press release's "About <company>" section
    cited = False  # inside an article's or a paper's closing "References"
    in_tables = tables.tables_of(document)
    for sentence in document.sentences:
        if in_tables.in_table(sentence):
            continue  # a table's header and rows state what the numbers are, without a stop
        if cited:
            kinds[sentence.number] = "boilerplate"
            continue
        line = _line_of(text, sentence)
        line_start = text.rfind("\n", 0, sentence.start) + 1
        under = bisect.bisect_right(header_starts, sentence.start) - 1
        if any(line_start <= s < sentence.end for s in headers) or (
            under >= 0 and sentence.start < header_lines[under][1]
        ):
            kinds[sentence.number] = "boilerplate"
            continue
        if timed:
            at = bisect.bisect_right(timed_starts, sentence.start) - 1
            if at >= 0 and timed[at].start <= sentence.start < timed[at].end:
                kinds[sentence.number] = "boilerplate"
            continue  # a cue's line is words spoken, however short
        if any(line_start <= s < sentence.end for s in turn_starts):
            continue  # a transcript's line is a speaker's turn, however short
        furniture = (
            _boilerplate(sentence.text)
            # "© 2026 City Herald. All rights reserved.": a short line's later sentence says
            # what its first is.
            or (len(line) <= MAX_FURNITURE_LINE and _boilerplate(line))
            or (line == sentence.text.strip() and _glued(line))
        )
        if furniture and len(line) <= MAX_FURNITURE_LINE:
            furniture_lines.add(line_start)
        if furniture or line_start in furniture_lines:
            kinds[sentence.number] = "boilerplate"
        elif _is_caption(captions, line_start, line) or _pictured(sentence.text):
            kinds[sentence.number] = "caption"
        elif (
            line == sentence.text.strip()
            and not {sentence.number, sentence.number - 1} & wraps  # a mail program's wrap
            and not _ENDS_SENTENCE.search(line)
            and len(_WORD.findall(line)) <= TITLE_MAX_WORDS
        ):
            about = _ABOUT.match(line) is not None
            cited = _REFERENCES.fullmatch(line) is not None
            kinds[sentence.number] = "boilerplate" if about or cited else "title"
        elif about:
            kinds[sentence.number] = "boilerplate"
    return kinds


_REFERENCES = re.compile(
    r"(?:References|Bibliography|Works cited|Citations|Notes and references|Further reading"
    r"|External links)\s*:?\s*",
    re.IGNORECASE,
)
"""An encyclopedia's or a paper's closing list of sources: "Petrov, I. (2004). Lakes of Rila."
is an entry, no statement. It runs to the end."""
_ABOUT = re.compile(
    r"About\s+(?:[A-Z][\w&.’'-]*\s*){1,5}$"
    r"|(?i:forward[- ]looking\s+statements?|safe\s+harbou?r(?:\s+statement)?"
    r"|cautionary\s+(?:note|statement)(?:\s+regarding\s+forward[- ]looking\s+statements)?)"
    r"\s*:?\s*$"
)
"""A press release's closing section on the company ("About Norvik Energy" over "Norvik Energy
is an independent power producer ..."), or its lawyers' "Forward-Looking Statements" notice:
the same paragraph under every release it sends, not this one's news. It runs to the next
heading."""


def _is_caption(seen: dict[int, bool], line_start: int, line: str) -> bool:
    """Whether the line is a caption, searched once per line: a scraped article is often one
    line, and searching all of it again for each of its sentences was most of the reading."""
    if line_start not in seen:
        seen[line_start] = _caption_line(line)
    return seen[line_start]


# What a sentence's or a line's own text decides, asked once per text (see service/memo.py).
@text_memo()
def _boilerplate(sentence: str) -> bool:
    return (
        _BOILERPLATE.search(sentence) is not None
        or _LONE_CLOCK.fullmatch(sentence) is not None
        or _PAGE_FURNITURE.fullmatch(sentence) is not None
    )


_LONE_CLOCK = re.compile(r"\s*[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[\])]?\s*")
"""A transcript's time on a line of its own ("0:05" over what was said then): no statement."""


_PAGE_FURNITURE = re.compile(
    r"(?:[^\n]*\S[ \t]{2,})?Page \d{1,4}(?: of \d{1,4})?(?:[ \t]{2,}\S[^\n]*)?"
    r"|-[ \t]*\d{1,4}[ \t]*-",
    re.IGNORECASE,
)
"""A printed page's running header or footer, in text taken from a PDF ("Annual Report 2026
      Page 3 of 12", "- 4 -"): no statement."""


@text_memo()
def _pictured(sentence: str) -> bool:
    return bool(_LABELLED_CAPTION.search(sentence) or _POSITIONED.search(sentence))


@text_memo()
def _caption_line(line: str) -> bool:
    return _CAPTION.search(line) is not None


_SUBJECT = re.compile(r"(?:Subject|RE):\s*(?:(?:Re|Fwd?|AW|WG|SV)\s*:\s*)*(.+)", re.IGNORECASE)

MAX_FURNITURE_LINE = 300
"""Characters: a line this short that holds boilerplate is boilerplate throughout."""


def _glued(line: str) -> bool:
    """Menu text with its words run together ("Share this withEmailFacebookMessenger")."""
    return len(re.findall(r"[a-z][A-Z]", line)) >= 3 and not _ENDS_SENTENCE.search(line)


_COURTESY = re.compile(
    r"(?:I\s+)?hope (?:this|the|my) (?:e-?mail|message|note|letter) finds you"
    r"|I hope you(?:'re| are)(?: all)? (?:well|doing well|keeping well)"
    r"|(?:Many )?(?:Thanks|Thank you)(?: so much| very much)? for (?:your|the) (?:e-?mail|message"
    r"|note|reply|time)"
    r"|(?:Just )?following up on (?:our|my|your|the|last|yesterday)"
    # A conversation's: "Welcome back to Work Shift.", "Thanks, Maya. Good to be here.",
    # "Tom Adeyemi, thank you.", "Hi all,".
    r"|(?:good (?:morning|afternoon|evening),?\s+(?:and\s+)?)?welcome(?: back)? to\b"
    r"|thanks for having me|(?:it's |it is )?(?:good|great|nice|glad) to "
    r"(?:be here|be back(?:\s+(?:in|at)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})?\s*[.!]"
    r"|have you|see you)"
    r"|(?:thanks|thank you)(?: so much| very much| all| both)?(?:,\s*[A-Z][\w’'-]*)?\s*[.!]"
    r"|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2},\s+thank you(?: (?:so|very) much)?\s*[.!]"
    r"|thank you(?: all)? for (?:coming|joining|listening|having me)"
    # A speech's: "Please, have a seat.", "God bless you, and God bless Nevada."
    r"|(?:please,?\s+)?(?:have|take) a seat\s*[.!]|please be seated\s*[.!]"
    r"|(?:and\s+)?(?:may\s+)?god bless (?:you|america|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)"
    r"(?:,?\s+and\s+(?:may\s+)?god bless (?:you|america|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?))?"
    r"\s*[.!]"
    r"|(?:hi|hello|hey|good (?:morning|afternoon|evening)|morning|evening)"
    r"(?: all| everyone| team| folks| guys)?"
    r"[\s,.!]*$",
    re.IGNORECASE,
)
"""A courtesy of a letter or a conversation ("I hope this email finds you well.", "Thanks,
Maya. Good to be here."): it opens or closes, it is not what a summary says."""


_INTRODUCTION = re.compile(
    r"(?:I'm|I’m|I am|my name is|this is)\s+[A-Z][\w’'-]*.{0,80}\bwith me\b"
    r"|(?:and\s+)?(?:with me|joining (?:me|us))\s+(?:today|now|here)?",
    re.IGNORECASE,
)
"""A host's introduction ("I'm Maya Lin, and with me today is Tom Adeyemi ...")."""
_PROCEDURE = re.compile(
    r"(?:please\s+)?state your (?:full )?name(?: and [\w ]{1,30})? for the record\s*[.!]"
    r"|if (?:he|she|they) will list (?:his|her|their) official engagements\b[^.]*[.!]"
    r"|this morning I had meetings with ministerial colleagues and others\s*[.!]"
    r"|in addition to my duties in (?:this|the) House,? I shall have further such meetings"
    r"|order[.!](?:\s*order[.!])*\s*$"
    r"|(?:please be seated|(?:[A-Z][\w.]*\s+){0,3}[A-Z][\w]*,\s+you may (?:continue|proceed|"
    r"step down)|the witness may answer|overruled|sustained|objection(?:,\s*[\w ]{1,20})?"
    r"|leading|hearsay|relevance|speculation|asked and answered"
    r"|we(?:['’]ll| will) be right back|stay with us)\s*[.!]",
    re.IGNORECASE,
)
"""A proceeding's fixed words, which say nothing of its matter: a deposition's "Please state
your name for the record.", Prime Minister's Questions' "If he will list his official
engagements for Wednesday 2 December." and its answer, the Speaker's "Order.", a court's
"Please be seated." and "Mr. Holt, you may continue."."""
_MODERATION = re.compile(
    r"(?:Operator|Moderator|Conference operator|(?:Mr|Madam)(?: Deputy)? Speaker)\s*:",
    re.IGNORECASE,
)
"""A call operator's turn ("Operator: Our first question comes from Raj Mehta ..."), and the
chair of a parliament's ("Mr Speaker: Order. I want to hear the answers.")."""


@text_memo()
def courtesy(text: str) -> bool:
    """Whether a statement's text says nothing but courtesies, sentence by sentence ("Thanks,
    Maya. Good to be here."; not "Thanks, operator. Revenue for the quarter was $412 million"),
    or is a call operator's; a turn's ("Maya Lin: Welcome back ...") without its speaker."""
    if _MODERATION.match(text):
        return True
    if (named := _NAME_ANSWER.fullmatch(text)) and named["speaker"] == named["content"]:
        return True  # "Daniel Reeves: Daniel Reeves.", the answer to "State your name."
    return bool(text.strip()) and not past_courtesies(_TURN_SPEAKER.sub("", text, count=1))


@text_memo()
def past_courtesies(text: str) -> str:
    """The text from its first sentence that is no courtesy ("Good afternoon. 312 people are in
    hospital." -> "312 people are in hospital."); "" when every sentence is one."""
    rest = text.strip()
    while rest:
        first, *after = _SENTENCE_BREAK.split(rest, maxsplit=1)
        if not (_COURTESY.match(first) or _INTRODUCTION.match(first) or _PROCEDURE.match(first)):
            return rest
        rest = after[0] if after else ""
    return ""


_TURN_SPEAKER = re.compile(r"^[^:\n]{1,48}:\s+")
_NAME_ANSWER = re.compile(r"(?P<speaker>[^:\n]{1,48}):\s+(?P<content>[^:\n]{1,48}?)[.!]?\s*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bMrs\.)\s+")


# --- statements ----------------------------------------------------------------------------------


_FIRST_PERSON = frozenset("i we".split())


def _unresolved_first_person(text: str, frame: Frame) -> bool:
    """A speech's "I want to be straight with you", a column's "Next year we expect ...": the
    writer's own words, as the rest of the document is, when no email voice says who "I" is.
    Not on a line with quotation marks: there "I think ..." is whoever is quoted."""
    said = (frame.source_text or "").lower().split()
    if not said or said[-1] not in _FIRST_PERSON or frame.source != frame.source_text:
        return False
    span = frame.source_span or frame.content[0]
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.start)
    return not _QUOTE_MARK.search(text, line_start, len(text) if line_end < 0 else line_end)


_QUOTE_MARK = re.compile(r"[“”\"«»]|(?<![^\W\d_])['‘]|['’](?![^\W\d_])")
"""A quotation mark, not an apostrophe ("I'd", "Marcus's")."""


def _in_their_voice(frames: tuple[Frame, ...], voices: EmailVoices) -> tuple[Frame, ...]:
    """An email's "I" and "we" are its writer: the sender in the body, the quoted writer in a
    quoted reply ("> We can't take the crane before 10" under "Jonas Berg wrote:" is his). A
    frame that a quote header makes ("Jonas Berg wrote:" and the line after it) is left to the
    voices, which give every quoted line its writer."""
    if not voices.voices and not voices.headers:
        return frames
    found = []
    for frame in frames:
        span = frame.source_span
        if span is not None and voices.in_header(span.start):
            continue
        voice = voices.at(span.start) if span is not None else None
        if voice is not None and (frame.source_text or "").lower() in _FIRST_PERSON:
            frame = replace(
                frame,
                source=voice.speaker,
                antecedent=voice.speaker_span,
                kind="named",
                certain=frame.cue is not None,
            )
        found.append(frame)
    return tuple(found)


def _statements(
    document: Document,
    frames: tuple[Frame, ...],
    turns: tuple[Turn, ...],
    excluded: set[int],
    voices: EmailVoices,
    wraps: frozenset[int],
    *,
    min_words: int = 3,
) -> tuple[Statement, ...]:
    text = document.text
    starts = [s.start for s in document.sentences]

    def number_at(offset: int) -> int:
        return max(1, bisect.bisect_right(starts, offset))

    found: list[Statement] = []
    in_tables = tables.tables_of(document)
    turn_lines = [(t.speaker_span.start, t.content.end) for t in turns]
    for turn in turns:
        first, last = number_at(turn.content.start), number_at(turn.content.end - 1)
        if first in excluded:
            continue
        content = text[turn.content.start : turn.content.end]
        found.append(
            Statement(
                number=0,
                kind="turn",
                sentences=tuple(range(first, last + 1)),
                content=(turn.content,),
                text=content,
                claim_text=f"{_described(turn.speaker)}: {content}",
                source=turn.speaker,
                cue=None,
                stance="asserts",
                attribution=(turn.speaker_span, *([turn.named_at] if turn.named_at else [])),
            )
        )

    def in_turn(span: Span) -> bool:
        return any(lo <= span.start < hi for lo, hi in turn_lines)

    per_sentence: dict[int, int] = {}
    framed: list[Frame] = []
    for frame in frames:
        if not frame.source or in_turn(frame.content[0]):
            continue
        if any(n in excluded for n in frame.sentences[:1]):
            continue
        if _aside(text, frame, frames) or _unresolved_first_person(text, frame):
            continue
        framed.append(frame)
        for n in frame.sentences:
            per_sentence[n] = per_sentence.get(n, 0) + 1
    for frame in framed:
        lead = _writers_clause(document, frame, frames)
        found.append(
            _attributed(
                document,
                frame,
                # After the writer's own clause the report is told from its parts ("Traders
                # said the plan would cut ..."), or it would say the clause again.
                alone=lead is None and all(per_sentence[n] == 1 for n in frame.sentences),
                after_lead=lead is not None,
            )
        )
        if lead is not None:
            found.append(_own(document, frame.sentences[0], lead))

    covered = {n for s in found for n in s.sentences}
    cue_wraps = caption_files.wrapped(document)
    for sentence in document.sentences:
        if sentence.number in excluded or sentence.number in covered:
            continue
        if sentence.number in cue_wraps:
            # A cue's line that ends no sentence goes on in the next: one statement of both.
            parts = [sentence]
            while (after := cue_wraps.get(parts[-1].number)) and (more := document.sentence(after)):
                if after in excluded or after in covered or len(parts) >= MAX_CUE_PARTS:
                    break
                parts.append(more)
            covered.update(s.number for s in parts)
            found.append(_written(parts, None))
            continue
        if (voice := voices.at(sentence.start)) is not None:
            parts = [sentence]
            while parts[-1].number in wraps and (more := document.sentence(parts[-1].number + 1)):
                if more.number in excluded or more.number in covered:
                    break
                parts.append(more)
            covered.update(s.number for s in parts)
            if len(_WORD.findall(" ".join(s.text for s in parts))) >= min_words:
                found.append(_written(parts, voice))
            continue
        if len(_WORD.findall(sentence.text)) < min_words and not in_tables.in_table(sentence):
            continue  # "| US | 60 | -2% |" is a statement, however few its words
        found.append(_own(document, sentence.number, Span(sentence.start, sentence.end)))
    found.sort(key=lambda s: (s.start, s.kind != "own"))
    return tuple(_numbered(s, i) for i, s in enumerate(found, 1))


MAX_CUE_PARTS = 6
"""Cue lines one statement joins at most: a caption file's sentence, not a paragraph."""


_ITEM_END = re.compile(r"\s*;(?:\s+(?:and|or))?\s*$")
"""A list item's end: its claim a sentence of its own, "Approve the closure ... N31."."""


def _own(document: Document, number: int, span: Span) -> Statement:
    """What the document states in its own voice: a sentence, or the clause before a report."""
    said = span.quote(document.text)
    sentence = document.sentence(number)
    whole = sentence is not None and (sentence.start, sentence.end) == (span.start, span.end)
    row = tables.tables_of(document).row_of(sentence) if sentence and whole else None
    if row is not None:
        claim = tables.reading(*row)  # "Europe: revenue £142 million, rose 15%."
    else:
        item = _ITEM_END.sub("", said)  # "(a) approve the closure of routes N12 and N14;"
        claim = standing_alone(item if item.endswith((".", "!", "?")) else f"{item}.")
    return Statement(
        number=0,
        kind="own",
        sentences=(number,),
        content=(span,),
        text=said,
        claim_text=claim,
        source=None,
        cue=None,
        stance="asserts",
        attribution=(),
    )


_BEFORE_A_REPORT = re.compile(
    r"(?P<clause>\S.*?\w)\s*,?\s+(?:after|when|because|since|while|before|until|once)\s+$"
)
MIN_CLAUSE_WORDS = 4
_QUOTE_MARK = re.compile(r"[\"“”‘«»]|(?<!\w)'|'(?!\w)")


def _writers_clause(document: Document, frame: Frame, frames: tuple[Frame, ...]) -> Span | None:
    """The document's own clause before a report in its sentence: "The city council has
    delayed a vote until January, after traders said the plan would cut trade by a fifth",
    "The mayor resigned on Monday after the newspaper reported that she had lied". The delay
    and the resignation are the writer's facts, not the traders' or the newspaper's."""
    span = frame.source_span
    sentence = document.sentence(frame.sentences[0]) if frame.sentences else None
    if span is None or frame.cue is None or sentence is None:
        return None
    if not sentence.start < span.start < frame.content[0].start:
        return None
    lead = _BEFORE_A_REPORT.fullmatch(document.text, sentence.start, span.start)
    if lead is None or len(_WORD.findall(lead.group("clause"))) < MIN_CLAUSE_WORDS:
        return None
    if _QUOTE_MARK.search(lead.group("clause")):
        return None  # "'Last year he looked like the winner and there was a point when I ...":
        # a speaker's quotation, not the writer's clause
    clause = Span(lead.start("clause"), lead.end("clause"))
    if any(touches(f.content, (clause,)) for f in frames):
        return None  # another frame reports it ("Police said the mayor resigned after ...")
    return clause


def _relative(text: str, frame: Frame) -> bool:
    """Whether what the frame says opens with a relative pronoun standing alone ("which … will
    be the largest"), the reporting verb inside its clause: ", which it says will be ..."."""
    first = frame.content[0]
    return text[first.start : first.end].lower() in ("which", "who", "that")


def _aside(text: str, frame: Frame, frames: tuple[Frame, ...]) -> bool:
    """A relative clause in which the sentence's speaker goes on ("Norvik Energy announced plans
    to build a plant at Wilton, which it says will be the largest in northern England"): no
    statement of its own ("which … will be the largest"), but part of its sentence's."""
    if not _relative(text, frame):
        return False
    if (frame.source_text or "").lower() not in ("it", "they", "he", "she"):
        return False
    return any(
        other is not frame and other.sentences[:1] == frame.sentences[:1] and other.source
        for other in frames
    )


def _written(parts: list[Sentence], voice: Voice | None) -> Statement:
    """A sentence of an email in its writer's voice: the sender's, or a quoted reply's writer's
    ("Jonas Berg: Can we move it?"), as a transcript's line is its speaker's. A sentence the
    mail program wrapped over lines is one statement of each line's part, the marks left out.
    With no voice, a sentence a caption file wraps over cue lines: the document's own."""
    said = " ".join(s.text.strip() if voice is None else s.text for s in parts)
    return Statement(
        number=0,
        kind="own" if voice is None else "turn",
        sentences=tuple(s.number for s in parts),
        content=tuple(Span(s.start, s.end) for s in parts),
        text=said,
        claim_text=standing_alone(said)
        if voice is None
        else f"{voice.speaker}: {standing_alone(said)}",
        source=None if voice is None else voice.speaker,
        cue=None,
        stance="asserts",
        attribution=() if voice is None else (voice.speaker_span,),
    )


def _numbered(statement: Statement, number: int) -> Statement:
    """The statement under its number, its fields copied rather than passed through the frozen
    `__init__` again (as `frame.updated` does: 0.5 against 2 us, for every statement of every
    document). The same statement: Statement has no `__post_init__` and nothing cached on it."""
    numbered = object.__new__(Statement)
    numbered.__dict__.update(statement.__dict__, number=number)
    if "\n" in statement.text:  # a paragraph wrapped at a fixed width: one line, as it reads
        numbered.__dict__.update(
            text=_one_line(statement.text), claim_text=_one_line(statement.claim_text)
        )
    return numbered


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]*\r?\n[ \t]*", " ", text)


def _attributed(
    document: Document, frame: Frame, *, alone: bool, after_lead: bool = False
) -> Statement:
    text = document.text
    sentences = [s for n in frame.sentences if (s := document.sentence(n))]
    content = frame.content
    words = len(_WORD.findall(frame.content_quote))
    shown = frame.content_quote
    if (words < MIN_CONTENT_WORDS or _relative(text, frame)) and sentences:
        # "The army denied the report.", "Our bill rose 15%, which we think is worth it": the
        # content reads only with its sentence; after the writer's own clause, from its source
        # on ("... after the newspaper reported that she had lied").
        begin = frame.source_span.start if after_lead and frame.source_span else sentences[0].start
        content = (Span(begin, sentences[-1].end),)
        shown = text[content[0].start : content[0].end]
    claim_text = _claim_text(document, frame, sentences, shown, content, alone=alone)
    return Statement(
        number=0,
        kind="attributed",
        sentences=frame.sentences,
        content=content,
        text=shown,
        claim_text=claim_text,
        source=frame.source,
        cue=frame.cue_text,
        stance=frame.stance,
        attribution=tuple(frame.attribution_spans()),
        certain=frame.certain,
        frame=frame,
    )


def _claim_text(
    document: Document,
    frame: Frame,
    sentences: list[Sentence],
    content: str,
    spans: tuple[Span, ...],
    *,
    alone: bool,
) -> str:
    """The statement with its attribution, as a sentence: its own sentence when it is the only
    statement there (a pronoun replaced by the name it stands for), else built from its parts."""
    text = document.text
    source = frame.source or ""
    if source == CHECKED_CLAIM:  # "The claim that Mayor Ana Torres said ... is rated false."
        return f"The claim that {content.strip().rstrip('.')} is {frame.cue_text}."
    first_person = (frame.source_text or "").lower() in _FIRST_PERSON
    if sentences and first_person and source.lower() != (frame.source_text or "").lower():
        # An email's "I think we can move it": the writer's own sentence, in the writer's voice
        # ("Rachel Moss think ..." would not read).
        whole = text[sentences[0].start : sentences[-1].end].strip()
        return f"{source}: {standing_alone(whole)}"
    span = frame.source_span
    # "But that her party want ...", a quote going on after "... she said.": a sentence that
    # does not name its speaker reads alone only with the attribution built in.
    names_speaker = span is None or (
        bool(sentences) and sentences[0].start <= span.start < sentences[-1].end
    )
    if alone and sentences and names_speaker:
        start, end = sentences[0].start, sentences[-1].end
        if (
            span is not None
            and frame.source_text
            and frame.antecedent is not None
            and not start <= frame.antecedent.start < end
            and source.lower() != frame.source_text.lower()
            and start <= span.start < end
        ):
            # "He said ...": the name it stands for, from an earlier sentence. "calling out an
            # online hater who accused ...": the sentence names it already.
            named = _capital_first(source) if span.start == start else source
            return (text[start : span.start] + named + text[span.end : end]).strip()
        return standing_alone(text[start:end].strip())
    body = without_dateline(content.strip()).rstrip(".")
    if span is not None and any(c.start <= span.start and span.end <= c.end for c in spans):
        return body + "."  # the content names its source itself ("The airport rejected ...")
    cue = _finite((frame.cue_text or "said").strip())
    stop = "" if _ENDS_IN_QUOTE.search(body) else "."  # "... on poverty.'", not ".'."
    if cue.lower() == "according to":
        return f"According to {source}, {body}{stop}"
    return f"{_capital_first(source)} {cue} {body}{stop}"


_ENDS_IN_QUOTE = re.compile(r"[.!?][\"'”’]$")


_IRREGULAR_PAST = {"saying": "said", "telling": "told", "writing": "wrote", "speaking": "spoke"}


def _finite(cue: str) -> str:
    """A cue as the verb of a sentence of its own: "..., adding: 'Don't you dare ...'" makes
    "The Prime Minister added ...", not "The Prime Minister adding ..."."""
    if " " in cue or not cue.endswith("ing") or len(cue) < 6:
        return cue
    return _IRREGULAR_PAST.get(cue.lower(), cue[:-3] + "ed")


def _described(speaker: str) -> str:
    """A speaker who is a description opens a sentence in capitals ("A reporter: ..."); a
    chat handle stays as its writer spells it ("priya")."""
    return _capital_first(speaker) if speaker.startswith(("a ", "an ", "the ")) else speaker


def _capital_first(text: str) -> str:
    return text[:1].upper() + text[1:]
