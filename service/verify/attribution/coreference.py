"""Who "he" is: pronouns and short references resolved to the nearest fitting name."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from service.memo import ENTRIES, LINE_CHARS, text_memo
from service.prefilter import finditer_from
from service.verify.attribution.frame import Frame, SourceKind, Span, touches, updated
from service.verify.attribution.patterns import NAME
from service.verify.attribution.phrases import valid_source
from service.verify.lexicon import (
    CAPITAL_FUNCTION_WORDS,
    DETERMINERS,
    INSTITUTION_WORDS,
    NOT_PERSON_HEADS,
    ORG_WORDS,
    PERSON_ROLES,
    PLURAL_HEADS,
    PREPOSITIONS,
    PRONOUNS,
    STOPWORDS,
    TITLES,
    UNNAMED_HEADS,
)


def display_source(source: str | None) -> str | None:
    """'The Syrian Observatory...' -> 'the Syrian Observatory...'; 'Activists' -> 'activists':
    a capital that only marks the start of a sentence is not part of the name."""
    if not source:
        return source
    first, _, rest = source.partition(" ")
    if first in ("The", "A", "An") and rest:
        return first.lower() + " " + rest
    if first.lower() in UNNAMED_HEADS or first.lower() in DETERMINERS:
        return first.lower() + (" " + rest if rest else "")
    return source


_OFFICES = TITLES | PERSON_ROLES
_GROUPS = ORG_WORDS | {"group", "monitor"}
_REFERENCES = PRONOUNS | PERSON_ROLES | _GROUPS
"""Last words of a source that stands for a name said earlier ("he", "the minister", "the
group"); unions made once here, not on every call."""


class _Mention(NamedTuple):
    span: Span
    name: str
    org: bool
    full: bool  # two words or more, or a title before a name: a person we can name


_CAPITAL = re.compile(r"[A-Z]")
"""Where a `NAME` begins: tried only at capitals, its opening lookbehind would have `re` try
every character (51 us against 78 of a 600-word document)."""


@lru_cache(maxsize=8)
def mention_index(text: str) -> tuple[list[int], list[_Mention]]:
    """Capitalised names of a document, leading function words and titles taken off; found once
    per document, sliced per window."""
    found = []
    bodies: set[str] = set()  # one-word names the document calls "its"
    for match in finditer_from(NAME, _CAPITAL, text):
        at = match.start()
        line_start = text[max(0, at - 1) : at] in ("", "\n")
        run = match.group()
        read_run = _run_mentions if len(run) <= LINE_CHARS else _run_mentions.__wrapped__
        for m in read_run(run, line_start):
            found.append(_Mention(Span(at + m.span.start, at + m.span.end), *m[1:]))
            if not m.org and _referred_to_as_its(text, m, at):
                bodies.add(m.name)
    if bodies:
        # "Olam and its main stakeholder ...": every "Olam" of the document is the company.
        found = [m._replace(org=True) if m.name in bodies else m for m in found]
    found += _org_subjects(text)
    found.sort(key=lambda m: m.span.start)
    return [m.span.start for m in found], found


@lru_cache(maxsize=ENTRIES)
def _run_mentions(run: str, line_start: bool) -> tuple[_Mention, ...]:
    """The mentions in one capitalised run, offsets into the run: they depend on the run's own
    words and on whether it opens a line (a dateline), so a run seen before is not read again."""
    # The text as `_mention` reads it: the run, after a line break when it opens a line.
    text = ("\n" if line_start else " ") + run
    found = []
    # A capitalised run can cross a sentence end ("near Tarsi. The Highlands Conflict
    # Monitor"); a full stop after a word of three lowercase letters or more ends a name
    # (abbreviations such as "St." or "U.S." do not).
    position = 0
    for piece in _pieces(run):
        position = run.index(piece, position)
        if mention := _mention(text, piece, 1 + position):
            span = Span(mention.span.start - 1, mention.span.end - 1)
            found.append(mention._replace(span=span))
        position += len(piece)
    return tuple(found)


def _pieces(run: str) -> list[str]:
    """A run cut where a sentence ends inside it, and where a person's name meets the body they
    belong to: "Professor Naveed Sattar of the University of Glasgow" is a person and a
    university ("Bank of England", "Secretary of State" stay whole)."""
    pieces = []
    for piece in _SENTENCE_END_IN_NAME.split(run):
        person, of, body = piece.partition(" of ")
        named = [w for w in person.split() if w.lower().strip(".") not in TITLES]
        if (
            of
            and len(named) >= 2
            and not any(w.lower() in ORG_WORDS for w in named)
            and any(w.lower() in ORG_WORDS for w in body.split())
        ):
            pieces += [person, body]
        else:
            pieces.append(piece)
    return pieces


_SENTENCE_END_IN_NAME = re.compile(r"(?<=[a-z]{3}\.)\s+|[ \t]*\n\s*")
"""Where a capitalised run stops being one name: a sentence end, a line break ("...with
CloudTrek Solutions" / "Dear John," are a subject line and a greeting)."""
_SENTENCE_END = re.compile(r"[a-z]{3}\.$")
_ORG_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<det>The|Her|His|Its|Their|Our)\s+(?:[a-z]+\s+)?"
    r"(?P<head>[a-z]+)(?=\s+(?:has|have|had|is|are|was|were|will|would|said|says|denied|"
    r"denies|confirmed|did|does|can|could|also|later|earlier|previously|[a-z]+ed)\b)",
    re.MULTILINE,
)


