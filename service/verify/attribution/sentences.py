"""Frames in one sentence: a cue and its source before the content, after it, or around it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace

from service.schemas import Stance
from service.verify.attribution.cues import CueMatch, cues_in
from service.verify.attribution.frame import Frame, Span
from service.verify.attribution.patterns import (
    ADVERBIAL_HEAD,
    APPOSITIVE,
    CLAIM_NOUN_AT_END,
    CLAUSE_START,
    CONTENT_TAIL,
    FINITE_START,
    FOLLOW_UP,
    INVERTED_TAIL,
    LEAD_IN,
    NEGATION,
    OCCASION_THAT,
    PARENTHESIS_END,
    SIBLING,
    SUBJECT,
    TELL_OBJECT,
    THAT,
    WORD,
)
from service.verify.attribution.phrases import (
    end_before_stop,
    source_after,
    source_before,
    strip_aux,
    subject_before,
    trim,
    valid_source,
)
from service.verify.lexicon import (
    ASKING_VERBS,
    CAPITAL_FUNCTION_WORDS,
    EVIDENCE_WORDS,
    EXPRESSING,
    FINDING_VERBS,
    FOLLOW_UPS,
    NAMING_CUES,
    OBJECT_CUES,
    PERSON_ROLES,
    POLL_CHOICES,
    PRONOUNS,
    PROVIDING_VERBS,
    QUOTING_VERBS,
    RULE_WORDS,
    STANCE,
    STOPWORDS,
    TELLING_VERBS,
    THAT_CUES,
    TOPIC_CUES,
    VIEWING_AS,
    WEAK_CUES,
)


def _undash(text: str, span: Span) -> tuple[int, int]:
    """'federal officials say -- during a trip': a dash opening content is punctuation."""
    start = span.start
    while start < span.end and text[start] in " -—–":
        start += 1
    return start, span.end


_CONTRACTED = re.compile(r"(?P<pronoun>(?i:i|we|you|he|she|they|it))['’](?i:ll|d|ve|m|re|s)")
"""A pronoun and its verb run together ("I'll", "we've"): the speaker is the pronoun."""


def make_frame(
    text: str,
    content: Sequence[Span],
    cue: Span | None,
    source: Span | None,
    fewest_words: int = 3,
) -> Frame | None:
    spans = tuple(
        sp for c in content if (sp := Span(*trim(text, *_undash(text, c)))).end > sp.start
    )
    if not spans or sum(s.end - s.start for s in spans) < 3:
        return None
    cue_text = cue.quote(text) if cue else None
    stance: Stance = STANCE.get(cue_text.lower(), "asserts") if cue_text else "asserts"
    words = sum(len(WORD.findall(s.quote(text))) for s in spans)
    if stance == "asserts" and words < fewest_words:
        return None
    if stance == "asserts" and NEGATION.match(spans[0].quote(text)):
        stance = "denies"  # "The police said no decision had been taken."
    if source is not None and (contracted := _CONTRACTED.fullmatch(text, source.start, source.end)):
        source = Span(source.start, contracted.end("pronoun"))  # "I'll say this: ...": "I"
    source_text = source.quote(text) if source else None
    return Frame(
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
    if verb in TELLING_VERBS and (obj := TELL_OBJECT.match(text, pos, end)) is not None:
        pos = obj.end()
    if (lead := LEAD_IN.match(text, pos, end)) is not None:
        pos = lead.end()
    if verb in TELLING_VERBS and (
        far := re.compile(r"[^,;:“\"]{0,100}?\bthat\s").match(text, pos, end)
    ):
        pos = far.end()
    elif (occasion := OCCASION_THAT.match(text, pos, end)) is not None:
        pos = occasion.end()
    that = THAT.match(text, pos, end)
    if that is None or FINITE_START.match(text, that.end(), end):
        return pos + len(text[pos:end]) - len(text[pos:end].lstrip())
    return that.end()


def _tail_is_adverbial(text: str, start: int, end: int, verb: str) -> bool:
    """Nothing but an addressee or adverbials between a cue and the sentence end?"""
    pos = start
    if verb in TELLING_VERBS and (obj := TELL_OBJECT.match(text, pos, end)) is not None:
        pos = obj.end()
    rest = text[pos:end]
    if not rest.strip(' .!?"”’,'):
        return True
    if re.search(r"\bthat\b|[“\"]", rest[:80]):
        return False
    if verb in WEAK_CUES and _WEAK_OBJECT.match(rest):
        return False  # "In the end, Patriot agreed to lend ...": the verb's own object follows
    return ADVERBIAL_HEAD.match(rest) is not None


_WEAK_OBJECT = re.compile(r"\s*(?:to|with)(?![\w’'-])")
"""After "agreed", "vowed", "hoped": "to" and "with" open the verb's object or infinitive, not
an adverbial of a frame closing the sentence ("..., he said to reporters.")."""


_NOUN_TOO = frozenset(
    "note report claim comment promise estimate reply answer remark boast charge vow pledge "
    "warning complaint statement".split()
)
"""Cues whose base form is also a noun."""


_NAME_BEFORE_NOUN = re.compile(
    r"(?<![\w’'-])(?:[Aa]n?|(?:of|in|on|from|by|after|with|to|about|for|at|over)\s+the)\s+"
    r"(?:[A-Z][\w.&’'-]*\s+){1,4}$"
)
"""A name after "a", or after "the" behind a preposition, before a word that is also a noun:
the name qualifies the noun ("a New York Times report"); a verb's subject stands after neither."""


_GERUND_AFTER = frozenset("for from by of about without in on".split())
"""Prepositions before a gerund cue ("for saying that ..."): its speaker is no phrase before it."""


def _word_len(text: str, start: int) -> int:
    word = re.match(r"\w+", text[start:])
    return len(word.group()) if word else 0


_GOES_ON_TO = re.compile(
    r"(?<![\w’'-])(?:continue[sd]?|went\s+on|goes\s+on|go\s+on|appear(?:s|ed)?|seem(?:s|ed)?)"
    r"(?:\s+[a-z]+ly)?\s+to\s+$"
)
"""'continued to insist that', 'went on to say', 'appeared to suggest': the infinitive states
what the subject says; 'declined to comment', 'refused to say' do not (they stay non-statements)."""


def _cue_is_noun(text: str, start: int) -> bool:
    """'the reports', 'his claims': a determiner straight before the word makes it a noun;
    'could not verify', 'did not deny' and 'Having said that' are not statements either."""
    before = text[max(0, start - 16) : start].split()
    if _GOES_ON_TO.search(text, max(0, start - 24), start):
        return False  # "continued to insist that", "went on to say": still a statement
    if before and before[-1] in ("a", "ont") and _FRENCH_PARTICIPLE.match(text, start):
        return False  # "Claire Vidal a dénoncé", "a dit": French tenses the verb with "a"
    if before and (
        before[-1].endswith(("’s", "'s"))
        or before[-1].lstrip('(“"') in ("to", "Having", "having", "That")
    ):
        return True
    if (
        before
        and before[-1] in _GERUND_AFTER
        and text.startswith("ing", start + _word_len(text, start) - 3)
    ):
        return True  # "for saying that ...", "from saying that ...": whose, the clause does not say
    if any(w.lower() in ("not", "never", "n't") or w.lower().endswith("n't") for w in before[-2:]):
        return True
    word = re.match(r"\w+", text[start:])
    if (
        len(before) >= 2
        and before[-2].lower() in ("a", "an")
        and word
        and word.group().lower() in _NOUN_TOO
    ):
        return True  # "on a sombre note", "a bold claim": after "a" and one word, a verb takes -s
    if (
        word
        and word.group().lower() in _NOUN_TOO
        and _NAME_BEFORE_NOUN.search(text, max(0, start - 80), start)
    ):
        return True  # "a New York Times report that", "in the wake of the Times report,"
    return bool(before) and before[-1].lower() in {
        "the", "a", "an", "his", "her", "their", "its", "our", "these", "those", "such", "of",
    }  # fmt: skip


