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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal, NamedTuple

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
    """Numbers of the sentences the content touches."""
    content_quote: str = ""
    """The content's text, parts joined by " … " (set by `analyze`)."""

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
        parts = sorted(
            (s for s in (self.source_span, self.cue) if s is not None), key=lambda s: s.start
        )
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
reiterated caution cautioned complain complains complained accuse
accuses accused admit admits admitted acknowledge acknowledges acknowledged concede conceded
urge urges urged blamed predicted estimated
"""
_WEAK = """
believe believes believed think thinks thought find finds found show shows showed shown reveal
reveals revealed indicate indicates indicated learn learned learnt hope hopes hoped fear fears
feared expect expects expected agree agrees agreed conclude concluded suggest suggests suggested
describe described cite cites cited mention mentions mentioned continued vow vowed pledge pledged
recalled
promise promised threaten threatened
"""
_DENY = """
deny denies denied denying reject rejects rejected rejecting dismiss dismisses dismissed
dismissing refute refutes refuted dispute disputes disputed contradict contradicts contradicted
rebut rebutted countered
"""
_CONFIRM = "confirm confirms confirmed confirming corroborate corroborated verify verified"

# Spanish and German news use the same frames; their commonest reporting verbs, and "según",
# "laut", "nach Angaben" for "according to". German "wies ... zurück" is a denial.
_STRONG_ES_DE = """
dijo dice dijeron afirmó afirma afirmaron aseguró asegura aseguraron señaló señala señalaron
explicó explica indicó indica declaró declara añadió agregó advirtió advierte informó informa
anunció anuncia criticó critica criticaron calificó calificaron sostuvo insistió denunció
sagte sagt sagten erklärte erklärt erklärten betonte betont kritisierte kritisiert kritisierten
warnte warnt berichtete berichtet meldete teilte teilten behauptete behauptet
"""
_DENY_ES_DE = (
    "negó niega negaron rechazó rechaza rechazaron desmintió dementierte bestritt bestreitet wies"
)
_CONFIRM_ES_DE = "confirmó confirma confirmaron bestätigte bestätigt bestätigten"
_ACCORDING_TO = frozenset({"according to", "nach angaben", "según", "laut"})

_STANCE: dict[str, Stance] = {w: "asserts" for w in (_STRONG + _WEAK + _STRONG_ES_DE).split()}
_STANCE.update({w: "denies" for w in (_DENY + _DENY_ES_DE).split()})
_STANCE.update({w: "confirms" for w in (_CONFIRM + " " + _CONFIRM_ES_DE).split()})
_WEAK_CUES = frozenset(_WEAK.split())
_TELL = frozenset("tell tells told telling warned warn warns assured informed".split())
_FOLLOW_UPS = "adding|saying|noting|arguing|insisting|warning|explaining|claiming|stressing"

_B = r"(?<![\w’'-])"
_E = r"(?![\w’'-])"
# A clause ends before the source of a cue at punctuation or a subordinating word.
_BOUNDARY = re.compile(
    r"(?<!\d),|,(?!\d)|[;:\[\]—–“”\"«»]|\s-\s|"
    + _B
    + r"(?:that|and|but|while|as|because|after|when|where|if|though|although|since|before|so|or|"
    r"which|whom|whose|who|than|then|said|says|After|When|While|As|Because|Although|Though|If|"
    r"Since|Before|Once|Until|Unless|Whether)" + _E
)
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|would|will|could|can|may|might|also|later|earlier|previously|"
    r"repeatedly|reportedly|publicly|privately|again|then|further|separately|subsequently|"
    r"recently|once|initially|originally|first|last|long|never|always|often|openly|quickly|"
    r"immediately|flatly|strongly|categorically|vehemently|angrily|not|did|does|do|since|"
    r"already|yet|now|simply|only|even|just|too|[a-z]+ly|la|lo|las|los|le|les|se|nos)"
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
_THAT = re.compile(r"\s*(?:(?:that|que|dass)" + _E + r"|:)?\s*")
_FINITE_START = re.compile(
    r"(?:is|was|were|are|had|has|have|would|will|to|and|or|by|of|on|for|about|with|at|into|upon)"
    + _E
    + r"|[,.;:!?)]"
)
_FOLLOW_UP = re.compile(r",\s+(?P<cue>" + _FOLLOW_UPS + r")" + _E + r"(?:\s+that" + _E + r")?\s*")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr gov sen rep gen col lt capt sgt jr sr st prof rev no inc corp co ltd jan feb mar
    apr aug sept sep oct nov dec vs mt ft""".split()
)
_STOP = re.compile(r"[.!?](?=\s|$)")
# ", but he said ...", " and said ...", ", while 73 percent said ...": a sibling frame starts here.
_SIBLING = re.compile(
    r"(?:,\s*|\s+)(?:but|and|while|although|though|whereas)\s+"
    r"(?:(?:he|she|they|it|the\s+\w+|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|\d[\d,.]*\s+\w+)\s+)?"
    r"(?:also\s+)?(?=(?:" + "|".join(sorted(_STANCE, key=len, reverse=True)) + r")" + _E + ")"
)
_INVERTED_TAIL = re.compile(
    r"(?:\s*[,(][^.!?“”\"]*|(?:\s+[^\s,.;:!?“”\"]+){1,6})?\s*[.!?]?[”\"’]?\s*"
)
_LEADING_CONJUNCTION = re.compile(r"\s*(?:But|And|Yet|So|Still|Meanwhile|However|Now|Then),?\s+")
# Where a statement's content ends before the writer's own addition: ", which makes him...".
_CONTENT_TAIL = re.compile(
    r",\s+(?:which|although|though|whereas|especially|including|implicitly|until)\b|\s[—―]\s|;"
    r"|,\s+(?:a|an)\s+(?:claim|allegation|charge|assertion|accusation)\b"
)
_PARENTHESIS_END = re.compile(r"(?:\s+(?:on\s+[A-Z]\w+day|yesterday|today|earlier|later))?\s*,\s*")
# A statement that is itself a denial, whatever the verb: "no decision had been taken".
_NEGATION = re.compile(
    r"(?:no\s+(?:decision|evidence|plans?|such)|(?:it|this|that|the \w+)\s+(?:was|is|were|are)\s+"
    r"(?:not true|untrue|false|baseless|unfounded|fabricated|wrong|inaccurate)|"
    r"(?:there|it)\s+(?:was|is|were|are|had been|has been)\s+no)\b",
    re.IGNORECASE,
)
# "dijo Ruiz en rueda de prensa", "teilte das Unternehmen am Montag mit": the name ends first.
_SOURCE_TAIL = re.compile(
    r"\s+(?:en|durante|ante|am|im|bei|vor|nach|mit|zurück|on|at|in|during|to|from|yesterday|"
    r"today|earlier|later|late|last)(?![\w’'-])"
)
_SUBJECT = re.compile(
    r"\s*((?:He|She|They|It|We|I|(?:[A-Z][\w’'.-]*)(?:\s+[A-Z][\w’'.-]*){0,3}))\s+[a-z]"
)
_APPOSITIVE = re.compile(r"(?:\s*,\s*(?:a|an|the)\s[^,]{0,80}(?=,))?\s*,?\s*")
# "..., a claim the rebels rejected.": the source hides behind a noun for what was said.
_CLAIM_NOUN = re.compile(
    r"(?:a|an|the)\s+(?:claim|allegation|charge|report|account|assertion|accusation|version|"
    r"figure|description|characteri[sz]ation)s?\s+(?:that\s+|which\s+)?"
)
_CLAIM_NOUN_AT_END = re.compile(r",\s*" + _CLAIM_NOUN.pattern + r"(?=[^,]*$)")
_PREPOSITIONS = frozenset("for of at in from with and on to by de del y und für von".split())
_WORD = re.compile(r"[\w’'.&-]+")