_ITS_AFTER = re.compile(
    r"(?:\s+(?:has|have|had|is|was|will|would|did|does|can|could|may|might|should|also|now|"
    r"just|already|then|still|[a-z]+ly)(?![\w’'-]))*\s+"
    r"(?!(?:said|says|say|told|tells|added|adds|thinks|thought|believes|believed|warned|argued|"
    r"insisted|claimed|claims|stressed|noted|explained|admitted|suggested|"
    # "leaving Argos as its only business", "Mercury in its orbit": whose "its", a
    # preposition does not say.
    r"as|in|of|for|to|with|at|on|by|from|into|about|under|over|than|like|or|but)(?![\w’'-]))"
    r"[a-z][\w’'-]*\s+its(?![\w’'-])"
)
"""'Halvorsen has sent its renewal offer': a name whose own verb's object is "its" something is
a company or a body, not a person, even with no word such as "Ltd" in it; what a later "they"
or "it" may stand for ("Olam and its stakeholder" too). Only its verb between: "Obama told the
company its ..." keeps Obama; and no reporting verb, whose "its" is the report's ("Miliband
said its policy ...")."""


def _referred_to_as_its(text: str, mention: _Mention, at: int) -> bool:
    return " " not in mention.name and bool(_ITS_AFTER.match(text, at + mention.span.end))


_ORG_SUBJECT_START = re.compile(r"The|Her|His|Its|Their|Our")
"""Where an `_ORG_SUBJECT` can begin (its first word). Its opening lookbehinds keep the
regex engine from skipping ahead to a likely first letter, so a scan with it tries every
position: 140 us of a 600-word article, against 23 us tried only here."""


def _org_subject_matches(text: str) -> Iterator[re.Match[str]]:
    """`_ORG_SUBJECT.finditer(text)`, tried only where one of its first words begins."""
    return finditer_from(_ORG_SUBJECT, _ORG_SUBJECT_START, text)


def _org_subjects(text: str) -> list[_Mention]:
    """Organisations that open a sentence without a capitalised name: "The army has not
    commented.", "Her ministry will open clinics." They are what a following "it" most
    often means. Shown as "the army", "the ministry"."""
    found = []
    for match in _org_subject_matches(text):
        if match.group("head") not in ORG_WORDS:
            continue
        phrase = match.group()[len(match.group("det")) :].strip()
        found.append(
            _Mention(Span(match.start(), match.end()), "the " + phrase, org=True, full=False)
        )
    return found