_FRENCH_PARTICIPLE = re.compile(r"(?:\w+é|dit)(?![\w’'-])")


def frames_in(
    text: str, start: int, end: int, skip: AbstractSet[int], depth: int = 0
) -> list[Frame]:
    """Frames whose cue lies in text[start:end], outermost first; inner frames nest in `inner`."""
    frames = _verb_frames(text, start, end, skip, depth)
    if depth == 0 and (nominal := _nominal_frames(text, start, end, skip)):
        # "Politifact checked Donald Trump's claim that ...": a statement named by a noun, kept
        # where no verb's frame already holds its words.
        taken = [*_contents(frames), *(f.cue for f in frames if f.cue is not None)]
        frames.extend(
            f
            for f in nominal
            if not any(s.overlap(t) for s in (*f.content, f.source_span) if s for t in taken)
        )
    return frames


_NOMINAL_CUE = re.compile(
    # Whose: a name in the possessive ("Donald Trump's", "The Post's") or an outlet's name
    # before the noun ("a New York Times report").
    r"(?<![\w’'.-])(?:(?P<owner>(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)[’']s|"
    r"(?:a|an|the)\s+(?P<outlet>(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*))"
    r"\s+(?:(?:own|latest|recent|earlier|repeated|new)\s+)?"
    r"(?:(?P<said>claims?|assertions?|allegations?|reports?|warnings?|insistence|contention|"
    r"arguments?|accusations?|predictions?)\s+that(?![\w’'-])"
    r"|(?P<committed>promises?|pledges?|vows?|threats?)\s+(?:that(?![\w’'-])|(?=to\s)))\s*"
)
"""'Donald Trump's claim that there have been ...', 'a New York Times report that Trump had
...', 'Obama's pledge to ...': the noun is the cue, its owner the source."""
_NOMINAL_END = re.compile(r"[,;:(]|\s(?:[—―–]|--)\s")


def _nominal_frames(text: str, start: int, end: int, skip: AbstractSet[int]) -> list[Frame]:
    """Frames cued by a noun for what was said. The content is a clause with a subject and a
    verb ("a report that ran on Sunday" reports nothing) or an infinitive, to the next comma at
    most ("Contrary to Smith's claim that people would learn nothing, there would be ...")."""
    found: list[Frame] = []
    for match in _NOMINAL_CUE.finditer(text, start, end):
        name = "owner" if match.group("owner") else "outlet"
        if match.group(name).split()[0] in CAPITAL_FUNCTION_WORDS:
            continue
        if not valid_source(match.group(name)):
            continue
        noun = "said" if match.group("said") else "committed"
        cue = Span(match.start(noun), match.end(noun))
        if cue.start in skip:
            continue
        content_start = match.end()
        if text.startswith("to", content_start):
            if _INFINITIVE.match(text, content_start) is None:
                continue
        elif (
            _SUBJECT_OPENS.match(text, content_start, end) is None
            or CLAUSE_START.match(text, content_start, end) is None
        ):
            continue
        content_end = end_before_stop(text, content_start, end)
        if (stop := _NOMINAL_END.search(text, content_start, content_end)) is not None:
            content_end = stop.start()
            while content_end < end and text[content_end] in _CLOSING_QUOTE:
                content_end += 1  # "... would “learn nothing,”": the quotation closes first
        source = Span(match.start(name), match.end(name))
        frame = make_frame(text, [Span(content_start, content_end)], cue, source)
        if frame is not None:
            found.append(frame)
    return found


_CLOSING_QUOTE = frozenset(",”\"’'")
_SUBJECT_OPENS = re.compile(
    r"(?:he|she|they|it|we|I|you|there|this|these|those|the|a|an|his|her|their|its|our|some|"
    r"many|most|no|all|people|[A-Z][\w’'.-]*|[\d$£€][\d.,]*)(?![\w’'-])"
)
"""The subject a statement opens with, as a relative clause does not ("the claim that came on
Sunday")."""


def _verb_frames(
    text: str, start: int, end: int, skip: AbstractSet[int], depth: int = 0
) -> list[Frame]:
    """Frames cued by a verb (or "according to") in text[start:end]."""
    cues = [
        m
        for m in cues_in(text, start, end)
        if m.end <= end
        and not _cue_is_noun(text, m.start)
        and m.start not in skip
        and (
            m.word not in QUOTING_VERBS
            or _QUOTE_NEXT.match(text, m.end, end)
            or (m.word in ASKING_VERBS and _ASKED_WHAT.match(text, m.end, end))
        )
        and (m.word != "like" or _WOULD.search(text, max(start, m.start - 10), m.start))
        and _may_frame(text, start, end, m)
    ]
    if not cues:  # "answered them by saying ...": the participle is no cue of its own
        return _subjects_participle(text, start, end) if depth == 0 else []
    # A frame closing the sentence ("..., activists said.") holds everything before it: try it
    # first, so that cues inside its content nest instead of standing alone.
    closing = _closing_frame(text, start, end, cues[-1])
    if closing is not None:
        return [nest(text, closing, skip, depth)]
    for match in cues:
        if parenthetical := _parenthetical_frames(text, start, end, match):
            return [nest(text, f, skip, depth) for f in parenthetical]
    frames: list[Frame] = []
    used_until = start
    for match in cues:
        if match.start < used_until:
            continue
        previous = frames[-1] if frames else None
        for frame in _opening_frames(text, start, end, match, previous):
            frames.append(nest(text, frame, skip, depth))
            used_until = max(used_until, frame.end)
    if not frames and depth == 0:
        frames = _participle_frames(text, start, end)
    elif depth == 0 and (voiced := _voiced_by_subject(text, start, end)):
        # "Protesters continued to call for answers, looping the streets while chanting, “...”"
        taken = _contents(frames)
        frames.extend(v for v in voiced if not any(v.content[0].overlap(c) for c in taken))
    if depth == 0 and (said := _subjects_participle(text, start, end)):
        # "Claiming the criticism is designed to pressure them, Trump told Fox that ..."
        taken = _contents(frames)
        frames.extend(f for f in said if not any(f.content[0].overlap(c) for c in taken))
    return frames


def _contents(frames: Sequence[Frame]) -> list[Span]:
    return [c for f in frames for c in f.content]


def _parenthetical_frames(text: str, start: int, end: int, match: CueMatch) -> list[Frame]:
    """'Nobody was hurt, the trustees said, because the park was closed.'; 'Prices will rise, the
    minister said, adding that wages would follow.' is two statements, the second the
    participle's."""
    cue = Span(match.start, match.end)
    after = PARENTHESIS_END.match(text, cue.end, end)
    if after is None or match.word in WEAK_CUES or match.word in OBJECT_CUES:
        return []
    if match.word in _AFTER_THE_VERB:
        return []
    if match.word in THAT_CUES:
        return []
    comma = text.rfind(",", start, cue.start)
    # "The museum, Mr. Bush said, celebrated ...": after a determiner, two words will do.
    fewest = 2 if _opens_with_determiner(text, start) else 3
    if comma < 0 or len(WORD.findall(text[start:comma])) < fewest:
        return []
    source = source_before(text, start, cue.start)
    if source is None or text[comma + 1 : source.start].strip():
        return []
    rest_end = end_before_stop(text, after.end(), end)
    if len(WORD.findall(text[after.end() : rest_end])) < 2:
        return []
    tail = _CONCESSION.search(text, after.end(), rest_end)
    if tail is not None and not _quote_open(text, start, tail.start()):
        rest_end = tail.start()  # "..., North Korea said, was its biggest yet, although"
    follow = _PARTICIPLE_OPENS.match(text, after.end(), rest_end)
    if follow is None:
        # "the stadium, which, Tompkins said, is usually full": the relative clause is said.
        opening = _RELATIVE_SUBJECT.search(text, start, comma)
        first = Span(opening.start(), comma) if opening is not None else Span(start, comma)
        frame = make_frame(text, [first, Span(after.end(), rest_end)], cue, source)
        return [frame] if frame is not None else []
    again = Span(follow.start("cue"), follow.end("cue"))
    frames = [
        make_frame(text, [Span(start, comma)], cue, source),
        make_frame(text, [Span(follow.end(), rest_end)], again, source),
    ]
    return [f for f in frames if f is not None]