_PRONOUNS = frozenset("he she they it we i you".split())
_DETERMINERS = frozenset(
    "the a an this that these those some many several his her their its our two three four "
    "five six other another most few both each one el la los las una unos unas der die das "
    "des dem den ein eine einer eines".split()
)
_UNNAMED_HEADS = frozenset(
    """
    activists activist officials official sources source witnesses witness residents resident
    analysts analyst experts expert diplomats diplomat critics observers observer doctors doctor
    medics medic rescuers police media spokesperson spokesman spokeswoman people locals monitors
    aides aide insiders insider investigators investigators authorities lawmakers campaigners
    supporters opponents protesters protestors rebels militants soldiers troops survivors
    relatives family families members member workers staff employees researchers scientists
    organisers organizers councillors prosecutors firefighters paramedics villagers farmers
    teachers parents students lawyers ministers managers executives shareholders voters
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
PERSON_ROLES = _PERSON_ROLES
"""Titles that make a named source an official ("Transport Minister David Lindqvist")."""
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
    r"(?<![\w’'-])[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|de|del|al|bin|van|von|the)\s+)*"
    r"[A-Z][\w’'.&-]*)*"
)


class _CueMatch(NamedTuple):
    start: int
    end: int
    word: str  # lower-cased


_LETTERS = re.compile(r"[^\W\d_]+(?:[ \t]+(?:to|out|Angaben)(?![\w’'-]))?")


@lru_cache(maxsize=8)
def _cue_index(text: str) -> tuple[list[int], list[_CueMatch]]:
    """Every reporting word of a document, found once: nested searches slice this list."""
    found = []
    for match in _LETTERS.finditer(text):
        word = match.group()
        if " " in word or "\t" in word:
            two = " ".join(word.split()).lower()
            if two in _ACCORDING_TO or two == "pointed out":
                cue = "according to" if two in _ACCORDING_TO else two
                found.append(_CueMatch(match.start(), match.end(), cue))
                continue
            word = word.split()[0]
        if word.lower() in _ACCORDING_TO:
            found.append(_CueMatch(match.start(), match.start() + len(word), "according to"))
        elif word in _STANCE:  # reporting verbs count in lower case only: "Said" is a name
            found.append(_CueMatch(match.start(), match.start() + len(word), word))
    return [c.start for c in found], found


def _cues(text: str, start: int, end: int) -> list[_CueMatch]:
    starts, cues = _cue_index(text)
    return cues[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def clear_caches() -> None:
    """Forget the per-document indexes (for benchmarks that time cold runs)."""
    _cue_index.cache_clear()
    _mention_index.cache_clear()


def cue_stance(cue: str) -> Stance | None:
    """The stance a reporting word takes ('denied' -> denies), or None if it is not one."""
    word = cue.strip(" :,").lower()
    if word == "according to":
        return "asserts"
    return _STANCE.get(word.split()[-1]) if word else None


# --- quotation marks ---------------------------------------------------------------------------

# Two apostrophes or backticks stand for a double quotation mark in some wire copy.
_QUOTE_MARK = re.compile(r"''|``|[\"“”„«»]")


def _quotes(text: str) -> list[Span]:
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
    return [q for q in found if len(_WORD.findall(q.quote(text))) >= 2]


# --- noun phrases ------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:>*•·"):
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


def _valid_source(phrase: str, longest: int = 12) -> bool:
    tokens = _WORD.findall(phrase)
    if not 1 <= len(tokens) <= longest:
        return False
    lowered = [t.lower() for t in tokens]
    if all(t in _DETERMINERS for t in lowered):
        return False
    if any(
        t in {"is", "was", "were", "are", "be", "been", "it’s", "it's", "there"} for t in lowered
    ):
        return False
    if lowered[0] in _PRONOUNS:
        return len(tokens) == 1
    if any(
        t in ("the", "a", "an") and lowered[i - 1] not in _PREPOSITIONS
        for i, t in enumerate(lowered)
        if i > 0
    ):
        return False
    first = tokens[0]
    heads = _UNNAMED_HEADS | _PERSON_ROLES | _ORG_WORDS
    if len(tokens) > 3 and not any(t[0].isupper() or t.lower() in heads for t in tokens[1:]):
        return False  # "this reeks of some of the greatest": a clause, not a speaker
    if first[0].isupper() or first[0].isdigit() or lowered[0] in _DETERMINERS:
        return True
    last = lowered[-1]
    if last in _UNNAMED_HEADS or last in _PERSON_ROLES or last in _ORG_WORDS:
        return True
    # "organisers", "local councillors": a short phrase ending in a plural noun.
    return len(tokens) <= 3 and len(last) > 3 and last.endswith("s") and not last.endswith("ss")


def _source_before(text: str, lo: int, cue_start: int) -> Span | None:
    """The source phrase ending at a cue: back to the clause boundary, over one appositive
    ("Ahmed Said, a spokesman for the group, said" gives "Ahmed Said")."""
    end = _strip_aux(text, lo, cue_start)
    boundaries = list(_BOUNDARY.finditer(text, lo, end))
    start = boundaries[-1].end() if boundaries else lo
    if (conjunction := _LEADING_CONJUNCTION.match(text, start, end)) is not None:
        start = conjunction.end()
    s, e = _trim(text, start, end)
    if e > s:
        return Span(s, e) if _valid_source(text[s:e]) else None
    commas = [m for m in boundaries if m.group() == ","]
    if not boundaries or boundaries[-1].group() != "," or len(commas) < 2:
        return None
    appositive = text[commas[-2].end() : commas[-1].start()]
    if not appositive.strip() or len(_WORD.findall(appositive)) > 20:
        return None
    before = [m for m in boundaries if m.end() <= commas[-2].start()]
    s = before[-1].end() if before else lo
    s, e = _trim(text, s, commas[-2].start())
    if e <= s or not _valid_source(text[s:e]):
        return None
    # "Its chair, Helen Moss, said": the name in the appositive names the speaker better.
    named = Span(*_trim(text, commas[-2].end(), commas[-1].start()))
    words = named.quote(text).split()
    first = text[s:e].split()[0]
    if (
        (first.islower() or first.lower() in _DETERMINERS)
        and 2 <= len(words) <= 4
        and all(w[0].isupper() for w in words)
    ):
        return named
    return Span(s, e)


def _source_after(text: str, start: int, hi: int) -> Span | None:
    """An inverted source: ', said the minister.' or ', said Ahmed Said, a commander.'"""
    match = re.compile(r"[^,.;:!?“”\"()]+").match(text, start, hi)
    if match is None:
        return None
    s, e = _trim(text, match.start(), match.end())
    if (cut := _SOURCE_TAIL.search(text, s, e)) is not None and cut.start() > s:
        e = cut.start()
    phrase = text[s:e]
    tokens = _WORD.findall(phrase)
    if not tokens or not (tokens[0][0].isupper() or tokens[0].lower() in _DETERMINERS):
        return None
    return Span(s, e) if _valid_source(phrase) else None


def _sentence_stop(text: str, start: int, end: int) -> int:
    """The first sentence end in text[start:end] that is not an abbreviation's full stop."""
    for match in _STOP.finditer(text, start, end):
        if match.group() == ".":
            word = text[max(start, match.start() - 6) : match.start()].split()
            last = word[-1].lower().lstrip('("“') if word else ""
            if last in _ABBREVIATIONS or len(last) == 1 or "." in last:
                continue
        return match.start()
    return end


def _content_end(text: str, start: int, end: int) -> int:
    """The sentence's end without its final full stop; a stop inside closing quotes stays."""
    end = start + len(text[start:end].rstrip())
    while end > start and text[end - 1] in ".!?;:":
        end -= 1
    return end


# --- frames in one sentence --------------------------------------------------------------------


def _undash(text: str, span: Span) -> tuple[int, int]:
    """'federal officials say -- during a trip': a dash opening content is punctuation."""
    start = span.start
    while start < span.end and text[start] in " -—–":
        start += 1
    return start, span.end


def _frame(
    text: str, content: Sequence[Span], cue: Span | None, source: Span | None
) -> Attribution | None:
    spans = tuple(
        sp for c in content if (sp := Span(*_trim(text, *_undash(text, c)))).end > sp.start
    )
    if not spans or sum(s.end - s.start for s in spans) < 3:
        return None
    cue_text = cue.quote(text) if cue else None
    stance: Stance = _STANCE.get(cue_text.lower(), "asserts") if cue_text else "asserts"
    if stance == "asserts" and sum(len(_WORD.findall(s.quote(text))) for s in spans) < 3:
        return None
    if stance == "asserts" and _NEGATION.match(spans[0].quote(text)):
        stance = "denies"  # "The police said no decision had been taken."
    source_text = source.quote(text) if source else None
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
        certain=cue is not None and source is not None,
    )


