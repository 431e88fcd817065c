"""Who says what in a document: attribution frames read off its reporting structure.

A frame is a source (who), a cue (the reporting verb or phrase) and the content attributed, each
a span of the original text. Frames are found by quotation marks, reporting verbs, "according to"
and appositives; pronouns and short references ("he", "the minister") are resolved to the nearest
fitting name a few sentences back. Regular expressions only: a 600-word article takes a few ms,
and every decision can be read back in a check's reason.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from service.document import Document
from service.schemas import Stance

SourceKind = Literal["named", "unnamed", "pronoun", "description"]

RESOLVE_WINDOW = 4
"""How many sentences back a pronoun or short reference may find its name."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True)
class Attribution:
    """One frame: `source` (resolved) said `content`, by `cue`. Spans index the original text."""

    content: tuple[Span, ...]
    cue: Span | None
    cue_text: str | None
    source_span: Span | None
    source_text: str | None
    """The source as written where the frame is: "he", "the minister", "activists"."""
    source: str | None
    """The source as the document names it: a pronoun resolved to its name, else `source_text`."""
    kind: SourceKind
    stance: Stance
    direct_quote: bool
    certain: bool
    """False for a quote with no reporting verb of its own, or a pronoun left unresolved."""
    antecedent: Span | None = None
    inner: Attribution | None = None
    """A nested frame inside the content ("X said that Y told him..."): Y's frame."""
    sentences: tuple[int, ...] = ()

    @property
    def start(self) -> int:
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        return max(s.end for s in self.content)

    def content_text(self, text: str) -> str:
        return " … ".join(s.quote(text) for s in self.content)

    def attribution_spans(self) -> list[Span]:
        """Source and cue as one phrase when they stand together, else apart; plus the name a
        pronoun stands for."""
        parts = sorted(s for s in (self.source_span, self.cue) if s is not None)
        spans: list[Span] = []
        if len(parts) == 2 and parts[1].start - parts[0].end <= 60:
            spans.append(Span(parts[0].start, parts[1].end))
        else:
            spans.extend(parts)
        if self.antecedent is not None and all(
            not self.antecedent.overlap(s) for s in self.content
        ):
            spans.append(self.antecedent)
        return spans


# --- the lexicon ------------------------------------------------------------------------------

_STRONG = """
say says said saying tell tells told telling report reports reported reporting claim claimed
claiming allege alleges alleged alleging add adds added warn warns warned warning insist insists
insisted insisting stated stating announce announces announced announcing explain explains
explained note noted noting write writes wrote writing argue argues argued assert asserts
asserted maintain maintains maintained contend contends contended declare declares declared
testify testifies testified reply replies replied respond responds responded stress stressed
emphasize emphasizes emphasized emphasise emphasises emphasised tweet tweeted reiterate
reiterated recall recalls recalled caution cautioned complain complains complained accuse
accuses accused admit admits admitted acknowledge acknowledges acknowledged concede conceded
urge urges urged blamed predicted estimated
"""
_WEAK = """
believe believes believed think thinks thought find finds found show shows showed shown reveal
reveals revealed indicate indicates indicated learn learned learnt hope hopes hoped fear fears
feared expect expects expected agree agrees agreed conclude concluded suggest suggests suggested
describe described cite cites cited mention mentions mentioned continued vow vowed pledge pledged
promise promised threaten threatened
"""
_DENY = """
deny denies denied denying reject rejects rejected rejecting dismiss dismisses dismissed
dismissing refute refutes refuted dispute disputes disputed contradict contradicts contradicted
rebut rebutted countered
"""
_CONFIRM = "confirm confirms confirmed confirming corroborate corroborated verify verified"

_STANCE: dict[str, Stance] = {w: "asserts" for w in (_STRONG + _WEAK).split()}
_STANCE.update({w: "denies" for w in _DENY.split()})
_STANCE.update({w: "confirms" for w in _CONFIRM.split()})
_WEAK_CUES = frozenset(_WEAK.split())
_TELL = frozenset("tell tells told telling warned warn warns urged urge assured informed".split())
_FOLLOW_UPS = "adding|saying|noting|arguing|insisting|warning|explaining|claiming|stressing"