_CONCESSION = re.compile(r",\s+(?:although|though|whereas)(?![\w’'-])")
"""Where the writer's concession starts after a parenthetical frame's content ("..., North Korea
said, was its biggest yet, although it may take days to tell")."""


def _opens_with_determiner(text: str, start: int) -> bool:
    return _DETERMINER_OPENING.match(text, start) is not None


_DETERMINER_OPENING = re.compile(r"\s*(?:The|A|An|This|That|These|Those|Its|His|Her|Their)\s")
_PARTICIPLE_OPENS = re.compile(r"(?P<cue>" + FOLLOW_UPS + r")(?![\w’'-])(?:\s+that(?![\w’'-]))?\s*")


def _may_frame(text: str, start: int, end: int, match: CueMatch) -> bool:
    """A cheap look before reading a cue that frames only beside a word of its own: a share
    before a poll's choice, "as" after a view, "with" after "charged", a rule before what it
    allows. Most of these words are no cues ("back", "see", "allowed"), and a sentence is read
    once for each."""
    word = match.word
    if word in POLL_CHOICES:
        return _SHARE_NEAR.search(text, max(start, match.start - 60), match.start) is not None
    if word in VIEWING_AS:
        return " as " in text[match.end : end]
    if word == "charged":
        return " with " in text[match.end : end]
    if word in PROVIDING_VERBS:
        before = text[start : match.start].lower()
        return any(rule in before for rule in RULE_WORDS)
    return True


_SHARE_NEAR = re.compile(r"\d\s*(?:percent|per\s+cent|%)|majority|plurality|minority")
_WOULD = re.compile(r"(?:would|[’']d)\s+$")
"""'The campaign would like to organize another rally': only so is "like" a wish."""
_QUOTE_NEXT = re.compile(r"[ \t]*[,:]?[ \t]*[“\"]")
"""A quotation right after a verb of voicing (`QUOTING_VERBS`): 'chanted, "Hands up"'."""
_VOICED = re.compile(r"[ \t]*[,:]?[ \t]*(“[^”\n]*”?|\"[^\"\n]*\"?)")


def _voiced_quote(text: str, end: int, cue: Span, source: Span) -> list[Frame]:
    """'Protesters chanted "What curfew?" and kept going': the quotation is what was voiced."""
    quoted = _VOICED.match(text, cue.end, end)
    if quoted is None:
        return []
    frame = make_frame(text, [Span(quoted.start(1), quoted.end(1))], cue, source, fewest_words=2)
    return [frame] if frame is not None else []


_ASKED_WHAT = re.compile(
    r"(?:\s+(?:him|her|them|us|me|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|the\s+[a-z]+))?"
    r"\s+(?:(?P<about>about)|how|whether|why|what|when|if|who|where|to)(?![\w’'-])"
)
"""After "asked": maybe whom, then what about, or the question itself ("asked how ...", "asked
Clinton about her emails", "asked the crowd to welcome ..."); not "asked for help"."""


def _indirect_question(text: str, start: int, end: int, cue: Span, source: Span) -> list[Frame]:
    """'Then someone asked how Clinton could inspire young people', 'asked Clinton about her
    emails': the question, or what it was about, is the content."""
    asked = _ASKED_WHAT.match(text, cue.end, end)
    if asked is None:
        return []
    opening = asked.end() if asked.group("about") else cue.end
    return _object_frame(text, start, end, cue, source, content_from=opening)


_VOICING_WORDS = ("chanting", "shouting", "yelling", "screaming")
_VOICING_PARTICIPLE = re.compile(
    r"(?:,\s*|\s+(?:while|as)\s+)(?P<cue>" + "|".join(_VOICING_WORDS) + r")(?![\w’'-])"
)
_SUBJECT_BEFORE_VERB = re.compile(
    r"\s*((?:[A-Z][\w’'.-]*)(?:\s+(?:of\s+)?[a-z][\w’'-]*){0,3}?)\s+[a-z]{3,}ed(?![\w’'-])"
)
"""'Small groups of protesters marched ...': a subject of a few words, then a verb in the past."""


def _voiced_by_subject(text: str, start: int, end: int) -> list[Frame]:
    """'Small groups of protesters marched through the streets while chanting, "Hands up, don't
    shoot."': the sentence's subject voices the quotation after the participle."""
    if not any(text.find(word, start, end) >= 0 for word in _VOICING_WORDS):
        return []  # most sentences: a few plain finds spare the search
    voiced = _VOICING_PARTICIPLE.search(text, start, end)
    if voiced is None or not _QUOTE_NEXT.match(text, voiced.end(), end):
        return []
    source = _subject_before(text, start, end, voiced.start())
    if source is None:
        return []
    return _voiced_quote(text, end, Span(voiced.start("cue"), voiced.end("cue")), source)


def _subject_before(text: str, start: int, end: int, verb: int) -> Span | None:
    """The subject of the sentence `start:end` up to its verb at `verb`, past an opening phrase
    ("On Monday, protesters marching ... chanted"), if it is a valid source."""
    opening = _past_opening_phrase(text, start, end)
    subject = _SUBJECT_BEFORE_VERB.match(text, opening, verb) or SUBJECT.match(text, opening, verb)
    if subject is None:
        return None
    source = Span(*trim(text, subject.start(1), subject.end(1)))
    return source if valid_source(source.quote(text)) else None


_PARTICIPLE_OPENING = re.compile(
    r"\s*(?:(?:After|Before|While|When|By)\s+)?(?P<cue>(?i:" + FOLLOW_UPS + r"))(?![\w’'-])"
    r"(?:\s+that(?![\w’'-]))?\s*"
)
_PARTICIPLE_AFTER_PREPOSITION = re.compile(
    r"(?<![\w’'-])(?:by|after|before|while|when|without)\s+(?P<cue>" + FOLLOW_UPS + r")"
    r"(?![\w’'-])(?:\s+that(?![\w’'-]))?\s*"
)
_PARTICIPLE_PREPOSITIONS = (" by ", " after ", " before ", " while ", " when ", " without ")
_SUBJECT_AFTER_COMMA = re.compile(
    r",[”\"]?\s+((?:he|she|they|we|I|(?:the|The)\s+[a-z]+|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}))"
    r"\s+(?:[a-z]+ly\s+)?[a-z]{2,}(?![\w’'-])"
)


def _subjects_participle(text: str, start: int, end: int) -> list[Frame]:
    """'Claiming the criticism is designed to pressure them, Trump told Fox ...', 'Obama
    responded by saying his refusal was a manufactured issue': a participle of speech whose
    subject is the clause's, before or after it."""
    if text.find("ing", start, end) < 0:
        return []  # no participle at all: no search
    opening = _PARTICIPLE_OPENING.match(text, start, end)
    if opening is not None and (
        opening.group("cue")[0].isupper() or text[start : opening.start("cue")].strip()
    ):  # "Claiming ...", "After saying ...", not a lower-case word opening a fragment
        for comma in _SUBJECT_AFTER_COMMA.finditer(text, opening.end(), end):
            if _quote_open(text, opening.end(), comma.start(1)):
                continue
            source = Span(*trim(text, comma.start(1), comma.end(1)))
            if not valid_source(source.quote(text)):
                return []
            cue = Span(opening.start("cue"), opening.end("cue"))
            # Up to the subject: '“... my shoe on,” she was' keeps the quotation's closing mark.
            frame = make_frame(text, [Span(opening.end(), comma.start(1))], cue, source)
            return [frame] if frame is not None else []
        return []
    # Most sentences hold none of the prepositions: a few plain finds spare the search.
    near = [at for word in _PARTICIPLE_PREPOSITIONS if (at := text.find(word, start, end)) >= 0]
    if not near:
        return []
    inside = _PARTICIPLE_AFTER_PREPOSITION.search(text, min(near), end)
    if inside is None or _quote_open(text, start, inside.start()):
        return []
    subject = _subject_before(text, start, end, inside.start())
    if subject is None:
        return []
    content_end = end_before_stop(text, inside.end(), end)
    if (tail := _content_tail(text, inside.end(), content_end)) is not None:
        content_end = tail.start()
    cue = Span(inside.start("cue"), inside.end("cue"))
    frame = make_frame(text, [Span(inside.end(), content_end)], cue, subject)
    return [frame] if frame is not None else []