def _after_cue(text: str, cue: Span, end: int, verb: str) -> int:
    """Where the content starts after a cue: past an addressee ("told reporters"), lead-in
    adverbials ("on Tuesday", "in a statement") and a "that" or colon."""
    pos = cue.end
    if verb in _TELL and (obj := _TELL_OBJECT.match(text, pos, end)) is not None:
        pos = obj.end()
    if (lead := _LEAD_IN.match(text, pos, end)) is not None:
        pos = lead.end()
    if verb in _TELL and (far := re.compile(r"[^,;:“\"]{0,100}?\bthat\s").match(text, pos, end)):
        pos = far.end()
    that = _THAT.match(text, pos, end)
    if that is None or _FINITE_START.match(text, that.end(), end):
        return pos + len(text[pos:end]) - len(text[pos:end].lstrip())
    return that.end()


def _tail_is_adverbial(text: str, start: int, end: int, verb: str) -> bool:
    """Nothing but an addressee or adverbials between a cue and the sentence end?"""
    pos = start
    if verb in _TELL and (obj := _TELL_OBJECT.match(text, pos, end)) is not None:
        pos = obj.end()
    rest = text[pos:end]
    if not rest.strip(' .!?"”’,'):
        return True
    if re.search(r"\bthat\b|[“\"]", rest[:80]):
        return False
    return _ADVERBIAL_HEAD.match(rest) is not None


