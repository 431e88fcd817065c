"""Noun phrases around a cue: the source before or after it, and where its content ends."""

from __future__ import annotations

import re

from service.verify.attribution.frame import Span
from service.verify.attribution.patterns import (
    AUX_TAIL,
    BOUNDARY,
    LEADING_CONJUNCTION,
    SOURCE_TAIL,
    STOP,
    WORD,
)
from service.verify.lexicon import (
    ABBREVIATIONS,
    DETERMINERS,
    EVIDENCE_WORDS,
    ORG_WORDS,
    PERSON_ROLES,
    PREPOSITIONS,
    PRONOUNS,
    RULE_WORDS,
    STOPWORDS,
    UNNAMED_HEADS,
)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:>*•·"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def strip_aux(text: str, start: int, end: int) -> int:
    """End of a source phrase once auxiliaries and adverbials before the cue are taken off."""
    while True:
        match = AUX_TAIL.search(text, start, end)
        if match is None or match.start() <= start:
            return end
        end = match.start()


_OPENS_AN_ADVERBIAL = frozenset(
    """in on at but and or so yet as if when while after before since because though although
    however meanwhile also still then there there’s there's for from with without by to of during
    asked speaking like unlike despite worse maybe perhaps""".split()
)
"""Words that open an adverbial phrase, never a source: the source follows that phrase."""


_HEADS = UNNAMED_HEADS | PERSON_ROLES | ORG_WORDS
"""Words for people or organisations that may end a source ("the spokesman", "the ministry")."""


_SOME = (["some"], ["many"], ["most"], ["several"])
"""Determiners that stand alone for people: "Some believe the move shows ..."."""


def valid_source(phrase: str, longest: int = 14) -> bool:
    """Can the phrase be who speaks? At most `longest` words: a body's name with its complement
    runs long ("The party's complaint to the D.C. Court of Appeals' Board on Professional
    Responsibility says ..."), a clause mistaken for a source longer still."""
    tokens = WORD.findall(phrase)
    if not 1 <= len(tokens) <= longest or phrase.lstrip()[:1] in "'\"“‘(":
        return False  # a phrase opening a quotation or a parenthesis is not who speaks
    lowered = [t.lower() for t in tokens]
    if lowered in _ANYONE:
        return True  # "Then someone asked how ...", "Not everyone finds it compelling"
    if all(t in DETERMINERS for t in lowered):
        return lowered in _SOME  # "Some believe ...", "many say ...": people unnamed
    if any(
        t in {"is", "was", "were", "are", "be", "been", "it’s", "it's", "there"} for t in lowered
    ):
        return False
    if lowered[0] in PRONOUNS:
        return len(tokens) == 1
    if lowered[0] in _OPENS_AN_ADVERBIAL:
        return False  # "Meanwhile", "During a speech", "To those I": not who speaks
    if _people_with_complement(lowered):
        return True
    if any(
        t in ("the", "a", "an") and lowered[i - 1] not in PREPOSITIONS
        for i, t in enumerate(lowered)
        if i > 0
    ):
        return False
    if (
        len(tokens) > 1
        and lowered[-1].endswith("ing")
        and tokens[-1].islower()
        and lowered[-1] not in _ING_NOUNS
    ):
        return False  # "the Rev. Al Sharpton began taking (calls)": a clause, not a speaker
    if (
        len(tokens) >= 4
        and tokens[-1].islower()
        and lowered[-1].endswith("ed")
        and lowered[-1] not in _PARTICIPLE_QUALIFIERS
    ):
        return False  # "Russia's annexation of Crimea renewed (fears)": a clause, not a speaker
    if (
        len(tokens) >= 3
        and lowered[1] in PREPOSITIONS
        and (lowered[0] in UNNAMED_HEADS or lowered[0].removesuffix("s") in _HEADS)
        and tokens[-1][0].isupper()
    ):
        return True  # "advisers to Mr. Obama", "officials at the Treasury"
    first = tokens[0]
    if (
        len(tokens) > 3
        and not any(
            t[0].isupper()
            or t.lower() in _HEADS
            or t.lower().removesuffix("s") in _HEADS
            or t.lower() in EVIDENCE_WORDS  # "a review of records indicate ..."
            or t.lower() in RULE_WORDS  # "a contentious visa program allows ..."
            for t in tokens[1:]
        )
    ):
        return False  # "this reeks of some of the greatest": a clause, not a speaker
    if first[0].isupper() or first[0].isdigit() or lowered[0] in DETERMINERS:
        return True
    last = lowered[-1]
    if last in UNNAMED_HEADS or last in PERSON_ROLES or last in ORG_WORDS:
        return True
    if _described_name(tokens, lowered):
        return True
    # "organisers", "local councillors": a short phrase ending in a plural noun.
    return len(tokens) <= 3 and len(last) > 3 and last.endswith("s") and not last.endswith("ss")