def _mention(text: str, group: str, offset: int) -> _Mention | None:
    """One capitalised name as a mention, leading function words and titles taken off."""
    if " " not in group and group.lower().strip(".,’'") in CAPITAL_FUNCTION_WORDS:
        return None
    if _SENTENCE_END.search(group):
        group = group[:-1]  # "said lead author Dr. Judit Simon.": the stop ends the sentence
    if group.endswith(("’s", "'s")) and len(group) > 3:
        group = group[:-2]  # "Mr Jones's friends": the name is Jones
    words = group.split()
    end = offset + len(group)
    while words and words[0].lower().strip(".,’'") in CAPITAL_FUNCTION_WORDS:
        offset = text.index(words[1], offset + len(words[0])) if len(words) > 1 else offset
        words.pop(0)
    if not words:
        return None
    span = Span(offset, end)
    if all(w.isupper() for w in words) and text[max(0, offset - 1) : offset] in ("", "\n"):
        return None  # a dateline: "BARA PROVINCE —"
    if all(w.lower() in _OFFICES for w in words):
        # "The Prime Minister": an office named without its holder is the office, not "Minister"
        return _Mention(span, "the " + " ".join(words), org=False, full=True)
    titled = False
    while len(words) > 1 and words[0].lower() in TITLES:
        words.pop(0)
        titled = True
    org = any(
        w.lower() in ORG_WORDS
        or w.lower().rstrip("’'s") in ORG_WORDS
        or w.lower() in INSTITUTION_WORDS
        or (w.isupper() and len(w) > 1)
        for w in words
    )
    return _Mention(span, " ".join(words), org, len(words) > 1 or titled)