def _participle_frames(text: str, start: int, end: int) -> list[Frame]:
    """'Trump attacked Clinton over Libya, saying, "She is unstable."': the sentence's subject
    (a name or pronoun opening it) says what follows the participle."""
    if voiced := _voiced_by_subject(text, start, end):
        return voiced
    follow = FOLLOW_UP.search(text, start, end)
    subject = SUBJECT.match(text, _past_opening_phrase(text, start, end), end)
    if follow is None or subject is None:
        return []
    source = Span(*trim(text, subject.start(1), subject.end(1)))
    if not valid_source(source.quote(text)):
        return []
    content_end = end_before_stop(text, follow.end(), end)
    cue = Span(follow.start("cue"), follow.end("cue"))
    frame = make_frame(text, [Span(follow.end(), content_end)], cue, source)
    return [frame] if frame is not None and content_end - follow.end() > 10 else []


_OPENING_PHRASE = re.compile(r"\s*([A-Z][a-z]+)\b[^,.;:“”\"]{0,100},\s*")


def _past_opening_phrase(text: str, start: int, end: int) -> int:
    """'During a speech on Monday, Trump attacked ...', 'Meanwhile, the group ...': the subject
    comes after an opening adverbial, which starts with a function word, not a name."""
    opening = _OPENING_PHRASE.match(text, start, end)
    if opening is None:
        return start
    first = opening.group(1).lower()
    if first in PRONOUNS or not (
        first in STOPWORDS or first in CAPITAL_FUNCTION_WORDS or first.endswith("ly")
    ):
        return start
    return opening.end()


def nest(text: str, frame: Frame, skip: AbstractSet[int], depth: int) -> Frame:
    if depth >= 2:
        return frame
    inner = [
        f
        for content in frame.content
        for f in frames_in(text, content.start, content.end, skip, depth + 1)
        # What a reported source wants or plans ("Clinton plans to visit Charlotte, according
        # to an aide", "he told the crowd he wants ...") is part of the report, not a frame.
        if not (text[content.start] in _QUOTE_OPENERS and speaker_self(text, f))
        and not (f.cue_text is not None and f.cue_text.lower() in OBJECT_CUES)
        and not _own_belief(text, content, f)
    ]
    return replace(frame, inner=inner[0]) if inner else frame


def _own_belief(text: str, content: Span, inner: Frame) -> bool:
    """'Michael Tanner said he thinks the campaign stayed vague', 'Mulgrew said he hopes the day
    sends a message': a pronoun's belief opening what was said is the statement itself, as
    said, not a second statement of its own."""
    if inner.cue_text is None or inner.cue_text.lower() not in _BELIEFS:
        return False
    if inner.source_span is None or inner.source_span.quote(text).lower() not in PRONOUNS:
        return False
    return not text[content.start : inner.source_span.start].strip(" “\"'‘")


_BELIEFS = frozenset(
    "think thinks thought believe believes believed hope hopes hoped expect expects expected "
    "feel feels felt fear fears feared".split()
)
_QUOTE_OPENERS = "“\"'‘«„`"
_FIRST_SECOND_PERSON = re.compile(r"(?:I|we|We|you|You)(?:[’'][a-z]+)?")


def speaker_self(text: str, frame: Frame) -> bool:
    """'“I think ...”', '“You say ...”', '“To those I say ...”': inside a quotation the speaker
    and the one spoken to are the quote's own; their words are the quote's content, not a
    second frame."""
    if frame.source_span is None:
        return False
    words = frame.source_span.quote(text).split()
    return bool(words) and _FIRST_SECOND_PERSON.fullmatch(words[-1]) is not None


def _closing_frame(text: str, start: int, end: int, match: CueMatch) -> Frame | None:
    """'<content>, <source> said (on Tuesday).' or '<content>, said <source>.'"""
    verb = match.word
    cue = Span(match.start, match.end)
    if verb == "according to":
        return _according_to(text, start, end, cue)
    if verb in OBJECT_CUES or verb in THAT_CUES or verb in _AFTER_THE_VERB:
        return None  # what a source wants, calls for, finds or chants follows the verb
    before = text[start : cue.start].rstrip()
    if (
        before.endswith((",", "—", "–"))
        and verb not in WEAK_CUES
        and verb not in TELLING_VERBS
        and not verb.endswith("ing")
    ):
        # Inverted: "<content>, said Omar Haddad(, a customs officer)." Never after "told":
        # "..., told The Huffington Post" names whom it was told to; never a participle: in
        # "The army denied the claim, saying its troops held" what follows "saying" is said.
        source = source_after(text, cue.end, end)
        if source is not None and INVERTED_TAIL.fullmatch(text, source.end, end):
            opening = source_before(text, start, cue.start)
            if (
                opening is not None
                and not text[start : opening.start].strip(" \n\"“”'")
                and not _CLAUSE_GOES_ON.match(text, opening.end, cue.start)
            ):
                return None  # "Omar Haddad, a spokesman, said the town fell": he opens it
            return make_frame(text, [Span(start, start + len(before) - 1)], cue, source)
        # Else the source stands before the cue behind an appositive: "<content>, Ali Hassan,
        # foreign minister of Qatar, which backs the rebels, said on Monday."
    if not _tail_is_adverbial(text, cue.end, end, verb):
        return None
    source = source_before(text, start, cue.start)
    if source is None:
        source = _source_behind_claim_noun(text, start, cue.start)
    if source is None:
        return None
    lead = text[start : source.start].rstrip()
    if (as_said := _AS_SAID.search(lead)) is not None:
        lead = lead[: as_said.start() + 1]  # "<content>, as police have said."
    quoted_lead = lead.endswith(("”", '"', "''")) and lead.rstrip("”\"'’").endswith((",", "!", "?"))
    if (noun := CLAIM_NOUN_AT_END.search(lead + " ")) is not None:
        lead = lead[: noun.start() + 1]
    if quoted_lead and len(lead) >= 8:
        return make_frame(text, [Span(start, start + len(lead))], cue, source)
    if not lead.endswith((",", "—", "–")) or len(lead) < 10:
        return None
    return make_frame(text, [Span(start, start + len(lead) - 1)], cue, source)


_AS_SAID = re.compile(r",\s*as$")
_CLAUSE_GOES_ON = re.compile(r"\s*,?\s*(?:and|but|or|so|yet)(?![\w’'-])")
"""What follows a sentence's opening phrase when that phrase is a clause of the content, not a
speaker with an appositive: "Kadzik's refusal ... did not go over well, and the meeting
deteriorated from there, said one GOP source"."""


def _source_behind_claim_noun(text: str, start: int, cue_start: int) -> Span | None:
    """', a claim the rebels rejected.' gives 'the rebels'."""
    noun = CLAIM_NOUN_AT_END.search(text[start:cue_start].rstrip() + " ")
    if noun is None:
        return None
    begin = start + noun.end()
    s, e = trim(text, begin, strip_aux(text, begin, cue_start))
    return Span(s, e) if e > s and valid_source(text[s:e]) else None