def _cue_is_noun(text: str, start: int) -> bool:
    """'the reports', 'his claims': a determiner straight before the word makes it a noun;
    'could not verify', 'did not deny' and 'Having said that' are not statements either."""
    before = text[max(0, start - 16) : start].split()
    if before and (
        before[-1].endswith(("’s", "'s")) or before[-1] in ("to", "Having", "having", "That")
    ):
        return True
    if any(w.lower() in ("not", "never", "n't") or w.lower().endswith("n't") for w in before[-2:]):
        return True
    return bool(before) and before[-1].lower() in {
        "the", "a", "an", "his", "her", "their", "its", "our", "these", "those", "such", "of",
    }  # fmt: skip


def _frames_in(
    text: str, start: int, end: int, skip: AbstractSet[int], depth: int = 0
) -> list[Attribution]:
    """Frames whose cue lies in text[start:end], outermost first; inner frames nest in `inner`."""
    cues = [
        m
        for m in _cues(text, start, end)
        if m.end <= end and not _cue_is_noun(text, m.start) and m.start not in skip
    ]
    if not cues:
        return []
    # A frame closing the sentence ("..., activists said.") holds everything before it: try it
    # first, so that cues inside its content nest instead of standing alone.
    closing = _closing_frame(text, start, end, cues[-1])
    if closing is not None:
        return [_nest(text, closing, skip, depth)]
    for match in cues:
        if (parenthetical := _parenthetical_frame(text, start, end, match)) is not None:
            return [_nest(text, parenthetical, skip, depth)]
    frames: list[Attribution] = []
    used_until = start
    for match in cues:
        if match.start < used_until:
            continue
        previous = frames[-1] if frames else None
        for frame in _opening_frames(text, start, end, match, previous):
            frames.append(_nest(text, frame, skip, depth))
            used_until = max(used_until, frame.end)
    if not frames and depth == 0:
        frames = _participle_frames(text, start, end)
    return frames


def _parenthetical_frame(text: str, start: int, end: int, match: _CueMatch) -> Attribution | None:
    """'Nobody was hurt, the trustees said, because the park was closed.'"""
    cue = Span(match.start, match.end)
    after = _PARENTHESIS_END.match(text, cue.end, end)
    if after is None or match.word in _WEAK_CUES:
        return None
    comma = text.rfind(",", start, cue.start)
    if comma < 0 or len(_WORD.findall(text[start:comma])) < 3:
        return None
    source = _source_before(text, start, cue.start)
    if source is None or text[comma + 1 : source.start].strip():
        return None
    rest_end = _content_end(text, after.end(), end)
    if len(_WORD.findall(text[after.end() : rest_end])) < 2:
        return None
    return _frame(text, [Span(start, comma), Span(after.end(), rest_end)], cue, source)


def _participle_frames(text: str, start: int, end: int) -> list[Attribution]:
    """'Trump attacked Clinton over Libya, saying, "She is unstable."': the sentence's subject
    (a name or pronoun opening it) says what follows the participle."""
    follow = _FOLLOW_UP.search(text, start, end)
    subject = _SUBJECT.match(text, start, end)
    if follow is None or subject is None:
        return []
    source = Span(*_trim(text, subject.start(1), subject.end(1)))
    if not _valid_source(source.quote(text)):
        return []
    content_end = _content_end(text, follow.end(), end)
    cue = Span(follow.start("cue"), follow.end("cue"))
    frame = _frame(text, [Span(follow.end(), content_end)], cue, source)
    return [frame] if frame is not None and content_end - follow.end() > 10 else []