_B = r"(?<![\w’'-])"
_E = r"(?![\w’'-])"
_CUE = re.compile(
    _B + r"(?:[Aa]ccording to|pointed out|" + "|".join(sorted(_STANCE, key=len, reverse=True)) + ")" + _E
)
# A clause ends before the source of a cue at punctuation or a subordinating word.
_BOUNDARY = re.compile(
    r"[,;:()\[\]—–“”\"«»]|\s-\s|"
    + _B
    + r"(?:that|and|but|while|as|because|after|when|where|if|though|although|since|before|so|or|"
    r"which|whom|whose|who|than|then|said|says)"
    + _E
)
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|would|will|could|can|may|might|also|later|earlier|previously|"
    r"repeatedly|reportedly|publicly|privately|again|then|further|separately|subsequently|"
    r"recently|once|initially|originally|first|last|long|never|always|often|openly|quickly|"
    r"immediately|flatly|strongly|categorically|vehemently|angrily|not|did|does|do|since|"
    r"already|yet|now|simply|only|even|just|too)"
    r"|\s+(?:late |early )?on\s+[A-Z]\w+day|\s+(?:last|this)\s+\w+"
    r"|\s+in\s+(?:an?|the|his|her|their|its)\s+[\w\s-]{0,30}?"
    r"(?:statement|interview|post|tweet|briefing|release|report|speech|letter|message))\s*$"
)
_ADVERBIAL_HEAD = re.compile(
    r"\s*,?\s*(?:on|in|at|to|during|after|before|from|via|late|early|last|this|earlier|later|"
    r"yesterday|today|tonight|also|again|afterwards|recently|previously|when|while|by|through|"
    r"with|for|as|of|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|—|–|-)" + _E
)
_LEAD_IN = re.compile(
    r"(?:\s*,?\s*(?:(?:late |early )?on\s+[A-Z]\w+day|yesterday|today|earlier|later|also|again|"
    r"in\s+(?:an?|the|his|her|their|its)\s+[\w\s-]{0,30}?"
    r"(?:statement|interview|post|tweet|briefing|release|report|speech|letter|message)|"
    r"(?:to|on|in)\s+(?:reporters|journalists|[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*))"
    + _E
    + r"|\s*,)*"
)
_TELL_OBJECT = re.compile(
    r"\s+(?:reporters|journalists|me|us|him|her|them|the\s+(?:[A-Z][\w’'&.-]*\s*)+|"
    r"(?:[A-Z][\w’'&.-]*)(?:\s+(?:[A-Z][\w’'&.-]*|of|for))*)" + _E
)
_THAT = re.compile(r"\s*(?:that" + _E + r"|:)?\s*")
_FINITE_START = re.compile(
    r"(?:is|was|were|are|had|has|have|would|will|to|and|or|by|of)" + _E + r"|[,.;:!?)]"
)
_FOLLOW_UP = re.compile(r",\s+(?P<cue>" + _FOLLOW_UPS + r")" + _E + r"(?:\s+that" + _E + r")?\s*")
_SENTENCE_END = re.compile(r"\s*[.!?]*\s*$")
_WORD = re.compile(r"[\w’'.&-]+")