def _opening_frames(
    text: str, start: int, end: int, match: CueMatch, previous: Frame | None = None
) -> list[Frame]:
    """'<source> said (that) <content>.'; a follow-up ', adding that <more>' is a frame too, and
    so is '... and said <more>' with the previous frame's source."""
    verb = match.word
    cue = Span(match.start, match.end)
    if verb == "according to":
        frame = _according_to(text, start, end, cue)
        return [frame] if frame else []
    source_end = cue.start
    if verb in THAT_CUES and (be := _BE_BEFORE.search(text, start, cue.start)) is not None:
        source_end = be.start()  # "Protesters were frustrated that": the subject of "were"
    source = source_before(text, start, source_end) or _source_behind_claim_noun(
        text, start, source_end
    )
    if source is None and previous is not None and previous.source_span is not None:
        joined = text[previous.end : cue.start]
        if re.fullmatch(r"\s*,?\s*(?:and|but)\s+(?:also\s+|later\s+|then\s+|[a-z]+ly\s+)?", joined):
            source = previous.source_span
    if source is None and verb in PROVIDING_VERBS:
        source = _rule_before_that(text, start, cue.start)
    if source is None and verb not in OBJECT_CUES:
        source = _coordinated_subject(text, start, end, cue)
    if source is None:
        return _by_agent(text, start, end, cue)
    if verb in POLL_CHOICES and _SHARE.fullmatch(source.quote(text)):
        return _poll_frame(text, end, cue, source)
    if verb in OBJECT_CUES:
        return _object_frame(text, start, end, cue, source)
    if verb in POLL_CHOICES:
        return []
    if verb in PROVIDING_VERBS:
        return _object_frame(text, start, end, cue, source) if _names_a_rule(text, source) else []
    if verb in ASKING_VERBS and not _QUOTE_NEXT.match(text, cue.end, end):
        return _indirect_question(text, start, end, cue, source)
    if verb in QUOTING_VERBS:
        return _voiced_quote(text, end, cue, source)
    content_start = _after_cue(text, cue, end, verb)
    if content_start >= end:
        return []
    if verb in THAT_CUES and (
        not _THAT_BEFORE.search(text, cue.end, content_start)
        or len(WORD.findall(re.split(r"[,;:!?]", text[content_start:end], maxsplit=1)[0])) < 3
    ):
        return []  # "ruled the country", "heard a bang", "who feel that way, but": no statement
    # "the stadium, which Tompkins said is usually full": the relative pronoun is the subject
    # of what was said.
    subject = _RELATIVE_SUBJECT.search(text, start, source.start)
    if subject is None or not _COPULA.match(text, content_start, end):
        subject = None
        if FINITE_START.match(text, content_start, end) and not (
            _commits_to(text, verb, content_start)
        ):
            return []
    if verb in WEAK_CUES:
        between = text[cue.end : content_start]
        if (
            not re.search(r"\bthat\s*$|:\s*$", between)
            and text[content_start] not in '“"'
            and not CLAUSE_START.match(text, content_start, end)
            and not (_commits_to(text, verb, content_start))
            and (
                (verb not in _FACT_VERBS and not _evidence_finds(text, verb, source))
                or len(WORD.findall(text[content_start:end])) < 4
                or (verb in _PROPOSING and _GERUND.match(text, content_start, end) is not None)
            )
        ):
            return []
    content_end = end_before_stop(text, content_start, end)
    if (sibling := SIBLING.search(text, content_start, content_end)) is not None:
        content_end = sibling.start()
    content_end = _subordinate_end(text, start, source, content_start, content_end)
    if _commits_to(text, verb, content_start) and (
        clause := _NEW_SUBJECT.search(text, content_start, content_end)
    ):
        content_end = clause.start()  # "vowed to lend him $5 million, and the union also ..."
    if (
        _evidence_finds(text, verb, source)
        and not _THAT_BEFORE.search(text, cue.end, content_start)
        and (aside := _FINDING_ASIDE.search(text, content_start, content_end)) is not None
    ):
        content_end = aside.start()  # "Polls show a close contest in the state, where 18 ..."
    if (
        verb in WEAK_CUES
        and not _THAT_BEFORE.search(text, cue.end, content_start)
        and not CLAUSE_START.match(text, content_start, content_end)
    ):
        # "described Clinton as a disgrace after she attacked", then "promised a veto and
        # attempted to make the case": the object ends where the writer or the source goes on.
        for ends_it in (_MEANWHILE, _SECOND_PREDICATE):
            if (found := ends_it.search(text, content_start, content_end)) is not None:
                content_end = found.start()
    quoted_start = text[content_start : content_start + 1] in "“\"'"
    tail = _content_tail(text, content_start, content_end)
    if (
        tail is not None
        and not quoted_start
        and len(WORD.findall(text[content_start : tail.start()])) >= 4
        and not _quote_open(text, content_start, tail.start())
    ):
        content_end = tail.start()
    if (
        not quoted_start
        and (gloss := _CLOSING_GLOSS.search(text, content_start, content_end)) is not None
        and _NAME_END.search(text, content_start, gloss.start())
        # A content that is the name alone keeps its gloss: "mentions Percy Walton, the inmate".
        and len(WORD.findall(text[content_start : gloss.start()])) >= 4
        and not _quote_open(text, content_start, gloss.start())
    ):
        content_end = gloss.start()  # "... in partnership with NATO, the existing military ..."
    # "the Union, which contended that Ireland undertaxed Apple, is ...": the relative clause
    # ends at its closing comma.
    relative = subject is not None or source.quote(text).lower() in ("who", "which", "whom")
    opening = subject.start() if subject is not None else source.start
    if (
        relative
        and text[:opening].rstrip().endswith(",")
        and (comma := text.find(",", content_start, content_end)) > 0
    ):
        content_end = comma
    lead = [Span(subject.start(), subject.end())] if subject is not None else []
    said = len(lead) + len(WORD.findall(text[content_start:content_end]))
    if said < 3 and STANCE.get(verb) == "asserts":
        return []
    follow = FOLLOW_UP.search(text, content_start, content_end)
    frames = [
        make_frame(
            text,
            [*lead, Span(content_start, follow.start() if follow else content_end)],
            cue,
            source,
        )
    ]
    if follow is not None:
        again = Span(follow.start("cue"), follow.end("cue"))
        frames.append(make_frame(text, [Span(follow.end(), content_end)], again, source))
    return [f for f in frames if f is not None]


_BE_BEFORE = re.compile(
    r"(?:\s*[’']s|\s*[’']re|\s+(?:is|are|was|were|am|been|being|remain(?:s|ed)?|became|grew))"
    r"(?:\s+(?:so|very|too|all|also|not|still|now|[a-z]+ly))*\s*$"
)
"""'were frustrated', 'are afraid', 'is increasingly worried': a form of "be" before a belief
adjective (`THAT_CUES`) belongs to neither the source nor the content."""
_THAT_BEFORE = re.compile(r"(?<![\w’'-])that\s*$")
_FINDING_ASIDE = re.compile(r",\s+(?:where|which|who|with|using|[a-z]+ing)(?![\w’'-])")
"""What the writer adds after a poll's finding: ', using an average of ...', ', with
RealClearPolitics showing ...', ', where 18 electoral votes are up for grabs'."""


def _content_tail(text: str, start: int, end: int) -> re.Match[str] | None:
    """Where the writer's own addition starts in a content (`CONTENT_TAIL`), past relative
    clauses set inside it: in 'the program, which was created in 1990, has expanded well beyond
    its intent' the content goes on after the relative clause's closing comma."""
    while (tail := CONTENT_TAIL.search(text, start, end)) is not None:
        if (closing := _CLOSING_DASH.match(text, tail.end(), end)) is not None:
            start = closing.end()  # "flowed through -- and was sometimes set back by -- rulings"
            continue
        if not _RELATIVE_OPENS.match(text, tail.start()):
            return tail
        resumed = _RESUMES.search(text, tail.end(), end)
        if resumed is None or _quote_open(text, tail.end(), resumed.start()):
            return tail
        start = resumed.end()
    return None