def _nest(text: str, frame: Attribution, skip: AbstractSet[int], depth: int) -> Attribution:
    if depth >= 2:
        return frame
    inner = [
        f
        for content in frame.content
        for f in _frames_in(text, content.start, content.end, skip, depth + 1)
    ]
    return replace(frame, inner=inner[0]) if inner else frame


def _closing_frame(text: str, start: int, end: int, match: _CueMatch) -> Attribution | None:
    """'<content>, <source> said (on Tuesday).' or '<content>, said <source>.'"""
    verb = match.word
    cue = Span(match.start, match.end)
    if verb == "according to":
        return _according_to(text, start, end, cue)
    before = text[start : cue.start].rstrip()
    if before.endswith((",", "—", "–")) and verb not in _WEAK_CUES:
        # Inverted: "<content>, said Omar Haddad(, a customs officer)."
        source = _source_after(text, cue.end, end)
        if source is None or not _INVERTED_TAIL.fullmatch(text, source.end, end):
            return None
        return _frame(text, [Span(start, start + len(before) - 1)], cue, source)
    if not _tail_is_adverbial(text, cue.end, end, verb):
        return None
    source = _source_before(text, start, cue.start)
    if source is None:
        source = _source_behind_claim_noun(text, start, cue.start)
    if source is None:
        return None
    lead = text[start : source.start].rstrip()
    quoted_lead = lead.endswith(("”", '"', "''")) and lead.rstrip("”\"'").endswith((",", "!", "?"))
    if (noun := _CLAIM_NOUN_AT_END.search(lead + " ")) is not None:
        lead = lead[: noun.start() + 1]
    if quoted_lead and len(lead) >= 8:
        return _frame(text, [Span(start, start + len(lead))], cue, source)
    if not lead.endswith((",", "—", "–")) or len(lead) < 10:
        return None
    return _frame(text, [Span(start, start + len(lead) - 1)], cue, source)


def _source_behind_claim_noun(text: str, start: int, cue_start: int) -> Span | None:
    """', a claim the rebels rejected.' gives 'the rebels'."""
    noun = _CLAIM_NOUN_AT_END.search(text[start:cue_start].rstrip() + " ")
    if noun is None:
        return None
    begin = start + noun.end()
    s, e = _trim(text, begin, _strip_aux(text, begin, cue_start))
    return Span(s, e) if e > s and _valid_source(text[s:e]) else None


def _opening_frames(
    text: str, start: int, end: int, match: _CueMatch, previous: Attribution | None = None
) -> list[Attribution]:
    """'<source> said (that) <content>.'; a follow-up ', adding that <more>' is a frame too, and
    so is '... and said <more>' with the previous frame's source."""
    verb = match.word
    cue = Span(match.start, match.end)
    if verb == "according to":
        frame = _according_to(text, start, end, cue)
        return [frame] if frame else []
    source = _source_before(text, start, cue.start) or _source_behind_claim_noun(
        text, start, cue.start
    )
    if source is None and previous is not None and previous.source_span is not None:
        joined = text[previous.end : cue.start]
        if re.fullmatch(r"\s*,?\s*(?:and|but)\s+(?:also\s+|later\s+)?", joined):
            source = previous.source_span
    if source is None:
        return []
    content_start = _after_cue(text, cue, end, verb)
    if content_start >= end or _FINITE_START.match(text, content_start, end):
        return []
    if verb in _WEAK_CUES:
        between = text[cue.end : content_start]
        if not re.search(r"\bthat\s*$|:\s*$", between) and text[content_start] not in '“"':
            return []
    content_end = _content_end(text, content_start, end)
    if (sibling := _SIBLING.search(text, content_start, content_end)) is not None:
        content_end = sibling.start()
    quoted_start = text[content_start : content_start + 1] in "“\"'"
    tail = _CONTENT_TAIL.search(text, content_start, content_end)
    if (
        tail is not None
        and not quoted_start
        and len(_WORD.findall(text[content_start : tail.start()])) >= 4
    ):
        content_end = tail.start()
    if len(_WORD.findall(text[content_start:content_end])) < 3 and _STANCE[verb] == "asserts":
        return []
    follow = _FOLLOW_UP.search(text, content_start, content_end)
    frames = [
        _frame(text, [Span(content_start, follow.start() if follow else content_end)], cue, source)
    ]
    if follow is not None:
        again = Span(follow.start("cue"), follow.end("cue"))
        frames.append(_frame(text, [Span(follow.end(), content_end)], again, source))
    return [f for f in frames if f is not None]


def _according_to(text: str, start: int, end: int, cue: Span) -> Attribution | None:
    found = re.compile(
        r"\s*(?:(?:informó|indicó|explicó|dijo|señaló|afirmó|des|der)\s+)?"
        r"([^,.;:!?()]+)"
    ).match(text, cue.end, end)
    if found is None:
        return None
    s, e = _trim(text, found.start(1), found.end(1))
    if e <= s or not _valid_source(text[s:e], longest=24):
        return None
    source = Span(s, e)
    lead = text[start : cue.start]
    if re.fullmatch(r"\s*(?:But|And|Yet|So|However|Still)?,?\s*", lead):
        # "According to X(, a monitor), <content>."
        after = _APPOSITIVE.match(text, e, end)
        begin = after.end() if after else e
        return _frame(text, [Span(begin, _content_end(text, begin, end))], cue, source)
    # "<content>, according to X(, <more content>)."
    spans = [Span(start, start + len(lead.rstrip(" ,")))]
    rest = re.compile(r"\s*,\s*").match(text, e, end)
    if rest is not None and _content_end(text, rest.end(), end) - rest.end() > 3:
        spans.append(Span(rest.end(), _content_end(text, rest.end(), end)))
    return _frame(text, spans, cue, source)