_PARTICIPLE_QUALIFIERS = frozenset(
    "involved concerned affected interviewed surveyed polled questioned contacted asked".split()
)
"""Participles that end a phrase for people: "the three officials involved said ..."."""
_ANYONE = (["someone"], ["somebody"], ["everyone"], ["everybody"], ["nobody"], ["no", "one"])
"""Indefinite pronouns for people: a source, though none to resolve."""
_ING_NOUNS = frozenset("ruling filing briefing recording".split())
"""Nouns in -ing that speak for someone: 'The ruling said "A state cannot ..."'."""


_RELATING = frozenset("close familiar loyal".split())
"""What links people to whom they stand by: "those close to him", "people familiar with it"."""
_COMPLEMENT_WORDS = 8


def _people_with_complement(lowered: list[str]) -> bool:
    """'elected officials from both parties', 'experts on North Korea and nuclear
    nonproliferation', 'those close to him': a word for people (after at most two words
    describing them), then a preposition and what it governs, a few words."""
    at = next((i for i, t in enumerate(lowered[:4]) if t in _LINKS), None)
    if at is None or at == 0 or len(lowered) - at - 1 > _COMPLEMENT_WORDS:
        return False
    head = lowered[at - 1]
    if head in _RELATING and at >= 2:
        return lowered[at - 2] in ("those", "people") or _people_word(lowered[at - 2])
    return _people_word(head) and not any(t in STOPWORDS for t in lowered[: at - 1])


def _people_word(word: str) -> bool:
    return word in UNNAMED_HEADS or word in _HEADS or word.removesuffix("s") in _HEADS


_LINKS = PREPOSITIONS - {"and", "y", "und"}
"""Prepositions that join a head to its complement ("officials from ..."), not two heads."""


def _described_name(tokens: list[str], lowered: list[str]) -> bool:
    """'retired Air Force general Lloyd Newton', 'conservative talk radio host Rush Limbaugh': a
    few lower-case words describing a person, then the person's full name (two capitalised
    words at least). No function word among them ("what Donald Trump", "if John Smith")."""
    described = len(tokens)
    while described > 0 and tokens[described - 1][0].isupper():
        described -= 1
    return (
        1 <= described <= 6
        and len(tokens) - described >= 2
        and tokens[0][0].islower()
        and not any(t in STOPWORDS for t in lowered[:described])
    )