def _mentions(text: str, start: int, end: int) -> list[_Mention]:
    starts, mentions = mention_index(text)
    return mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def resolve(
    text: str,
    frame: Frame,
    earlier: Sequence[Frame],
    window_start: int,
) -> Frame | None:
    """The frame with its source resolved to whom a pronoun or a short reference stands for;
    None when the source is a relative pronoun that stands for no one ("..., which could
    explain ...")."""
    assert frame.source_span is not None and frame.source_text is not None
    surface = frame.source_text
    tokens = surface.split()
    low = [t.lower() for t in tokens]
    here = frame.source_span.start
    if low[-1] in _REFERENCES or (len(tokens) == 1 and tokens[0][:1].isupper()):
        mentions = _mentions(text, window_start, here)
    else:
        mentions = []

    def usable(span: Span) -> bool:
        return (
            window_start <= span.start and span.end <= here and not touches((span,), frame.content)
        )

    # Candidates, made only for the kinds of reference that need them.
    def people() -> list[tuple[Span, str]]:
        return [(m.span, m.name) for m in mentions if not m.org and m.full and usable(m.span)]

    def orgs() -> list[tuple[Span, str]]:
        return [(m.span, m.name) for m in mentions if m.org and usable(m.span)]

    def speakers() -> list[tuple[Span, str]]:
        return [
            (f.source_span, f.source)
            for f in earlier
            if f.source_span is not None
            and f.source
            and f.kind in ("named", "unnamed")
            and usable(f.source_span)
        ]

    def pick(candidates: Iterable[tuple[Span, str | None]], kind: SourceKind) -> Frame:
        best = max(candidates, key=lambda c: c[0].start, default=None)
        if best is None or not best[1]:
            return updated(frame, kind=kind, certain=False if kind == "pronoun" else frame.certain)
        # An earlier "He said" stands for the span that names him ("the Prime Minister"): a
        # later "He" going back to it is named there, not by the pronoun.
        named_at = next(
            (f.antecedent for f in earlier if f.source_span == best[0] and f.antecedent), best[0]
        )
        return updated(frame, source=best[1], antecedent=named_at, kind="named")

    if len(tokens) == 1 and low[0] in ("who", "which", "whom"):
        if not text[:here].rstrip().endswith((",", "-", "–", "—")):
            # "black listeners who said": the words just before it are who.
            offset = max(0, here - 60)
            words = list(re.finditer(r"[\w’'.-]+", text[offset:here]))
            phrase: list[re.Match[str]] = []
            for word in reversed(words[-3:]):
                # "when she was 13. Abase Hussen who": a sentence's end is no part of it
                # ("Mr. Hussen who" keeps its title).
                end = word.group().endswith(".") and not word.group()[:1].isupper()
                if word.group().lower() in STOPWORDS or (phrase and end):
                    break
                phrase.insert(0, word)
            if phrase:
                span = Span(offset + phrase[0].start(), offset + phrase[-1].end())
                return replace(frame, source=span.quote(text), antecedent=span, kind="named")
        # "the Union, which contended": the name just before it.
        close = [
            (m.span, m.name)
            for m in _mentions(text, max(window_start, here - 80), here)
            if usable(m.span) and (m.org or low[0] != "which")
        ]
        if close:
            return pick(close, "pronoun")
        if low[0] != "which":
            return pick(close, "pronoun")  # "who", "whom": a person all the same
        # "The ministry, which said", "the study -- which notes": the noun phrase just before.
        # After a clause ("They were wealthier, which could explain ...") nobody speaks.
        lead = _NOUN_PHRASE_BEFORE_WHICH.search(text, window_start, here)
        if lead is None or not valid_source(lead.group(1)):
            return None
        span = Span(lead.start(1), lead.end(1))
        return replace(frame, source=span.quote(text), antecedent=span, kind="named")
    if len(tokens) == 1 and low[0] in PRONOUNS:
        if low[0] == "i":
            # Outside a quotation "I" is whoever writes: "Dear John, I hope ..." is not John's,
            # nor "I am a Sales Manager. I wanted to introduce ..." the sales manager's name.
            return replace(frame, kind="pronoun", certain=False)
        if low[0] in ("he", "she"):
            # A name inside what an earlier speaker reported ("Amadi said Dunn gave him the news.
            # He said ...") is the object of that report; "he" continues with its speaker.
            reported = [c for f in earlier for c in f.content]
            named = [p for p in people() if not touches((p[0],), reported)]
            person_speakers = [
                (f.source_span, f.source)
                for f in earlier
                if f.source_span is not None
                and f.kind == "named"
                and not _org_like(f.source)
                and any(w[:1].isupper() for w in (f.source or "").split())
                and usable(f.source_span)
            ]
            # "She told MPs ..." went back to Margaret Hodge: a later "He" is someone else; and
            # "he" is never "Holocaust Memorial Day", "the Middle East" or "the Red Cross".
            consistent = [
                c
                for c in [*named, *person_speakers]
                if _gender(text, c[1], earlier) in (None, low[0]) and not _no_person(c[1])
            ]
            return pick(consistent, "pronoun")
        if low[0] == "they" and (about := _people_subject(text, window_start, here)):
            # "The researchers, led by ..., used trackers from the UK Biobank. They said ...":
            # the people the last sentence is about, not the organisation it names.
            return replace(frame, source=about[1], antecedent=about[0], kind="named")
        if low[0] in ("it", "they"):
            # "they" is a group or an organisation, never one person named before ("Our findings
            # are exciting because they show ..." is not "Prof Kevin Morgan show ...").
            bodies = {m.name.split()[0] for m in mentions if m.org and " " in m.name}
            org_speakers = [
                s
                for s in speakers()
                if _org_like(s[1])
                or (low[0] == "they" and _plural(s[1]))
                # "Norvik said ... It said": the first word of "Norvik Energy", a company
                or (low[0] == "it" and s[1] in bodies)
            ]
            return pick([*orgs(), *org_speakers], "pronoun")
        return replace(frame, kind="pronoun", certain=False)
    if low[0] == "the" and low[-1] in PERSON_ROLES:
        role = re.compile(r"\b" + re.escape(low[-1]) + r"\b")
        fitting = [
            (m.span, m.name)
            for m in mentions
            if not m.org and m.full and usable(m.span) and role.search(_context(text, m.span))
        ]
        return pick(fitting, "description")
    descriptive = len(tokens) <= 3 and all(t.islower() for t in tokens[1:])
    if descriptive and low[0] == "the" and low[-1] in _GROUPS:
        head = low[-1]
        named_orgs = orgs()
        fitting = [(s, n) for s, n in named_orgs if head in n.lower() and len(n) > len(surface) - 4]
        if not fitting and head == "group":
            fitting = [s for s in speakers() if _org_like(s[1])] + named_orgs
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