_CLOSING_GLOSS = re.compile(
    r",\s+(?:the|a|an)\s+(?!(?:first|second|third|last|latest|only|next|biggest|largest|highest|"
    r"lowest|worst|best|most|least)(?![\w’'-]))[a-z][^,;:“”\"()]*$"
)
_NAME_END = re.compile(r"[A-Z][\w’'.&-]*\)?$")
"""'critics say resources could be better spent in partnership with NATO, the existing military
alliance that includes the United States': the writer's gloss on a name closing the content. An
ordinal or a superlative qualifies what was reported, and stays ("a delivery of fuel in Dorval,
the first since the roads were cut")."""
_CLOSING_DASH = re.compile(r"[^—―;“”\"]{3,80}?\s(?:[—―]|--)\s(?=[a-z])")
"""The dash that closes an aside opened by a dash, the sentence going on after it in lower case:
the aside is inside the content."""
_RELATIVE_OPENS = re.compile(r",\s+(?:which|who)(?![\w’'-])")
# The main clause going on after a relative clause: ", has expanded", ", to crack down".
_RESUMES = re.compile(
    r",\s+(?!(?:and|but|or|which|who|whom|including|especially|a|an|the)(?![\w’'-]))(?=[a-z])"
)


def _evidence_finds(text: str, verb: str, source: Span) -> bool:
    """'Polls show a close contest', 'A 2014 study by Justin Levitt found 31 incidents': a
    finding, when a study, poll or record is what finds or shows it."""
    if verb not in FINDING_VERBS:
        return False
    words = [w.lower() for w in WORD.findall(source.quote(text))]
    return any(w in EVIDENCE_WORDS for w in words[:4])


_RELATIVE_SUBJECT = re.compile(r"(?<![\w’'-])(?:which|who)\s*$")
"""A relative pronoun right before a source: what the source says has it for its subject."""
_COMMITTING = frozenset("vow vowed pledge pledged promise promised threaten threatened".split())
"""Cues whose "to" clause is what the source commits to: 'pledged to remain civil'."""
_INFINITIVE = re.compile(
    r"to\s+(?:[a-z]+ly\s+)?(?!(?:the|a|an|this|that|these|those|his|her|their|its|our|my|your|"
    r"some|any|all|such|no|each|every|him|them|us|me|it)(?![\w’'-]))[a-z]+(?<![^su]s)(?![\w’'-])"
)
"""'to lend', 'to effectively lend', 'to pass': an infinitive, not 'to the terms' or 'to
demands' (a plural)."""


_NEW_SUBJECT = re.compile(
    r",\s+(?:and|but)\s+(?=(?:the|a|an|his|her|their|its|[A-Z][\w’'.-]*)\s+[\w’'.-]+)"
)
"""', and the coal miners' union also stepped in': after an infinitive ("pledged to lend ..."),
a clause with a subject of its own is the writer's, not what was committed to."""


def _commits_to(text: str, verb: str, start: int) -> bool:
    """'vowed to harshly punish', 'pledged to lend Mr. Clarke $5 million': what the source
    commits to is the content; 'pledged to the cause' commits to no statement."""
    return verb in _COMMITTING and _INFINITIVE.match(text, start) is not None


_FACT_VERBS = frozenset(
    "believe believes believed think thinks thought reveal reveals "
    "revealed indicate indicates indicated hope hopes hoped fear fears feared expect expects "
    "expected suggest suggests suggested describe described cite cites cited mention mentions "
    "mentioned vow vowed pledge pledged promise promised threaten threatened".split()
)
"""Weak cues whose object is what the source holds even without "that" ("expects them to
become less available", "pledged to remain civil", "a video shows an officer aiming a gun");
"found", "learned" and "continued" take objects that are not statements ("found the keys")."""
_GERUND = re.compile(r"[a-z]+ing(?![\w’'-])")
_PROPOSING = frozenset("suggest suggests suggested".split())
"""'Pat suggests emailing Jessica, while Cassie suggests telling Chris': what a source proposes
to do is no belief; read as one, a short proposal beside it would lose its own speaker."""


def _quote_open(text: str, start: int, end: int) -> bool:
    """Is a quotation opened in text[start:end] still open at its end?"""
    marks = _OPEN_QUOTE.findall(text, start, end)
    return marks.count("“") > marks.count("”") or marks.count('"') % 2 == 1


_AND_CUE = re.compile(r",?\s+(?:and|but)\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|later\s+)?$")
_STATEMENT_OPENS = re.compile(r"\s*(?:that(?![\w’'-])|:|,?\s*[“\"])")


def _coordinated_subject(text: str, start: int, end: int, cue: Span) -> Span | None:
    """'Donald Trump, her Republican opponent, bemoaned the unrest and said that ...': a cue
    coordinated with the clause's first verb has that clause's subject for its source. Only
    before "that", a colon or a quote: "... employs 1,650 people and reported revenue of
    £412 million" reports no statement."""
    conjunction = _AND_CUE.search(text, start, cue.start)
    asks = cue.quote(text).lower() in ASKING_VERBS and _ASKED_WHAT.match(text, cue.end, end)
    if conjunction is None or not (
        _STATEMENT_OPENS.match(text, cue.end, end)
        or CLAUSE_START.match(text, cue.end + 1, end)
        or asks  # "Scott beamed and asked the crowd to welcome the governor"
    ):
        return None
    clause = text.rfind(",", start, conjunction.start()) + 1
    if clause > start and (nearer := subject_before(text, clause, conjunction.start())):
        return nearer  # "When my mother mentioned it, I laughed and said, “...”"
    return subject_before(text, start, conjunction.start())


_SUBORDINATE_OPENING = re.compile(
    r"\s*(?:(?:But|And|Yet)\s+)?(?:Though|Although|Even\s+though|While|Whereas|Because|If|When|As|"
    r"After|Before|Since|Once|Unless)\s+"
)
_MAIN_CLAUSE = re.compile(
    r",\s+(?=[A-Z]|(?:he|she|they|it|we|I|his|her|their|its|the|it[’']s)(?![\w’'-]))"
)  # "While a federal judge found that action unconstitutional, his decision was overturned"


def _subordinate_end(text: str, start: int, source: Span, content_start: int, end: int) -> int:
    """'Though she called for X, Clinton restricted ...', 'While his advisers have suggested X,
    Mr. Obama is ...': a frame in a clause that opens the sentence ends where the main clause
    starts (a comma, then its subject), not at the sentence's end."""
    if not _SUBORDINATE_OPENING.fullmatch(text, start, source.start):
        return end
    for comma in _MAIN_CLAUSE.finditer(text, content_start, end):
        if not _quote_open(text, content_start, comma.start()):
            return comma.start()
    return end


_NEEDS_TO = frozenset("plan plans planned intend intends intended".split())
"""Object cues that state a position only before "to" ("plans to close the plant")."""
_OPEN_QUOTE = re.compile(r"[“”\"]")
# The object of "called", then what it is called: a quotation or "a/an <noun>".
_NAMED_AS = re.compile(
    r"(?!(?:a|an|the|for|on|in|off|out|up|back|it\s+quits)\b)(?:[^,;:.!?“\"]|(?<=Mr|Ms|Dr)\.){2,80}?"
    r"\s(?:[“\"]|''|(?:a|an)\s+(?!few\b|lot\b|number\b)[“\"]?\w)"
    # "called the headline figure “likely an overestimate”": an object with "the" takes a quote.
    r"|the\s[^,;:.!?“\"]{2,60}?\s[“\"]"
)
_COPULA = re.compile(r"(?:is|was|were|are|had|has|have|would|will)(?![\w’'-])")