def source_before(text: str, lo: int, cue_start: int) -> Span | None:
    """The source phrase ending at a cue: back to the clause boundary, over one appositive
    ("Ahmed Said, a spokesman for the group, said" gives "Ahmed Said")."""
    end = strip_aux(text, lo, cue_start)
    if (year := _CITED_YEAR.search(text, lo, end)) is not None:
        end = year.start()  # "Neal et al. (2021) found that ...": the paper's year is no source
    if _GERUND.match(text, cue_start) and (be := _PROGRESSIVE.search(text, lo, end)) is not None:
        end = strip_aux(text, lo, be.start())  # "The White House is (now) saying that"
    if (aside := _DASHED_ASIDE.search(text, lo, end)) is not None and aside.start() > lo:
        end = aside.start()  # "The film ― which weaves ..., among others ― explains"
    boundaries = list(BOUNDARY.finditer(text, lo, end))
    start = boundaries[-1].end() if boundaries else lo
    if (conjunction := LEADING_CONJUNCTION.match(text, start, end)) is not None:
        start = conjunction.end()
    s, e = trim(text, start, end)
    s = _past_adverbial(text, s, e)
    if e > s:
        if (wider := _complement_with_and(text, lo, boundaries, e)) is not None:
            return wider
        if (study := _published_study(text, s, e)) is not None:
            return study
        if not valid_source(text[s:e]):
            return _before_participle(text, s, e)
        joined = _coordinated_start(text, lo, boundaries, s, e)
        return Span(s if joined is None else joined, e)
    if boundaries and boundaries[-1].group().lower() in _RELATIVES:
        # "listeners who said ...", "the commission, which contended that ...": the relative
        # pronoun is the source as written; coreference names what it stands for.
        return Span(boundaries[-1].start(), boundaries[-1].end())
    commas = [m for m in boundaries if m.group() == ","]
    if not boundaries or boundaries[-1].group() != "," or len(commas) < 2:
        return None
    appositive = text[commas[-2].end() : commas[-1].start()]
    if not appositive.strip():
        return None
    if len(WORD.findall(appositive)) > 20:
        # "Dr. Connie Mariano, who as a Navy captain was the White House physician ... and later
        # retired as a rear admiral, said": the name before a long relative clause.
        return _name_before_long_appositive(text, lo, boundaries)
    if any(m.group().lower() in _RELATIVES_AND for m in boundaries[-3:]) and (
        named := _name_before_long_appositive(text, lo, boundaries)
    ):
        return named  # the name, not the description in between
    before = [m for m in boundaries if m.end() <= commas[-2].start()]
    s = before[-1].end() if before else lo
    if (conjunction := LEADING_CONJUNCTION.match(text, s, commas[-2].start())) is not None:
        s = conjunction.end()
    s, e = trim(text, s, commas[-2].start())
    s = _past_adverbial(text, s, e)
    if e <= s or not valid_source(text[s:e]):
        return _name_before_long_appositive(text, lo, boundaries)
    # "Its chair, Helen Moss, said": the name in the appositive names the speaker better, as
    # it does after a name's role ("Tully's lawyer, Marcus Reid, said").
    named = Span(*trim(text, commas[-2].end(), commas[-1].start()))
    words = named.quote(text).split()
    described = text[s:e].split()
    first = described[0]
    role = first.endswith(("'s", "’s")) and len(described) > 1 and described[-1].islower()
    if (
        (first.islower() or first.lower() in DETERMINERS or role)
        and 2 <= len(words) <= 4
        and all(w[0].isupper() for w in words)
    ):
        return named
    return Span(s, e)


_CITED_YEAR = re.compile(r"\s*\((?:[^()]{0,40}[\s,])?(?:1[89]|20)\d\d[a-z]?\)\s*$")
"""A citation's year in brackets at the end of a source: "Neal et al. (2021)", "Huang (2023a)"."""
_GERUND = re.compile(r"[a-z]+ing(?![\w’'-])")
_REDUCED_RELATIVE = re.compile(
    r"((?:[A-Z][\w’'.-]*|(?:the|some|many)\s+[a-z][\w’'-]*)(?:\s+[a-z][\w’'-]*){0,2}?)"
    r"\s+[a-z]{3,}ing\s+(?:through|in|on|at|near|outside|inside|from|along|across|around|past|"
    r"down|up|into|toward|towards|the|a|an)\s"
)


def _before_participle(text: str, s: int, e: int) -> Span | None:
    """'Protesters marching through the streets chanted ...', 'Residents living near the plant
    said ...': the speaker is the noun before the participle phrase describing it."""
    head = _REDUCED_RELATIVE.match(text, s, e)
    if head is None or not valid_source(head.group(1)):
        return None
    return Span(head.start(1), head.end(1))


def _published_study(text: str, s: int, e: int) -> Span | None:
    """'A Government Accountability Office report released (last year)', 'a report published'
    before "found": the study is the source, not its release."""
    head = _PUBLISHED.fullmatch(text, s, e)
    if head is None or head.group(1).split()[-1].lower() not in EVIDENCE_WORDS:
        return None
    return Span(head.start(1), head.end(1)) if valid_source(head.group(1)) else None


_PUBLISHED = re.compile(
    r"((?:[Aa]n?|[Tt]he|[A-Z][\w’'.&-]*)(?:\s+[\w’'.&-]+){0,5}?)\s+"
    r"(?:released|published|issued|conducted|commissioned|prepared|produced|obtained)"
)
"""A study and the participle of its release (a time after it is stripped before)."""


_PROGRESSIVE = re.compile(r"\s+(?:is|are|was|were|am|been)\s*$")
"""A form of "be" before a cue in -ing is the verb's, not the source's ("is saying")."""