# --- quotes and their speakers -----------------------------------------------------------------


def _quote_frame(text: str, quote: Span, following: Span | None) -> Attribution | None:
    """'“<quote>,” <source> said.' / '“<quote>,” said <source>.' / '“<a>,” he said, “<b>.”'"""
    inside = text[quote.start : quote.end].rstrip("”\"»'` ")
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    opener = re.compile(r"[“\"]").search(text, quote.end, line_end)
    hi = _sentence_stop(text, quote.end, opener.start() if opener else line_end)
    post = text[quote.end : hi]
    if not (inside.endswith((",", "!", "?", "—", "–", "-", "…")) or post.lstrip().startswith(",")):
        return None
    found = [c for c in _cues(text, quote.end, hi) if c.end <= hi]
    if not found or len(_WORD.findall(text[quote.end : found[0].start])) > 12:
        return None
    cue = Span(found[0].start, found[0].end)
    if not text[quote.end : cue.start].strip(" ,"):
        source = _source_after(text, cue.end, hi)
    else:
        source = _source_before(text, quote.end, cue.start)
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
        and _sentence_stop(text, cue.end, following.start) >= following.start - 3
        and _quote_frame(text, following, None) is None
    ):
        content.append(following)
    return _frame(text, content, cue, source)


def _colon_frame(text: str, start: int, end: int, skip: AbstractSet[int]) -> Attribution | None:
    """'<source> said:' closing a sentence, with what follows as its content (set by caller)."""
    line = text[start:end].rstrip()
    if not line.endswith(":"):
        return None
    cues = [m for m in _cues(text, start, end) if m.start not in skip]
    if not cues:
        return None
    cue = Span(cues[-1].start, cues[-1].end)
    if len(_WORD.findall(text[cue.end : start + len(line)])) > 6:
        return None
    source = _source_before(text, start, cue.start)
    if source is None:
        return None
    return Attribution(
        content=(),
        cue=cue,
        cue_text=cue.quote(text),
        source_span=source,
        source_text=source.quote(text),
        source=source.quote(text),
        kind="named",
        stance=_STANCE.get(cue.quote(text).lower(), "asserts"),
        direct_quote=False,
        certain=True,
    )


# --- the document ------------------------------------------------------------------------------


def flatten(frames: Iterable[Attribution]) -> list[Attribution]:
    """Every frame, nested ones ("X said that Y told him") after their outer frame."""
    out: list[Attribution] = []
    for frame in frames:
        out.append(frame)
        if frame.inner is not None:
            out.extend(flatten([frame.inner]))
    return out


def analyze(document: Document) -> list[Attribution]:
    """Every attribution frame in the document, in reading order, with sources resolved."""
    text = document.text
    quotes = _quotes(text)
    frames: list[Attribution] = []
    taken: set[Span] = set()
    for i, quote in enumerate(quotes):
        if quote in taken:
            continue
        following = quotes[i + 1] if i + 1 < len(quotes) else None
        frame = _quote_frame(text, quote, following)
        if frame is not None:
            frames.append(_nest(text, frame, frozenset(), 0))
            taken.update(frame.content)
    # Reporting words already used by a quote's frame, or inside a quote that is content.
    used = [s for f in frames for s in f.attribution_spans()] + list(taken)
    skip = frozenset(c.start for span in used for c in _cues(text, span.start, span.end))

    sentences = document.sentences
    for index, sentence in enumerate(sentences):
        colon = _colon_frame(text, sentence.start, sentence.end, skip)
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
        for frame in _frames_in(text, sentence.start, sentence.end, skip):
            frames.append(_run_on(frame, quotes, sentence.end))

    frames.extend(_continued_quotes(text, quotes, frames, sentences))
    frames.sort(key=lambda f: (f.start, f.cue.start if f.cue else 0))
    return _finish(document, frames, quotes)


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


def _run_on(frame: Attribution, quotes: Sequence[Span], sentence_end: int) -> Attribution:
    """A quote opened in a frame's content that runs past the sentence belongs to it whole."""
    last = frame.content[-1]
    for quote in _near(quotes, [q.start for q in quotes], last.start, last.end):
        if last.start <= quote.start < last.end and quote.end > sentence_end:
            return replace(frame, content=(*frame.content[:-1], Span(last.start, quote.end)))
    return frame


def _continued_quotes(
    text: str, quotes: Sequence[Span], frames: Sequence[Attribution], sentences: Sequence[object]
) -> list[Attribution]:
    """A quote standing alone right after a speaker's frame most likely goes on in their voice;
    kept, but marked uncertain: no reporting verb says so."""
    covered = _merged(s for f in frames for s in f.content)
    covered_starts = [c.start for c in covered]
    spoken = sorted((f for f in frames if f.cue is not None), key=lambda f: f.end)
    ends = [f.end for f in spoken]
    found: list[Attribution] = []
    for quote in quotes:
        near = _near(covered, covered_starts, quote.start, quote.end)
        if any(c.overlap(quote) for c in near) or len(_WORD.findall(quote.quote(text))) < 4:
            continue
        if text[max(0, quote.start - 1) : quote.start] not in ("", "\n", " "):
            continue
        before = bisect.bisect_right(ends, quote.start)
        if before == 0 or quote.start - spoken[before - 1].end >= 400:
            continue
        speaker = spoken[before - 1]
        if speaker.source_span is None or "\n\n" in text[speaker.end : quote.start]:
            continue
        found.append(
            replace(speaker, content=(quote,), cue=None, cue_text=None, certain=False, inner=None)
        )
    return found