def _object_frame(
    text: str, start: int, end: int, cue: Span, source: Span, content_from: int | None = None
) -> list[Frame]:
    """'<source> wants to preserve its policy', '<source> called for a moratorium': the rest of
    the clause, up to a sibling frame or the writer's own addition, is what the source holds.
    Not inside a quotation ("I want to know", said by whoever is quoted, is the quote's frame),
    nor before a verb ("what parents want is ...")."""
    quotes = _OPEN_QUOTE.findall(text, start, cue.start)
    if quotes.count("“") > quotes.count("”") or quotes.count('"') % 2:
        return []
    after = cue.end if content_from is None else content_from
    content_start = after + len(text[after:end]) - len(text[after:end].lstrip())
    if cue.quote(text).lower() in EXPRESSING:
        feeling = _FEELING_ABOUT.match(text, content_start, end)
        if feeling is None:
            return []  # "expressed the parcel", "expressed itself": no view expressed
        content_start = feeling.end()
    if content_start >= end or text[content_start] in ",.;:!?)":
        return []
    if _COPULA.match(text, content_start, end):
        return []
    if cue.quote(text).lower() in _NEEDS_TO and not text.startswith("to ", content_start):
        return []  # "the Platinum plans include ...": a noun, not what someone plans
    if cue.quote(text).lower() in NAMING_CUES and not _NAMED_AS.match(text, content_start, end):
        return []  # "a group called Aros", "called a meeting": no statement
    content_end = end_before_stop(text, content_start, end)
    # "The senator criticized the plan, saying it would raise taxes": what follows the
    # participle is a statement of the same source.
    follow = FOLLOW_UP.search(text, content_start, content_end)
    said = _follow_up_frame(text, follow, content_end, source) if follow else None
    if follow is not None:
        content_end = follow.start()
    if (sibling := SIBLING.search(text, content_start, content_end)) is not None:
        content_end = sibling.start()
    content_end = _subordinate_end(text, start, source, content_start, content_end)
    tail = _content_tail(text, content_start, content_end)
    if (
        tail is not None
        and len(WORD.findall(text[content_start : tail.start()])) >= 3
        and not _quote_open(text, content_start, tail.start())
    ):
        content_end = tail.start()
    if (occasion := _TRAILING_OCCASION.search(text, content_start, content_end)) is not None:
        content_end = occasion.start()  # "called for more investment in a statement on Thursday"
    if (where := _WHILE_AT.search(text, content_start, content_end)) is not None:
        content_end = where.start()  # "spoke about her ties to the churches while at a convention"
    if (aside := _OBJECT_ASIDE.search(text, content_start, content_end)) is not None:
        content_end = aside.start()  # "endorses Trump, who says he is honored"
    if (meanwhile := _MEANWHILE.search(text, content_start, content_end)) is not None:
        content_end = meanwhile.start()  # "condemned the launch as Pyongyang fired missiles"
    if (doing := _PARTICIPLE_AFTER.search(text, content_start, content_end)) is not None:
        content_end = doing.start()  # "called for more information, looping the streets"
    if (next_act := _SECOND_PREDICATE.search(text, content_start, content_end)) is not None:
        content_end = next_act.start()  # "chastised Clinton for the server but did not ..."
    if cue.quote(text).lower() in VIEWING_AS and not _AS.search(text, content_start, content_end):
        return []  # "see the film", "view the site": no view held
    if cue.quote(text).lower() == "charged" and not _WITH.search(text, content_start, content_end):
        return []  # "charged the battery", "charged a fee": no accusation
    frame = None
    # "Trump has also commented on Crutcher’s death": a topic is a short phrase.
    fewest = 2 if cue.quote(text).lower() in TOPIC_CUES | EXPRESSING else 3
    if len(WORD.findall(text[content_start:content_end])) >= fewest:
        frame = make_frame(text, [Span(content_start, content_end)], cue, source, fewest)
    return [f for f in (frame, said) if f is not None]


_AFTER_THE_VERB = POLL_CHOICES | QUOTING_VERBS | PROVIDING_VERBS
"""Cues whose content always follows them: no frame closes on one."""


_THAT_BEFORE_CUE = re.compile(r"\s+that\s+$")
_PHRASE_OPENS = re.compile(r"(?<![\w’'.-])(?:[A-Z]|(?:the|a|an)\s)")


def _rule_before_that(text: str, start: int, cue_start: int) -> Span | None:
    """'A contentious visa program that allows ...', 'They acted under Article 21 in the U.N.
    Charter that allows for sanctions': the rule a relative "that" stands for, the longest
    phrase before it that names one."""
    that = _THAT_BEFORE_CUE.search(text, max(start, cue_start - 12), cue_start)
    if that is None:
        return None
    lo = max(start, text.rfind(",", start, that.start()) + 1)
    for opening in _PHRASE_OPENS.finditer(text, lo, that.start()):
        rule = Span(*trim(text, opening.start(), that.start()))
        if _names_a_rule(text, rule) and valid_source(rule.quote(text)):
            return rule
    return None


def _names_a_rule(text: str, source: Span) -> bool:
    """'The 1951 Refugee Convention', 'DNC rules', 'The program, called EB-5': a rule speaks."""
    words = WORD.findall(source.quote(text).lower())
    return any(w in RULE_WORDS for w in words[-2:]) or (bool(words) and words[0] in RULE_WORDS)


_PASSIVE_BE = re.compile(
    r"\s+(?:(?:has|have|had)\s+)?(?:is|are|was|were|been|being)\s+(?:[a-z]+ly\s+)?$"
)
_AGENT = re.compile(
    r"(?P<rest>[^.;:!?“”\"()]{0,80}?)\s*(?<![\w’'-])by\s+(?P<agent>[^,.;:!?“”\"()]+?)"
    r"(?=\s+(?:for|in|at|on|during|after|before|because|since|to|who|which|that|over|as|and)"
    r"(?![\w’'-])|\s*[,.;:!?(]|\s*$)"
)


_ANOTHER_CLAUSE = re.compile(
    r"(?<![\w’'-])(?:is|are|was|were|been|why|whether|who|which|when|that|if|not)(?![\w’'-])"
)


_ASIDES = re.compile(r",[^,]*(?:,|$)|[—―][^—―]*[—―]|--.*?--")
"""Asides set off by commas or dashes inside a subject ("calls to investigate, where ...,")."""


def _by_agent(text: str, start: int, end: int, cue: Span) -> list[Frame]:
    """'Mehmet Oz has been called a charlatan by fellow physicians', 'calls to investigate were
    rejected by the Human Rights Council': a passive cue's source is its agent after "by"; the
    content is the subject, and what it was called."""
    if not cue.quote(text).endswith("ed"):
        return []
    be = _PASSIVE_BE.search(text, start, cue.start)
    by = _AGENT.match(text, cue.end, end)
    if be is None or by is None:
        return []
    if _ANOTHER_CLAUSE.search(by.group("rest")):
        return []  # "is cited on its website or why it was mentioned by Ivanka Trump"
    agent = Span(*trim(text, by.start("agent"), by.end("agent")))
    if not valid_source(agent.quote(text)) or _quote_open(text, start, cue.start):
        return []
    subject_start = _past_opening_phrase(text, start, be.start())
    subject = Span(*trim(text, subject_start, be.start()))
    if subject.end <= subject.start or len(WORD.findall(subject.quote(text))) > 30:
        return []
    if _ANOTHER_CLAUSE.search(_ASIDES.sub(" ", subject.quote(text))):
        return []  # "he could not explain why a requirement was mentioned by ...": no subject
    said = [subject]
    if by.group("rest").strip():
        said.append(Span(*trim(text, by.start("rest"), by.end("rest"))))
    frame = make_frame(text, said, cue, agent)
    return [frame] if frame is not None else []


_SHARE = re.compile(
    r"(?:\d[\d.,]*\s*(?:percent|per\s+cent|%)|(?:a|the)\s+(?:majority|plurality|minority))"
    r"(?:\s+of\s+[\w\s’'-]{1,40})?"
)
"""A share of those polled: '44 percent', 'a majority of likely voters'."""
_NEXT_SHARE = re.compile(
    r",|\s+(?:and|but|while|whereas)\s+(?:only\s+|just\s+)?\d[\d.,]*\s*(?:percent|per\s+cent|%)"
)