_DASHED_ASIDE = re.compile(r"\s*([―—–]|--)[^―—–]{3,160}?\1\s*$")
"""An aside between two dashes right before the cue: the source stands before it."""

_RELATIVES = frozenset({"who", "which", "whom"})
_RELATIVES_AND = _RELATIVES | {"and"}
_LONG_APPOSITIVE_WORDS = 40


def _name_before_long_appositive(
    text: str, lo: int, boundaries: list[re.Match[str]]
) -> Span | None:
    """'Ali Hassan, foreign minister of Qatar, which is a main backer of the rebels, said': a
    name, then a description with commas and clauses of its own, then the cue. The speaker is
    the nearest name followed by a comma and a description (a lower-case or determiner start),
    at most a few commas back."""
    commas = [m for m in boundaries if m.group() == ","]
    if len(commas) < 2:
        return None
    last = commas[-1].start()
    for index in range(len(commas) - 2, max(-1, len(commas) - 6), -1):
        comma = commas[index]
        if len(WORD.findall(text[comma.end() : last])) > _LONG_APPOSITIVE_WORDS:
            return None
        if re.search(r"[“”\"]", text[comma.end() : last]):
            return None
        description = text[comma.end() : last].split()
        if not description or not (
            description[0][0].islower() or description[0].lower() in DETERMINERS
        ):
            continue
        before = [m for m in boundaries if m.end() <= comma.start()]
        s = before[-1].end() if before else lo
        if (conjunction := LEADING_CONJUNCTION.match(text, s, comma.start())) is not None:
            s = conjunction.end()
        s, e = trim(text, s, comma.start())
        words = text[s:e].split()
        if (
            e > s
            and len(words) <= 5
            and all(w[0].isupper() for w in words[1:])
            and words[0][0].isupper()
            and (words[0].lower() not in DETERMINERS or len(words) > 1)
            and valid_source(text[s:e])
        ):
            return Span(s, e)
    return None


_TRAILING_NAME = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*\s*$")


def _past_adverbial(text: str, s: int, e: int) -> int:
    """'In a Bloomberg interview Trump declared': a phrase opening with an adverbial has its
    source at the end, the name closing it; without one, it has no source (start moved to e)."""
    first = text[s:e].split(maxsplit=1)
    if not first or first[0].lower() not in _OPENS_AN_ADVERBIAL:
        return s
    name = _TRAILING_NAME.search(text, s, e)
    return name.start() if name is not None and name.start() > s else e


def _complement_with_and(
    text: str, lo: int, boundaries: list[re.Match[str]], e: int
) -> Span | None:
    """'Experts on North Korea and nuclear nonproliferation said': an "and" inside the
    complement of a word for people does not start the source."""
    if not boundaries or boundaries[-1].group() != "and":
        return None
    start = boundaries[-2].end() if len(boundaries) > 1 else lo
    if (conjunction := LEADING_CONJUNCTION.match(text, start, e)) is not None:
        start = conjunction.end()
    s, e = trim(text, start, e)
    s = _past_adverbial(text, s, e)
    phrase = text[s:e]
    if e <= s or not _people_with_complement(WORD.findall(phrase.lower())):
        return None
    return Span(s, e) if valid_source(phrase) else None


_BOTH = re.compile(r"(?:[Bb]oth|[Ee]ither)\s+")


def _names_a_party(phrase: str) -> bool:
    """A name ("Trump"), or a few words ending in a word for people or an organisation ("the
    monitor", "pro-government outlets"): what may stand on either side of a coordinated source."""
    tokens = WORD.findall(phrase)
    if not 1 <= len(tokens) <= 5:
        return False
    if all(t[0].isupper() for t in tokens):
        return True
    last = tokens[-1].lower()
    plural = len(tokens) <= 3 and len(last) > 3 and last.endswith("s") and not last.endswith("ss")
    return (last in _HEADS or last.rstrip("s") in _HEADS or plural) and valid_source(phrase)