def _finish(
    document: Document, frames: Sequence[Attribution], quotes: Sequence[Span]
) -> list[Attribution]:
    text = document.text
    starts = [s.start for s in document.sentences]
    done: list[Attribution] = []
    for frame in frames:
        recent = done[-_RECENT_FRAMES:]
        frame = _finish_one(text, frame, recent, starts, quotes)
        if frame.inner is not None:
            frame = replace(frame, inner=_finish_one(text, frame.inner, recent, starts, quotes))
        done.append(frame)
    return done


_RECENT_FRAMES = 24
"""Earlier frames a pronoun may point back to: more than a few sentences hold, bounded so
that a long document stays linear."""


def _finish_one(
    text: str,
    frame: Attribution,
    earlier: Sequence[Attribution],
    starts: Sequence[int],
    quotes: Sequence[Span],
) -> Attribution:
    def number(pos: int) -> int:
        return max(1, bisect.bisect_right(starts, pos))

    points = [p for s in frame.content for p in (s.start, s.end - 1)]
    sentences = tuple(range(min(map(number, points)), max(map(number, points)) + 1))
    quote_starts = [q.start for q in quotes]
    quoted = sum(
        q.overlap(c) for c in frame.content for q in _near(quotes, quote_starts, c.start, c.end)
    )
    length = sum(c.end - c.start for c in frame.content)
    frame = replace(
        frame,
        sentences=sentences,
        direct_quote=quoted * 2 >= length,
        content_quote=frame.content_text(text),
    )
    if frame.source_span is None:
        return frame
    window_start = (
        starts[max(0, number(frame.source_span.start) - 1 - RESOLVE_WINDOW)] if starts else 0
    )
    frame = _resolve(text, frame, earlier, window_start)
    return replace(frame, source=_display(frame.source))


def _display(source: str | None) -> str | None:
    """'The Syrian Observatory...' -> 'the Syrian Observatory...'; 'Activists' -> 'activists':
    a capital that only marks the start of a sentence is not part of the name."""
    if not source:
        return source
    first, _, rest = source.partition(" ")
    if first in ("The", "A", "An") and rest:
        return first.lower() + " " + rest
    if first.lower() in _UNNAMED_HEADS or first.lower() in _DETERMINERS:
        return first.lower() + (" " + rest if rest else "")
    return source


# --- who "he" is -------------------------------------------------------------------------------


class _Mention(NamedTuple):
    span: Span
    name: str
    org: bool
    full: bool  # two words or more, or a title before a name: a person we can name


@lru_cache(maxsize=8)
def _mention_index(text: str) -> tuple[list[int], list[_Mention]]:
    """Capitalised names of a document, leading function words and titles taken off; found once
    per document, sliced per window."""
    found = []
    for match in _NAME.finditer(text):
        # A capitalised run can cross a sentence end ("near Tarsi. The Highlands Conflict
        # Monitor"); a full stop after a word of three lowercase letters or more ends a name
        # (abbreviations such as "St." or "U.S." do not).
        position = 0
        for piece in _SENTENCE_END_IN_NAME.split(match.group()):
            position = match.group().index(piece, position)
            if mention := _mention(text, piece, match.start() + position):
                found.append(mention)
            position += len(piece)
    found += _org_subjects(text)
    found.sort(key=lambda m: m.span.start)
    return [m.span.start for m in found], found


_SENTENCE_END_IN_NAME = re.compile(r"(?<=[a-z]{3}\.)\s+")
_ORG_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<det>The|Her|His|Its|Their|Our)\s+(?:[a-z]+\s+)?"
    r"(?P<head>[a-z]+)(?=\s+(?:has|have|had|is|are|was|were|will|would|said|says|denied|"
    r"denies|confirmed|did|does|can|could|also|later|earlier|previously|[a-z]+ed)\b)",
    re.MULTILINE,
)


def _org_subjects(text: str) -> list[_Mention]:
    """Organisations that open a sentence without a capitalised name: "The army has not
    commented.", "Her ministry will open clinics." They are what a following "it" most
    often means. Shown as "the army", "the ministry"."""
    found = []
    for match in _ORG_SUBJECT.finditer(text):
        if match.group("head") not in _ORG_WORDS:
            continue
        phrase = match.group()[len(match.group("det")) :].strip()
        found.append(
            _Mention(Span(match.start(), match.end()), "the " + phrase, org=True, full=False)
        )
    return found