_GENDERED_TITLE = re.compile(
    r"(?<![\w’'-])(?:(?P<he>Mr|Sir|Lord)|(?P<she>Mrs|Ms|Miss|Dame|Lady))\.?\s+"
    r"(?P<name>(?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w’'-]+)"
)


_TITLE_START = re.compile(r"Mr|Sir|Lord|Mrs|Ms|Miss|Dame|Lady")
"""Where a `_GENDERED_TITLE` begins (its titles, none of which begins inside another): 16 us of
a 600-word document against 75 with the lookbehind tried at every character."""


@lru_cache(maxsize=8)
def _titled_genders(text: str) -> dict[str, frozenset[str]]:
    """Names the document gives a title that says "he" or "she" ("Mrs Hodge", "Mr. Hunt")."""
    found: dict[str, set[str]] = {}
    for match in finditer_from(_GENDERED_TITLE, _TITLE_START, text):
        found.setdefault(match.group("name"), set()).add("he" if match.group("he") else "she")
    return {name: frozenset(genders) for name, genders in found.items()}


@lru_cache(maxsize=8)
def _given_names(text: str) -> dict[str, frozenset[str]]:
    """The given names a document puts before each surname: whom a surname alone may mean."""
    found: dict[str, set[str]] = {}
    for mention in mention_index(text)[1]:
        given, surname = _person_key(mention.name)
        if not mention.org and given:
            found.setdefault(surname, set()).add(given)
    return {surname: frozenset(names) for surname, names in found.items()}


def _person_key(name: str) -> tuple[str | None, str]:
    """'Dame Margaret Hodge' -> ('Margaret', 'Hodge'); 'Mrs Hodge', 'Hodge' -> (None, 'Hodge');
    scraped text's "Harrods.Ms Jansen" -> (None, 'Jansen')."""
    words = [w.rsplit(".", 1)[-1] for w in name.split()]
    words = [w for w in words if w and w.lower() not in TITLES]
    if not words:
        return None, name
    return (words[-2] if len(words) > 1 else None), words[-1]


def _same_person(text: str, a: str, b: str) -> bool:
    """'Hodge' and 'Dame Margaret Hodge', unless the document gives another Hodge's given name
    too (a mother and her son share a surname); not 'Alison Wedgwood' and 'Josiah Wedgwood'."""
    (given_a, surname_a), (given_b, surname_b) = _person_key(a), _person_key(b)
    if surname_a != surname_b:
        return False
    if given_a and given_b:
        return given_a == given_b
    return len(_given_names(text).get(surname_a, ())) <= 1


def _gender(text: str, name: str | None, earlier: Sequence[Frame]) -> str | None:
    """ "he" or "she", when the document itself says which a person is: a title before their
    name, or an earlier "she" or "he" that stood for them; None when it does not say, or says
    both."""
    if not name:
        return None
    genders: set[str] = set()
    for titled, said in _titled_genders(text).items():
        if _same_person(text, titled, name):
            genders |= said
    for frame in earlier:
        pronoun = (frame.source_text or "").lower()
        if pronoun in ("he", "she") and frame.source and _same_person(text, frame.source, name):
            genders.add(pronoun)
    return genders.pop() if len(genders) == 1 else None