def _poll_frame(text: str, end: int, cue: Span, source: Span) -> list[Frame]:
    """'46 percent would choose Clinton and 44 percent would back Trump': each share's choice,
    up to the next share or a comma; a choice is often one name."""
    content_start = cue.end + len(text[cue.end : end]) - len(text[cue.end : end].lstrip())
    content_end = end_before_stop(text, content_start, end)
    if (following := _NEXT_SHARE.search(text, content_start, content_end)) is not None:
        content_end = following.start()
    frame = make_frame(text, [Span(content_start, content_end)], cue, source, fewest_words=1)
    return [frame] if frame is not None else []


def _follow_up_frame(text: str, follow: re.Match[str], end: int, source: Span) -> Frame | None:
    if end - follow.end() <= 10:
        return None
    again = Span(follow.start("cue"), follow.end("cue"))
    return make_frame(text, [Span(follow.end(), end)], again, source)


_MEANWHILE = re.compile(
    r"\s+(?:as|while|after|before|because|when|since|until)\s+"
    r"(?=(?:[A-Z][\w’'.-]*|he|she|they|it|we)\s+[a-z]+(?:ed|s)\b)"
)
"""'The Security Council condemned the launch as Pyongyang fired three missiles': a clause of
its own after "as" or "while" is what happened meanwhile, not what was condemned ('condemned the
launch as a provocation' keeps its "as")."""
_PARTICIPLE_AFTER = re.compile(r",\s+(?:while\s+)?[a-z]+ing(?![\w’'-])")
"""'Protesters continued to call for more information, looping the streets ...': a participle
after a comma says what the source did next, not what it called for."""
_SECOND_PREDICATE = re.compile(
    r",?\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+|[a-z]+ly\s+)?"
    r"(?:(?:did|does|do)(?:\s+not|n[’']t)(?![\w’'-])"
    r"|[a-z]{3,}ed\s+(?:to|a|an|the|his|her|their|its|against|short|that|him|them|it|us)(?![\w’'-]))"
    # "empower the DNC to name a candidate but include few guidelines": after "but", a verb
    r"|\s+but\s+(?!(?:also|not|only|even|still|never|rather|instead|more|less)(?![\w’'-]))"
    r"[a-z]{3,}\s+(?:few|no|the|a|an|his|her|their|its|some|any)(?![\w’'-])"
)
"""'promised a veto and attempted to make the case', 'chastised Clinton for the server but did
not recommend prosecution': a second verb of the same subject ends what the first one holds; a
past tense before an object or "to" is a verb, not an adjective in the object ("more police and
increased funding" stays whole)."""
_AS = re.compile(r"\s(?:as)\s")
_WITH = re.compile(r"\swith\s")
"""'Prosecutors charged two developers with defrauding investors': an accusation has its "with"."""
_FEELING_ABOUT = re.compile(
    r"(?:[a-z]+\s+){0,2}?(?:concerns?|misgivings|reservations|outrage|support|doubts?|frustration|"
    r"skepticism|scepticism|opposition|regret|anger|dismay|disappointment|alarm|worry|worries|"
    r"confidence|interest)\s+(?:about|over|for|at|with|regarding|in)\s+"
)
"""After "expressed": a few words, the feeling or view, and what it is about ("deep concern
about", "outrage over", "support for")."""
_OBJECT_ASIDE = re.compile(
    r",\s+(?:who|when|where)\s|,?\s+because(?:\s+of)?\s"
    r"|,\s+(?:in\s+(?:large\s+)?part|partly|largely|mainly)(?![\w’'-])"
    r"|\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:on|at|in|during)\s|$)"
)
"""After an object, the writer's own words: a clause on the object ("Trump, who says he is
honored", "the 2000 election, when the state ..."), why ("misgivings about Mrs. Clinton because
of her husband's policies", "..., in large part because"), or when and where it was said
("Clinton as a disgrace Wednesday on The Laura Ingraham Show")."""
_WHILE_AT = re.compile(
    r",?\s+while\s+(?:at|in|on|visiting|attending|speaking|campaigning|touring)(?![\w’'-])"
)
"""Where the source was when it spoke, not what it spoke of."""
_TRAILING_OCCASION = re.compile(
    r"\s+in\s+(?:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:statement|interview|post|tweet|briefing|release|letter|speech|message)"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?$"
)


_GERMAN_SOURCE = re.compile(
    r"\s+((?:(?:der|des|dem|den|die|eines|einer)\s+)?[A-ZÄÖÜ][\w’'-]*"
    r"(?:\s+(?:(?:der|des|dem|den|die)\s+)?[A-ZÄÖÜ][\w’'-]*){0,3})\s+(?=[a-zäöüß])"
)
"""Who "Laut" or "Nach Angaben" names when no comma ends it, German's verb coming next: "Nach
Angaben des Unternehmens sind rund 140.000 Haushalte betroffen", "Laut der Bahn fielen ..."."""


def _according_to(text: str, start: int, end: int, cue: Span) -> Frame | None:
    lead = text[start : cue.start]
    german = text[cue.start : cue.end].lower() in ("laut", "nach angaben")
    if german and not lead.strip() and (named := _GERMAN_SOURCE.match(text, cue.end, end)):
        source = Span(named.start(1), named.end(1))
        begin = named.end()
        return make_frame(text, [Span(begin, end_before_stop(text, begin, end))], cue, source)
    found = re.compile(
        r"\s*(?:(?:informó|indicó|explicó|dijo|señaló|afirmó|des|der)\s+)?"
        r"((?:[^,.;:!?()]|(?<=\d)[,.](?=\d))+)"  # "a study of 78,430 adults": a number's comma
    ).match(text, cue.end, end)
    if found is None:
        return None
    s, e = trim(text, found.start(1), found.end(1))
    if e <= s or not valid_source(text[s:e], longest=24):
        return None
    source = Span(s, e)
    if re.fullmatch(r"\s*(?:But|And|Yet|So|However|Still)?,?\s*", lead):
        # "According to X(, a monitor), <content>."
        after = APPOSITIVE.match(text, e, end)
        begin = after.end() if after else e
        named = _NAMED_AFTER.match(text, e, end)
        office = {w.lower() for w in text[s:e].split()} & _OFFICE_WORDS
        if named is not None and office and text[s : s + 1].islower():
            # "According to the transport minister, Paul Martin, a deal is ...": the name
            # after the office is who says it, and no part of what they say.
            source, begin = Span(named.start(1), named.end(1)), named.end()
        return make_frame(text, [Span(begin, end_before_stop(text, begin, end))], cue, source)
    # "<content>, according to X(, <more content>)."
    spans = [Span(start, start + len(lead.rstrip(" ,")))]
    rest = re.compile(r"\s*,\s*").match(text, e, end)
    if rest is not None and end_before_stop(text, rest.end(), end) - rest.end() > 3:
        more = Span(rest.end(), end_before_stop(text, rest.end(), end))
        if _NAME_ALONE.fullmatch(more.quote(text)):
            # "..., según informó la ministra de Trabajo, Elena Ruiz.": the name is who says it
            return make_frame(text, spans, cue, more)
        spans.append(more)
    return make_frame(text, spans, cue, source)


_NAMED_AFTER = re.compile(
    r"\s*,\s*([A-Z][\w’'.-]+(?:\s+(?:de|del|la|van|von|da|di|bin|al)?\s*[A-Z][\w’'.-]+){1,3})"
    r"\s*,\s*"
)
"""A name between commas after an office: ", Paul Martin, "."""
_OFFICE_WORDS = PERSON_ROLES | frozenset(
    "ministre ministra ministro porte-parole portavoz président presidente secretario "
    "secrétaire directeur director".split()
)
_NAME_ALONE = re.compile(
    r"[A-Z][\w’'.-]+(?:\s+(?:de|del|la|van|von|da|di|bin|al)?\s*[A-Z][\w’'.-]+){1,3}"
)
"""A person's name and nothing else ("Elena Ruiz", "Pedro de Vega"): the appositive after a
source described by its office names who says it."""