def _mention(text: str, group: str, offset: int) -> _Mention | None:
    """One capitalised name as a mention, leading function words and titles taken off."""
    if " " not in group and group.lower().strip(".,’'") in _CAPITAL_FUNCTION_WORDS:
        return None
    words = group.split()
    end = offset + len(group)
    while words and words[0].lower().strip(".,’'") in _CAPITAL_FUNCTION_WORDS:
        offset = text.index(words[1], offset + len(words[0])) if len(words) > 1 else offset
        words.pop(0)
    if not words:
        return None
    span = Span(offset, end)
    if all(w.isupper() for w in words) and text[max(0, offset - 1) : offset] in ("", "\n"):
        return None  # a dateline: "BARA PROVINCE —"
    titled = False
    while len(words) > 1 and words[0].lower() in _TITLES:
        words.pop(0)
        titled = True
    org = any(
        w.lower() in _ORG_WORDS
        or w.lower().rstrip("’'s") in _ORG_WORDS
        or (w.isupper() and len(w) > 1)
        for w in words
    )
    return _Mention(span, " ".join(words), org, len(words) > 1 or titled)


def _mentions(text: str, start: int, end: int) -> list[_Mention]:
    starts, mentions = _mention_index(text)
    return mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _resolve(
    text: str,
    frame: Attribution,
    earlier: Sequence[Attribution],
    window_start: int,
) -> Attribution:
    assert frame.source_span is not None and frame.source_text is not None
    surface = frame.source_text
    tokens = surface.split()
    low = [t.lower() for t in tokens]
    here = frame.source_span.start
    if low[-1] in _PRONOUNS | _PERSON_ROLES | _ORG_WORDS | {"group", "monitor"} or (
        len(tokens) == 1 and tokens[0][:1].isupper()
    ):
        mentions = _mentions(text, window_start, here)
    else:
        mentions = []

    def usable(span: Span) -> bool:
        return (
            window_start <= span.start
            and span.end <= here
            and not any(span.overlap(c) for c in frame.content)
        )

    people = [(m.span, m.name) for m in mentions if not m.org and m.full and usable(m.span)]
    orgs = [(m.span, m.name) for m in mentions if m.org and usable(m.span)]
    speakers = [
        (f.source_span, f.source)
        for f in earlier
        if f.source_span is not None
        and f.source
        and f.kind in ("named", "unnamed")
        and usable(f.source_span)
    ]

    def pick(candidates: Iterable[tuple[Span, str | None]], kind: SourceKind) -> Attribution:
        best = max(candidates, key=lambda c: c[0].start, default=None)
        if best is None or not best[1]:
            return replace(frame, kind=kind, certain=False if kind == "pronoun" else frame.certain)
        return replace(frame, source=best[1], antecedent=best[0], kind="named")

    if len(tokens) == 1 and low[0] in _PRONOUNS:
        if low[0] in ("he", "she", "i"):
            # A name inside what an earlier speaker reported ("Amadi said Dunn gave him the news.
            # He said ...") is the object of that report; "he" continues with its speaker.
            reported = [c for f in earlier for c in f.content]
            people = [p for p in people if not any(p[0].overlap(c) for c in reported)]
            person_speakers = [
                (f.source_span, f.source)
                for f in earlier
                if f.source_span is not None
                and f.kind == "named"
                and not _org_like(f.source)
                and any(w[:1].isupper() for w in (f.source or "").split())
                and usable(f.source_span)
            ]
            return pick([*people, *person_speakers], "pronoun")
        if low[0] in ("it", "they"):
            org_speakers = [s for s in speakers if _org_like(s[1]) or low[0] == "they"]
            return pick([*orgs, *org_speakers], "pronoun")
        return replace(frame, kind="pronoun", certain=False)
    if low[0] == "the" and low[-1] in _PERSON_ROLES:
        role = re.compile(r"\b" + re.escape(low[-1]) + r"\b")
        fitting = [
            (m.span, m.name)
            for m in mentions
            if not m.org and m.full and usable(m.span) and role.search(_context(text, m.span))
        ]
        return pick(fitting, "description")
    descriptive = len(tokens) <= 3 and all(t.islower() for t in tokens[1:])
    if descriptive and low[0] == "the" and low[-1] in _ORG_WORDS | {"group", "monitor"}:
        head = low[-1]
        fitting = [(s, n) for s, n in orgs if head in n.lower() and len(n) > len(surface) - 4]
        if not fitting and head == "group":
            fitting = [s for s in speakers if _org_like(s[1])] + orgs
        if fitting:
            return pick(fitting, "named")
        return frame
    if _unnamed(tokens):
        return replace(frame, kind="unnamed")
    if len(tokens) == 1 and tokens[0][:1].isupper():
        full = [
            (m.span, m.name)
            for m in mentions
            if not m.org and m.full and usable(m.span) and m.name.split()[-1] == tokens[0]
        ]
        if full:
            return pick(full, "named")
        return frame
    return frame


def _context(text: str, span: Span) -> str:
    return text[max(0, span.start - 60) : span.end + 60].lower()


def _unnamed(tokens: Sequence[str]) -> bool:
    """'activists', 'Syrian activists', 'a spokesperson for the ministry', 'state media'."""
    head_part = []
    for token in tokens:
        if token.lower() in _PREPOSITIONS:
            break
        head_part.append(token)
    if not head_part:
        return False
    head = head_part[-1]
    if head.lower() in _UNNAMED_HEADS and (head.islower() or len(head_part) == 1):
        return True
    return head.islower() and head in _PERSON_ROLES and tokens[0].lower() in ("a", "an")


def _org_like(name: str | None) -> bool:
    if not name:
        return False
    words = name.split()
    return any(w.lower() in _ORG_WORDS for w in words) or any(
        w.isupper() and len(w) > 1 for w in words
    )