_NOUN_PHRASE_BEFORE_WHICH = re.compile(
    r"(?<![\w’'-])((?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[Aa]n?)\s+(?:[\w’'-]+\s+){0,2}[\w’'-]+(?<!ed))"
    r"\s*(?:,|--|—|–)\s*$"
)
"""What "which" stands for: a short noun phrase just before its comma or dash, its last word
not a past verb ("the drinkers earned more, which ...")."""


_PEOPLE = frozenset(
    """researchers scientists authors experts officials residents protesters activists witnesses
    doctors workers analysts economists investigators campaigners critics lawyers prosecutors
    police authorities villagers students teachers parents nurses farmers voters lawmakers
    engineers firefighters rescuers survivors organisers organizers employees scholars historians
    astronomers biologists physicians psychologists""".split()
)
"""Plural nouns for people, who can be what a later "they" says."""
_PEOPLE_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:The|These|Those|Some|Many|Local)\s+(?:[a-z]+\s+)?"
    rf"(?P<head>{'|'.join(sorted(_PEOPLE))})\b"
)


def _people_subject(text: str, start: int, end: int) -> tuple[Span, str] | None:
    """People opening the sentence just before `end`, or the one before it ("The researchers,
    led by Dr Borja del Pozo Cruz, used ..."), as a later "they" stands for them."""
    found = list(_PEOPLE_SUBJECT.finditer(text, start, end))
    if not found:
        return None
    last = found[-1]
    if len(_SENTENCE_STOP.findall(text, last.end(), end)) > 1:
        return None  # further back than the sentence before
    phrase = last.group()
    return Span(last.start(), last.end()), "the " + phrase.split(None, 1)[1]


_SENTENCE_STOP = re.compile(r"[.!?](?=\s)")


def _context(text: str, span: Span) -> str:
    return text[max(0, span.start - 60) : span.end + 60].lower()


def _unnamed(tokens: Sequence[str]) -> bool:
    """'activists', 'Syrian activists', 'a spokesperson for the ministry', 'state media'."""
    head_part = []
    for token in tokens:
        if token.lower() in PREPOSITIONS:
            break
        head_part.append(token)
    if not head_part:
        return False
    head = head_part[-1]
    if head.lower() in UNNAMED_HEADS and (head.islower() or len(head_part) == 1):
        return True
    return head.islower() and head in PERSON_ROLES and tokens[0].lower() in ("a", "an")


def _no_person(name: str | None) -> bool:
    """A name that a day, a place, an event or a body ends ("Holocaust Memorial Day", "Middle
    East", "Red Cross", "Champions League"): what "he" or "she" cannot stand for."""
    words = (name or "").split()
    return bool(words) and len(words) > 1 and words[-1].lower() in NOT_PERSON_HEADS


def _plural(name: str | None) -> bool:
    """'protesters', 'the two men', 'police', 'officials': a speaker "they" can stand for."""
    words = (name or "").split()
    if not words:
        return False
    head = words[-1]
    return head.lower() in PLURAL_HEADS or (
        head.islower() and head.endswith("s") and not head.endswith("ss")
    )


def _org_like(name: str | None) -> bool:
    return bool(name) and _org_words(name or "")


@text_memo()
def _org_words(name: str) -> bool:
    """An organisation's name: a word such as "ministry", or an acronym. Asked of every earlier
    speaker for each "he", "she", "it" or "they" (some 50 times a 600-word document)."""
    words = name.split()
    return any(
        w.lower() in ORG_WORDS
        or (w[:1].isupper() and w.lower() in INSTITUTION_WORDS)
        or (w.isupper() and len(w) > 1)
        for w in words
    )