_PRONOUNS = frozenset("he she they it we i you".split())
_DETERMINERS = frozenset(
    "the a an this that these those some many several his her their its our two three four "
    "five six other another most few both each one".split()
)
_UNNAMED_HEADS = frozenset(
    """
    activists activist officials official sources source witnesses witness residents resident
    analysts analyst experts expert diplomats diplomat critics observers observer doctors doctor
    medics medic rescuers police media spokesperson spokesman spokeswoman people locals monitors
    aides aide insiders insider investigators investigators authorities lawmakers campaigners
    supporters opponents protesters protestors rebels militants soldiers troops survivors
    relatives family families members member workers staff employees researchers scientists
    economists observers commentators reports polls poll study studies survey surveys data
    """.split()
)
_PERSON_ROLES = frozenset(
    """
    minister spokesman spokeswoman spokesperson president official commander general senator
    governor candidate chairman chairwoman chair secretary director chief leader mayor ambassador
    envoy prosecutor judge lawyer attorney colonel captain officer head adviser advisor aide
    premier chancellor king queen prince sheikh congressman congresswoman representative nominee
    """.split()
)
_ORG_WORDS = frozenset(
    """
    ministry observatory army council agency committee group party department office police times
    post news reuters afp associated press organization organisation union court government
    commission institute university bank corp inc company campaign foundation center centre
    service forces force guard front movement network media board authority administration
    coalition alliance federation association league nations republic kingdom states senate house
    congress parliament assembly bureau fbi cia white journal tribune guardian telegraph bbc cnn
    fox nbc abc cbs monitor military
    """.split()
)
_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. gov gov. sen sen. rep rep. gen gen. col col. president minister
    prime defence defense foreign interior secretary chairman commander general senator governor
    king queen prince sheikh judge spokesman spokeswoman spokesperson lt lt. capt capt. sgt sgt.
    """.split()
)
_CAPITAL_FUNCTION_WORDS = frozenset(
    """
    the a an in on at but and or so yet as if when while after before since because though
    although however meanwhile also still then there this that these those it its he she they we
    i his her their our for from with without by to of according asked speaking last next
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """.split()
)
_NAME = re.compile(
    r"(?<![\w’'-])[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|de|del|al|bin|van|von|the|and)\s+)*"
    r"[A-Z][\w’'.&-]*)*"
)
_OPEN_QUOTES = "“„«"
_CLOSE_QUOTES = "”»"


# --- quotation marks ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Quote:
    span: Span  # marks included
    closed: bool

    @property
    def is_speech(self) -> bool:
        return True


def _quotes(text: str) -> list[_Quote]:
    """Quoted stretches, marks included. A quote left open at a paragraph's end (news style for a
    quote that runs on) ends there; short quoted phrases (scare quotes, titles) are left out."""
    found: list[_Quote] = []
    for line in re.finditer(r"[^\r\n]+", text):
        opened: int | None = None
        base = line.start()
        chunk = line.group().replace("''", '" ').replace("``", '" ')
        for i, char in enumerate(chunk):
            if char in _OPEN_QUOTES or (char == '"' and opened is None):
                opened = base + i
            elif (char in _CLOSE_QUOTES or char == '"') and opened is not None:
                found.append(_Quote(Span(opened, base + i + 1), closed=True))
                opened = None
        if opened is not None and line.end() - opened > 1:
            found.append(_Quote(Span(opened, line.end()), closed=False))
    return [q for q in found if len(_WORD.findall(q.span.quote(text))) >= 4]


# --- noun phrases ------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _strip_aux(text: str, start: int, end: int) -> int:
    """End of a source phrase once auxiliaries and adverbials before the cue are taken off."""
    while True:
        match = _AUX_TAIL.search(text, start, end)
        if match is None or match.start() <= start:
            return end
        end = match.start()


def _valid_source(phrase: str) -> bool:
    tokens = _WORD.findall(phrase)
    if not 1 <= len(tokens) <= 12:
        return False
    first, last = tokens[0], tokens[-1].lower()
    lowered = [t.lower() for t in tokens]
    if all(t in _DETERMINERS for t in lowered):
        return False
    if any(t in {"is", "was", "were", "are", "be", "been", "it’s", "it's", "there"} for t in lowered):
        return False
    if lowered[0] in _PRONOUNS:
        return len(tokens) == 1
    if first[0].isupper() or first[0].isdigit() or lowered[0] in _DETERMINERS:
        return True
    return last in _UNNAMED_HEADS or last in _PERSON_ROLES or last in _ORG_WORDS


def _source_before(text: str, lo: int, cue_start: int) -> Span | None:
    """The source phrase ending at a cue: back to the clause boundary, skipping one appositive
    ("Ahmed Said, a spokesman for the group, said")."""
    end = _strip_aux(text, lo, cue_start)
    boundaries = [m for m in _BOUNDARY.finditer(text, lo, end)]
    start = boundaries[-1].end() if boundaries else lo
    s, e = _trim(text, start, end)
    if e > s:
        if boundaries and boundaries[-1].group() in "“”\"«»" and boundaries[-1].end() == start:
            pass
        return Span(s, e) if _valid_source(text[s:e]) else None
    # Nothing between the boundary and the cue: "X, a spokesman, said" or "X, in a statement, said".
    if not boundaries or boundaries[-1].group() != ",":
        return None
    comma = boundaries[-1].start()
    before = [m for m in boundaries[:-1] if m.group() == "," or m.start() < comma]
    if not before or before[-1].group() != ",":
        return None
    appositive = text[before[-1].end() : comma]
    if not appositive.strip() or len(_WORD.findall(appositive)) > 10:
        return None
    outer = before[:-1]
    s = outer[-1].end() if outer else lo
    s, e = _trim(text, s, before[-1].start())
    if e > s and _valid_source(text[s:e]):
        return Span(s, e)
    return None


def _source_after(text: str, start: int, hi: int) -> Span | None:
    """An inverted source: ', said the minister.' or ', said Ahmed Said, a commander.'"""
    match = re.compile(r"[^,.;:!?“”\"()]+").match(text, start, hi)
    if match is None:
        return None
    s, e = _trim(text, match.start(), match.end())
    tail = text[e:hi].lstrip()
    if e <= s or (tail and tail[0] not in ",.;!?”\"" and not tail.startswith("(")):
        return None
    phrase = text[s:e]
    tokens = _WORD.findall(phrase)
    if tokens and tokens[0].lower() not in _DETERMINERS and not tokens[0][0].isupper():
        return None
    return Span(s, e) if _valid_source(phrase) else None


def _content_end(text: str, start: int, end: int) -> int:
    """End of a content span: the sentence's end without its final full stop (a full stop
    inside closing quotation marks stays, as quoted)."""
    end = start + len(text[start:end].rstrip())
    while end > start and text[end - 1] in ".!?;:" and not _inside_quote_end(text, start, end):
        end -= 1
    return end


def _inside_quote_end(text: str, start: int, end: int) -> bool:
    return False


# --- frames in one sentence --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Region:
    """Where to look for frames: a sentence, or the content of an outer frame."""

    start: int
    end: int


def _frame(
    text: str,
    *,
    content: Sequence[Span],
    cue: Span | None,
    source: Span | None,
    certain: bool = True,
) -> Attribution | None:
    spans = tuple(sp for c in content if (sp := Span(*_trim(text, c.start, c.end))).end > sp.start)
    if not spans:
        return None
    cue_text = cue.quote(text) if cue else None
    stance: Stance = _STANCE.get(cue_text.lower(), "asserts") if cue_text else "asserts"
    source_text = source.quote(text) if source else None
    quoted = sum(q.span.overlap(c) for c in spans for q in _quotes(text[0:0]))  # filled later
    del quoted
    return Attribution(
        content=spans,
        cue=cue,
        cue_text=cue_text,
        source_span=source,
        source_text=source_text,
        source=source_text,
        kind="named",
        stance=stance,
        direct_quote=False,
        certain=certain,
    )


def _after_cue(text: str, cue: Span, region_end: int, verb: str) -> int:
    """Where the content starts after a cue: past an addressee ("told reporters"), lead-in
    adverbials ("on Tuesday", "in a statement") and a "that" or colon."""
    pos = cue.end
    if verb in _TELL:
        obj = _TELL_OBJECT.match(text, pos, region_end)
        if obj is not None:
            pos = obj.end()
    lead = _LEAD_IN.match(text, pos, region_end)
    if lead is not None:
        pos = lead.end()
    that = _THAT.match(text, pos, region_end)
    return that.end() if that is not None else pos


def _tail_is_adverbial(text: str, start: int, end: int, verb: str) -> bool:
    """Nothing but an addressee or adverbials between a cue and the sentence end?"""
    pos = start
    if verb in _TELL:
        obj = _TELL_OBJECT.match(text, pos, end)
        if obj is not None:
            pos = obj.end()
    rest = text[pos:end]
    if not rest.strip(" .!?\"”’,"):
        return True
    if re.search(r"\bthat\b", rest[:80]):
        return False
    return _ADVERBIAL_HEAD.match(rest) is not None and "“" not in rest and '"' not in rest


def _frames_in(text: str, region: _Region, depth: int = 0) -> list[Attribution]:
    """Frames whose cue lies in `region`, outermost first; inner frames nest in `inner`."""
    cues = [
        m
        for m in _CUE.finditer(text, region.start, region.end)
        if not _cue_is_noun(text, m.start(), m.end())
    ]
    if not cues:
        return []
    frames: list[Attribution] = []
    used_until = region.start
    end = region.end
    # A frame closing the sentence ("..., activists said.") holds everything before it: try it
    # first, so that cues inside its content nest instead of standing alone.
    last = cues[-1]
    closing = _closing_frame(text, region, last)
    if closing is not None:
        frames.append(closing)
        end = closing.cue.start if closing.cue else end
        cues = [c for c in cues if c.end() <= closing.start]
        nested = _frames_in(text, _Region(closing.start, closing.end), depth + 1) if depth < 2 else []
        if nested:
            frames[-1] = replace(frames[-1], inner=nested[0])
        return frames
    for match in cues:
        if match.start() < used_until:
            continue
        frame = _opening_frame(text, region, match, depth)
        if frame is None:
            continue
        frames.append(frame)
        used_until = max(s.end for s in frame.content)
    del end
    return frames


def _cue_is_noun(text: str, start: int, end: int) -> bool:
    """'the reports', 'his claims': a determiner straight before the word makes it a noun."""
    before = text[max(0, start - 12) : start].split()
    word = text[start:end]
    if not before:
        return False
    prev = before[-1].lower()
    if prev in {"the", "a", "an", "his", "her", "their", "its", "our", "these", "those", "such"}:
        return not word.lower().startswith("according")
    return False


def _closing_frame(text: str, region: _Region, match: re.Match[str]) -> Attribution | None:
    """"<content>, <source> said (on Tuesday)." or "<content>, said <source>." """
    verb = match.group().lower()
    cue = Span(match.start(), match.end())
    if verb == "according to":
        return _according_to(text, region, cue)
    if not _tail_is_adverbial(text, cue.end, region.end, verb):
        return None
    before = text[region.start : cue.start].rstrip()
    if before.endswith((",", "”", '"')) or before.endswith(("—", "–")):
        # Inverted: the source follows the cue.
        source = _source_after(text, cue.end, region.end)
        comma = region.start + len(before) - 1
        if source is None or comma <= region.start:
            return None
        return _frame(text, content=[Span(region.start, comma)], cue=cue, source=source)
    source = _source_before(text, region.start, cue.start)
    if source is None:
        return None
    lead = text[region.start : source.start].rstrip()
    if not lead.endswith((",", "”", '"', "—", "–")):
        return None
    content_end = region.start + len(lead)
    if lead.endswith(","):
        content_end -= 1
    content_end = _before_appositive(text, region.start, content_end)
    if content_end - region.start < 8:
        return None
    return _frame(text, content=[Span(region.start, content_end)], cue=cue, source=source)


def _before_appositive(text: str, start: int, end: int) -> int:
    return end


def _opening_frame(
    text: str, region: _Region, match: re.Match[str], depth: int
) -> Attribution | None:
    """"<source> said (that) <content>." and "According to <source>, <content>." """
    verb = match.group().lower()
    cue = Span(match.start(), match.end())
    if verb == "according to":
        return _according_to(text, region, cue)
    source = _source_before(text, region.start, cue.start)
    if source is None:
        return None
    content_start = _after_cue(text, cue, region.end, verb)
    if verb in _WEAK_CUES and not re.match(r"that\b|:", text[cue.end : content_start].strip()):
        opener = text[content_start : content_start + 1]
        if opener not in "“\"" or not opener:
            return None
    if _FINITE_START.match(text, content_start, region.end) or content_start >= region.end:
        return None
    content_end = _content_end(text, content_start, region.end)
    follow = _FOLLOW_UP.search(text, content_start, content_end)
    spans = [Span(content_start, follow.start() if follow else content_end)]
    frame = _frame(text, content=spans, cue=cue, source=source)
    if frame is None:
        return None
    if depth < 2:
        nested = _frames_in(text, _Region(frame.start, frame.end), depth + 1)
        if nested:
            frame = replace(frame, inner=nested[0])
    return frame


def _according_to(text: str, region: _Region, cue: Span) -> Attribution | None:
    source_match = re.compile(r"\s*([^,.;:!?()]+)").match(text, cue.end, region.end)
    if source_match is None:
        return None
    s, e = _trim(text, source_match.start(1), source_match.end(1))
    if e <= s or not _valid_source(text[s:e]):
        return None
    source = Span(s, e)
    lead = text[region.start : cue.start]
    if not lead.strip() or re.fullmatch(r"\s*(?:But|And|Yet|So|However,?)?\s*", lead):
        # "According to X, <content>."
        after = re.compile(r"\s*(?:,\s*[^,]{0,80}?,)?\s*,?\s*").match(text, e, region.end)
        start = after.end() if after else e
        return _frame(
            text,
            content=[Span(start, _content_end(text, start, region.end))],
            cue=cue,
            source=source,
        )
    # "<content>, according to X(, <more content>)."
    spans = [Span(region.start, region.start + len(lead.rstrip(" ,")))]
    rest = re.compile(r"\s*,\s*").match(text, e, region.end)
    if rest is not None and rest.end() < region.end:
        tail_end = _content_end(text, rest.end(), region.end)
        if tail_end - rest.end() > 3:
            spans.append(Span(rest.end(), tail_end))
    return _frame(text, content=spans, cue=cue, source=source)