def _coordinated_start(
    text: str, lo: int, boundaries: list[re.Match[str]], s: int, e: int
) -> int | None:
    """Where a coordinated source starts, or None: "Both the monitor and pro-government outlets
    reported" is one source, not its last part."""
    if not boundaries or boundaries[-1].group() != "and":
        return None
    earlier = boundaries[-2].end() if len(boundaries) > 1 else lo
    first, last = trim(text, earlier, boundaries[-1].start())
    if (both := _BOTH.match(text, first, last)) is not None:
        first = both.end()
    if last <= first or not _names_a_party(text[first:last]) or not _names_a_party(text[s:e]):
        return None
    return both.start() if both is not None else first


def subject_before(text: str, lo: int, conjunction: int) -> Span | None:
    """'Donald Trump, her Republican opponent, bemoaned the unrest and said ...': the source of
    a verb coordinated with another is the clause's subject, the name that opens it."""
    opening = re.compile(r"\s*(?:(?:But|And|Yet|So|Still|Meanwhile|However|Later|Earlier),?\s+)?")
    begin = opening.match(text, lo, conjunction)
    start = begin.end() if begin else lo
    name = _OPENING_NAME.match(text, start, conjunction)
    if name is None or not valid_source(name.group()):
        name = _OPENING_NOUN_PHRASE.match(text, start, conjunction)
        return Span(name.start(1), name.end(1)) if name and valid_source(name.group(1)) else None
    first = name.group().split()[0].lower()
    if first not in PRONOUNS and (
        first in STOPWORDS or first.endswith("ly")
    ):  # "Though", "Recently,"
        return None
    return Span(name.start(), name.end())


_OPENING_NAME = re.compile(
    r"(?:He|She|They|We|I|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})(?=[\s,])"
)
_OPENING_NOUN_PHRASE = re.compile(
    r"((?:The|A|An|His|Her|Its|Their|Our|This|These|Those)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+)"
    r"(?=\s+(?:[a-z]+ly\s+)?[a-z]{3,}(?:ed|s)(?![\w’'-]))"
)
"""'His ex-wife agreed, but also contended that ...': a subject that is no name, a few words
opened by a determiner, then the clause's verb."""


def source_after(text: str, start: int, hi: int) -> Span | None:
    """An inverted source: ', said the minister.' or ', said Ahmed Said, a commander.'"""
    match = _INVERTED_SOURCE.match(text, start, hi)
    if match is None:
        return None
    s, e = trim(text, match.start(), match.end())
    if (cut := SOURCE_TAIL.search(text, s, e)) is not None and cut.start() > s:
        e = cut.start()
    phrase = text[s:e]
    tokens = WORD.findall(phrase)
    if not tokens or not (
        tokens[0][0].isupper()
        or tokens[0][0].isdigit()  # "said 9/11 widow Terry Strada"
        or tokens[0].lower() in DETERMINERS
        or _ROLE_BEFORE_NAME.match(phrase)  # "said lead author Judit Simon"
    ):
        return None
    return Span(s, e) if valid_source(phrase) else None


# An inverted source runs to the next punctuation; the stops of a title, an initial and an
# acronym stay in it ("said Dr. Judit Simon", "said John F. Kennedy", "said the U.S. embassy").
_INVERTED_SOURCE = re.compile(
    r"(?:(?<![\w.])(?:[A-Z]\.){2,}|(?<![\w.])(?:"
    + "|".join(a.capitalize() for a in sorted(ABBREVIATIONS))
    + r"|[A-Z])\.(?=\s+[A-Z])|[^,.;:!?“”\"()])+"
)
_ROLE_BEFORE_NAME = re.compile(
    r"(?!(?:" + "|".join(sorted(PREPOSITIONS | STOPWORDS)) + r")\b)(?:[a-z][\w-]*\s+){1,3}[A-Z]"
)


def sentence_stop(text: str, start: int, end: int) -> int:
    """The first sentence end in text[start:end] that is not an abbreviation's full stop."""
    for match in STOP.finditer(text, start, end):
        if match.group() == ".":
            word = text[max(start, match.start() - 6) : match.start()].split()
            last = word[-1].lower().lstrip('("“') if word else ""
            if last in ABBREVIATIONS or len(last) == 1 or "." in last:
                continue
        return match.start()
    return end


def end_before_stop(text: str, start: int, end: int) -> int:
    """The sentence's end without its final full stop; a stop inside closing quotes stays."""
    end = start + len(text[start:end].rstrip())
    while end > start and text[end - 1] in ".!?;:":
        end -= 1
    return end
