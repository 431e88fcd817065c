"""Checks of the headline and summary: they say only what the verified claims support.

Claims are verified one by one against their evidence; the overview has none of its own, so each
of its sentences must be borne out by the claims' evidence (its numbers, names and most of its
wording), must not repeat words that only a planted instruction uses, and must not state as fact
what the claims only attribute. A sentence that fails is hedged with the speaker of the claim it
rests on ("According to the port authority, ..."), or dropped; a summary left empty is rebuilt
from the claims, a headline from the document's title or the first claim. Every repair is a
visible check. A claim dropped by verification is no basis: its sentence cannot survive here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from service.document import split_sentences
from service.reading import Reading, courtesy, past_courtesies
from service.schemas import Check, Claim
from service.verify import support, terms
from service.verify.attribution import cue_stance
from service.verify.claims import SUPPORT_THRESHOLDS
from service.verify.descriptions import check_description
from service.verify.dialogue import check_turn_speakers, present_terms
from service.verify.hedges import HEDGE_WORDS, hedge_unit
from service.verify.lexicon import DETERMINERS, PRONOUNS
from service.verify.sources import named_speaker, reported, same_source
from service.verify.subjects import check_subject
from service.verify.topics import SAYS_THE_SAME, coverage, key_terms, similarity

KEY_POINTS = 4
"""Key points are the first claims' texts: the statements the model ranked highest."""

MIN_ATTRIBUTED_TERMS = 2
"""Key terms that only attributed claims hold which make a sentence state an attributed fact."""

SUMMARY_CLAIMS = 3
"""Sentences a summary is completed to, and claims a rebuilt summary is made of."""

OVERVIEW_THRESHOLDS = replace(SUPPORT_THRESHOLDS, min_overlap=0.7)
"""What an overview sentence of a written document must share with the verified claims. A claim
rests on the one statement it was made from; an overview sentence is the model's own, over
everything: at the claims' 0.5 it passed "Waitrose's price premiums have been a subject of debate
for decades" (nothing in the document says so). On the news development split (bench/news.py
--skip 25) 0.7 dropped five sentences, each a blend or an invention, and changed no fixture's
figure. A conversation's summary is a paraphrase of its turns: it keeps the claims' thresholds."""

SAID_BY_THE_REST = 0.8
"""Share of a summary sentence's key terms that the summary's other sentences, together, hold at
which it says nothing of its own. A small model stitches two statements into one sentence
("Locke will be confirmed on Friday, and an announcement will be made by the club on Friday
morning"), and the summary is completed with both: no two of them are a repeat, yet one adds
nothing."""

HEADLINE_MAX_CHARS = 120
"""A headline longer than this once hedged ("..., the port authority says") gives way to the
document's title when the claims bear the title out."""


@dataclass
class Overview:
    headline: str
    summary: str
    key_points: list[str]
    checks: list[Check] = field(default_factory=list)


@dataclass(frozen=True)
class _Basis:
    reading: Reading
    claims: tuple[Claim, ...]
    evidence: str
    """The claims' evidence and texts: everything the overview may rest on."""
    claim_terms: tuple[frozenset[str], ...]
    own_terms: frozenset[str]
    """Key terms the document states in its own voice somewhere."""

    @classmethod
    def of(cls, reading: Reading, claims: Sequence[Claim]) -> _Basis:
        texts = [" ".join([c.text, *(e.quote for e in c.evidence)]) for c in claims]
        own = frozenset().union(*(key_terms(s.text) for s in reading.statements if s.kind == "own"))
        return cls(
            reading=reading,
            claims=tuple(claims),
            evidence=" ".join(texts),
            claim_terms=tuple(key_terms(t) for t in texts),
            own_terms=own,
        )

    @cached_property
    def cited(self) -> list[int]:
        """The sentences the claims' evidence stands in."""
        doc = self.reading.document
        return sorted(
            {
                sentence.number
                for claim in self.claims
                for span in claim.evidence
                if (sentence := doc.sentence_at(span.start)) is not None
            }
        )

    @cached_property
    def speakers(self) -> frozenset[str]:
        """Who speaks the document's turns: "David Ellison", "The Court"."""
        return frozenset(t.speaker for t in self.reading.turns)

    @cached_property
    def speaker_terms(self) -> frozenset[str]:
        return frozenset().union(*(key_terms(s) for s in self.speakers))

    @cached_property
    def claim_texts(self) -> frozenset[str]:
        return frozenset(_as_sentence(c.text) for c in self.claims if c.text.strip())

    def is_claim(self, unit: str) -> bool:
        """Whether `unit` is a verified claim's text: its evidence bore it out, who says it
        included. The overview's word checks would judge such a sentence again, and worse: "...,
        reports the Golf Channel" read as said by "came to his girlfriend's defence and"."""
        return _as_sentence(unit) in self.claim_texts

    def unsupported(self, unit: str, also: str = "") -> str | None:
        """Why the claims do not bear `unit` out, in words a reader can check; None if they do."""
        planted = sorted(
            (terms.content_words(unit) | terms.numbers(unit)) & self.reading.planted_words
        )
        if planted:
            return f"{', '.join(planted)}, found only in text addressed to the AI summarizer"
        assessed = support.assess(unit, f"{self.evidence} {also}", word_order=False)
        thresholds = SUPPORT_THRESHOLDS if self.reading.turns else OVERVIEW_THRESHOLDS
        if support.passes(assessed, thresholds):
            return None
        failed = [c for c in support.checks(assessed, thresholds) if not c.passed]
        return "; ".join(c.reason for c in failed) + " (of the verified claims)"

    def misattributed(self, unit: str) -> str | None:
        """Why `unit` gives what it reports to the wrong speaker ("The port authority denied
        plans to replace workers" where the company denied it), or in a conversation has a
        participant say or do what another's turn does; None if it does not."""
        if self.reading.turns:
            check = check_turn_speakers(self.reading.document, unit, self.cited)
            if check is not None and not check.passed:
                return check.reason  # "Ann will bring the slides" where Ann asked Bob to
        document = self.reading.document
        if described := check_description(document, unit):
            return described.reason  # "Anderson Cooper, a governor of Nevada, ..."
        if wrong := check_subject(document, unit, self.evidence, present_terms(document)):
            return wrong.reason  # "Ben offered the 14th instead" where "They offered us ..."
        found = reported(unit)
        if found is None:
            return None
        speaker, what = found
        if self.reading.turns and _PRONOUN.fullmatch(speaker.strip()):
            return None  # "..., and they agreed to ship": the participants, not one of them
        wanted = key_terms(what) - key_terms(speaker)
        best: tuple[int, Claim] | None = None
        for claim, held in zip(self.claims, self.claim_terms, strict=True):
            shared = len(wanted & held)
            if shared < MIN_ATTRIBUTED_TERMS:
                continue
            if claim.source and (
                same_source(claim.source, speaker) or _same_kind(claim.source, speaker)
            ):
                return None
            if best is None or shared > best[0]:
                best = (shared, claim)
        if best is None or not best[1].source:
            return None
        claim = best[1]
        if self.reading.turns and key_terms(speaker) <= key_terms(claim.text):
            # "QA found a crash ..." from Luis Ortega's turn "QA found a crash on older phones":
            # he relays it, and the hedge names him.
            return None
        return f"it gives to '{speaker}' what claim {claim.id} attributes to '{claim.source}'"

    def speaker_of(self, unit: str) -> Claim | None:
        """The attributed claim a bare sentence rests on, when it states what only attributed
        claims hold; None when it attributes itself or the document states it in its own voice."""
        speakers = self.speakers_of(unit)
        return speakers[0] if speakers else None

    def speakers_of(self, unit: str) -> list[Claim]:
        """The attributed claims a bare sentence rests on, best first: a second speaker's too
        when the sentence also holds terms that only their claim does ("The checkout redesign
        shipped on Tuesday, and conversion is up 3.1 percent" is Speaker 1's and Speaker 2's).
        [] when it attributes itself or the document states it in its own voice."""
        if HEDGE_WORDS.search(_CLAIM_NOUN.sub(" ", unit)):
            return []
        if self.reading.turns and (
            _names_a_participant(self.reading, unit)
            or _PRONOUN.fullmatch(named_speaker(unit) or "")
        ):
            return []  # "Priya Raman wanted to ...", "they agreed to ...": a chat says who
        wanted = key_terms(unit) - self.own_terms
        scored: list[tuple[int, int, Claim, frozenset[str]]] = []
        for index, (claim, held) in enumerate(zip(self.claims, self.claim_terms, strict=True)):
            if claim.status == "asserted" or not claim.source:
                continue
            if claim.source.lower() in PRONOUNS:
                continue  # "They say ...", no name found for "they": a hedge names someone
            if claim.text.rstrip(" \"”’'").endswith("?"):
                continue  # "Will the Secretary of State give way?" asks: it says nothing
            if same_source(claim.source, named_speaker(unit)):
                return []  # "The union rejected the offer", "Ann wants to move the launch"
            shared = frozenset(wanted & held)
            numbers = {t for t in shared if t[:1].isdigit()}
            if not numbers and len(shared) < MIN_ATTRIBUTED_TERMS:
                continue
            scored.append((len(shared) + 2 * len(numbers), -index, claim, shared))
        if not scored:
            return []
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        best, best_shared = scored[0][2], scored[0][3]
        for _, _, claim, shared in scored[1:]:
            if same_source(claim.source, best.source):
                continue
            theirs = shared - best_shared
            if len(theirs) >= MIN_ATTRIBUTED_TERMS or any(t[:1].isdigit() for t in theirs):
                return [best, claim]
        return [best]


_BARE_REPORT = re.compile(r"[\w’'.-]+(?:\s+[\w’'.-]+){0,5}\s+[a-z]+[.!?]?")
"""A sentence of a few words ending on its verb: "The affidavit said." ("... 'Just do it.' The
affidavit said" split in two). With a reporting verb last, it says who spoke but not what."""

_FIRST_PERSON = re.compile(
    r"\b(?:I(?:['’](?:d|m|ll|ve))?|[Ww]e(?:['’](?:d|re|ll|ve))?|us|[Oo]ur|[Mm]y|me)\b"
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_NUMERAL_I = re.compile(r"[A-Z][\w.]*\s$")
"""A capital word just before "I" makes it a numeral: "World War I", "Item I"."""


def _in_first_person(unit: str) -> bool:
    """A summary sentence that says "I" or "we" outside quotation marks copies a speaker's words
    as the summary's own: "I'd rather move the launch to the 21st." is nobody's summary, and
    hedged it read "According to Luis Ortega, i'd rather ..."."""
    bare = _QUOTED.sub(" ", unit)
    return any(
        m.group() != "I" or not _NUMERAL_I.search(bare, 0, m.start())
        for m in _FIRST_PERSON.finditer(bare)
    )


_PRONOUN = re.compile(
    r"(?:(?:and|but|so|then)\s+)?(?:they|he|she|we|both|both of them|everyone|all)", re.IGNORECASE
)


def _names_a_participant(reading: Reading, unit: str) -> bool:
    """Whether `unit` names someone who speaks in the transcript (full name or first name)."""
    names = {turn.speaker for turn in reading.turns}
    names |= {name.split()[0] for name in names if len(name.split()) > 1}
    # A chat's handle "maria" is "Maria" in a summary (not "will" for "Will", a lower-case word).
    names |= {name[:1].upper() + name[1:] for name in names}
    return any(
        len(name) > 2 and re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", unit)
        for name in names
    )


def check_overview(
    reading: Reading, headline: str, summary: str, claims: Sequence[Claim]
) -> Overview:
    basis = _Basis.of(reading, claims)
    out = Overview(headline="", summary="", key_points=[])
    out.headline = _headline(basis, headline.strip(), out.checks)
    out.summary = _summary(basis, summary.strip(), out.checks)
    out.key_points = _key_points(claims, out.summary)
    return out


def _key_points(claims: Sequence[Claim], summary: str) -> list[str]:
    """The first claims' texts, those the summary does not say word for word first, questions
    last: when the summary is the leading statements, key points that repeat them tell a reader
    nothing new (the flood's dispute came fifth, after the three sentences the summary had just
    said)."""
    claims = [c for c in claims if not courtesy(c.text)]  # "Maya Lin: Welcome back to ..."
    said = [c.text for c in claims if c.text.strip() and c.text.strip() in summary]
    asked = [c.text for c in claims if c.text.rstrip().endswith("?") and c.text not in said]
    new = [c.text for c in claims if c.text not in said and c.text not in asked]
    return (new + said + asked)[:KEY_POINTS]  # a question ("Can we fix it?") tells least


def _headline(basis: _Basis, drafted: str, checks: list[Check]) -> str:
    title = basis.reading.title or ""
    problem = (
        (basis.unsupported(drafted, also=title) or basis.misattributed(drafted))
        if drafted
        else "nothing"
    )
    if problem is None:
        checks.append(
            Check(
                name="headline_in_document", passed=True, reason="the verified claims bear it out"
            )
        )
        hedge: list[Check] = []
        hedged = _hedged(basis, drafted, "hedge:headline", hedge, headline=True)
        if (
            len(hedged) <= HEADLINE_MAX_CHARS
            or not title
            or len(title) > HEADLINE_MAX_CHARS
            or basis.unsupported(title, also=title) is not None
            or basis.speaker_of(title) is not None
        ):
            checks += hedge
            return hedged
        checks.append(
            Check(
                name="headline_length",
                passed=True,
                reason=f"repaired: the hedged headline had {len(hedged)} characters; "
                "the document title is used",
            )
        )
        return _hedged(basis, title, "hedge:headline", checks, headline=True)
    fallback = title if title and basis.unsupported(title, also=title) is None else ""
    what = "the document title"
    if not fallback and basis.reading.turns:
        fallback, what = _conversation_headline(basis.reading), "who talks"
    if not fallback and basis.claims:
        short = [c.text for c in basis.claims if len(c.text) <= HEADLINE_MAX_CHARS]
        fallback, what = (short or [basis.claims[0].text])[0], "the first claim"
    fallback = fallback or (basis.reading.document.sentences[0].text.strip())
    checks.append(
        Check(
            name="headline_in_document",
            passed=False,
            reason=f'repaired: the drafted headline "{drafted}" is not borne out ({problem}); '
            f"replaced by {what}",
        )
    )
    return _hedged(basis, fallback, "hedge:headline", checks, headline=True)


_QUALIFIER = re.compile(r"\s(?:of|in|at|from|by|for|with|who|that|which|published|led)\s|,")


def _description_head(source: str) -> str | None:
    """The noun a described source is ("large study" and "a study of 78,430 adults published
    in JAMA Neurology" are a study), None for a name."""
    described = _QUALIFIER.split(f" {source.strip()} ", maxsplit=1)[0].split()
    if not described or any(w[:1].isupper() for w in described[1:]):
        return None
    if described[0][:1].isupper() and described[0].lower() not in DETERMINERS:
        return None  # "Ann Lee", not "The company"
    return described[-1].lower() if described[-1].isalpha() else None


def _same_kind(a: str, b: str) -> bool:
    """A headline's "large study suggests" gives it to the study a claim attributes it to."""
    head = _description_head(a)
    return head is not None and head == _description_head(b)


HEADLINE_SPEAKERS = 3
"""Participants a conversation's fallback headline names; more are counted."""


def _conversation_headline(reading: Reading) -> str:
    """A conversation's headline when the model's fails: who talks, in order of first turn
    ("Conversation between Ann, Bob and Carla"), not one turn of it ("Bob: I can't make 10")."""
    speakers = list(dict.fromkeys(turn.speaker for turn in reading.turns))
    if len(speakers) < 2:
        return ""
    named = speakers[:HEADLINE_SPEAKERS]
    rest = len(speakers) - len(named)
    if rest:
        listed = f"{', '.join(named)} and {rest} other{'s' if rest > 1 else ''}"
    else:
        listed = f"{', '.join(named[:-1])} and {named[-1]}"
    return f"Conversation between {listed}"


def _hedged(basis: _Basis, unit: str, name: str, checks: list[Check], *, headline: bool) -> str:
    reading = basis.reading
    # A transcript's own title ("Episode 41: The four-day week, one year on") is no speaker's
    # words, whichever turn shares its terms; nor is an email's subject or a column's title.
    titled = headline and reading.own_title and key_terms(unit) <= key_terms(reading.title or "")
    claims = [] if titled else basis.speakers_of(unit)
    if not claims:
        checks.append(
            Check(
                name=name, passed=True, reason="states nothing as fact that a claim only attributes"
            )
        )
        return unit
    document = basis.reading.document
    both = sorted(claims, key=_position)  # "Speaker 1 and Speaker 2", as they speak
    fixed = hedge_unit(
        document, unit, " and ".join(c.source or "" for c in both), headline=headline, plural=True
    )
    if len(claims) == 1 or (headline and len(fixed) > HEADLINE_MAX_CHARS):
        claims = claims[:1]  # a headline names its main speaker rather than run long
        fixed = hedge_unit(document, unit, claims[0].source or "", headline=headline)
    by = "; ".join(f"claim {c.id} attributes it to '{c.source}'" for c in claims)
    checks.append(Check(name=name, passed=False, reason=f"repaired: '{unit}' -> '{fixed}'; {by}"))
    return fixed


def _summary(basis: _Basis, drafted: str, checks: list[Check]) -> str:
    kept: list[str] = []
    dropped: list[str] = []
    hedges: list[Check] = []
    sentences = _claim_units(basis, drafted)
    for index, unit in enumerate(sentences):
        if index == len(sentences) - 1 and index > 0 and unit[-1:] not in '.!?"”’)':
            dropped.append(f'"{unit}" (an unfinished sentence)')
            continue
        if unit.endswith("?"):
            dropped.append(f'"{unit}" (a question: a summary tells)')
            continue
        if _FRAGMENT.fullmatch(unit):
            # A transcript copied: "David Ellison, Yes.", "Leading.", "The Court, Overruled."
            dropped.append(f'"{unit}" (a word, no sentence)')
            continue
        if not key_terms(unit) - basis.speaker_terms:
            dropped.append(f'"{unit}" (it says nothing but who)')  # "Sam does.", "It is."
            continue
        unit = _as_turn(basis, unit)  # "David Ellison, They were adjusted."
        if (told := past_courtesies(unit)) != unit:
            if not told:
                dropped.append(f'"{unit}" (a courtesy: a summary tells what was said)')
                continue
            unit = told  # "Good afternoon. 312 people are in hospital": its courtesy left out
        if _BARE_REPORT.fullmatch(unit) and cue_stance(unit.rstrip(" .!?").split()[-1]):
            dropped.append(f'"{unit}" (it names a speaker but not what was said)')
            continue
        said = key_terms(unit)
        if any(similarity(said, key_terms(k)) >= SAYS_THE_SAME for k in kept):
            dropped.append(f'"{unit}" (it repeats an earlier sentence)')
            continue
        if basis.is_claim(unit):
            kept.append(unit)  # verified as it stands, its speaker named
            continue
        if _in_first_person(unit):
            dropped.append(f'"{unit}" (a speaker\'s own words, not said of them)')
            continue
        problem = basis.unsupported(unit) or basis.misattributed(unit)
        if problem is not None:
            dropped.append(f'"{unit}" ({problem})')
            continue
        kept.append(_hedged(basis, unit, "hedge:summary", hedges, headline=False))
    if not kept:
        kept = [_as_sentence(c.text) for c in basis.claims[:SUMMARY_CLAIMS]]
        if not kept:
            kept = [s.text for s in basis.reading.document.sentences[:2]]
        dropped.append("rebuilt from the verified claims")
    else:
        kept = _completed_summary(basis, kept, checks, dropped)
    kept = _in_document_order(basis, kept)
    checks.append(
        Check(
            name="summary_in_document",
            passed=not dropped,
            reason="repaired: dropped " + "; ".join(dropped)
            if dropped
            else "the verified claims bear out every sentence",
        )
    )
    failed = [c for c in hedges if not c.passed]
    checks.append(
        Check(name="hedge:summary", passed=False, reason="; ".join(c.reason for c in failed))
        if failed
        else Check(
            name="hedge:summary",
            passed=True,
            reason="states nothing as fact that a claim only attributes",
        )
    )
    return " ".join(kept)


_CLAIM_NOUN = re.compile(
    r"\b(?:the|a|this|that|its|their|his|her|any)\s+claims?\s+(?:of|about|for)\b", re.IGNORECASE
)
"""A claim as the thing claimed ("not enough to support the claim of stability"): no word that
attributes the sentence to whoever claims it."""


def _as_turn(basis: _Basis, unit: str) -> str:
    """A transcript's turn as a small model copies it, "David Ellison, They were adjusted." or
    with the prompt's mark "(Marco Rossi) Fix is merged.", written as the summary writes a
    turn: "David Ellison: They were adjusted."."""
    name, comma, rest = unit.partition(", ")
    if comma and rest[:1].isupper() and name in basis.speakers:
        return f"{name}: {rest}"
    # The prompt's own mark of who speaks, copied: "(Marco Rossi) Fix is merged ...".
    if (marked := _SPEAKER_MARK.match(unit)) and marked["name"] in basis.speakers:
        return f"{marked['name']}: {unit[marked.end() :]}"
    return unit


_SPEAKER_MARK = re.compile(r"\((?P<name>[^()\n,]{1,48})\)\s+(?=\S)")


_FRAGMENT = re.compile(r"(?:[^,\n]{1,40},\s*)?[\w’'-]+\s*[.!]?")
"""One word, after a name and a comma or not: no sentence of a summary."""

MAX_CLAIM_SENTENCES = 3
"""The most sentences one claim's text is read as: a quote of two or three sentences."""


def _claim_units(basis: _Basis, drafted: str) -> list[str]:
    """The drafted summary's sentences, those that together are one verified claim's text kept
    together: '"We know where to look. We know how to look," Ellen Stofan said.' is one
    statement, not a hedged first half and a second half repeating it."""
    sentences = split_sentences(drafted)
    units: list[str] = []
    index = 0
    while index < len(sentences):
        end = index
        for last in range(min(index + MAX_CLAIM_SENTENCES, len(sentences)) - 1, index, -1):
            joined = drafted[sentences[index].start : sentences[last].end].strip()
            if basis.is_claim(joined):
                end = last
                break
        units.append(drafted[sentences[index].start : sentences[end].end].strip())
        index = end + 1
    return units


def _completed_summary(
    basis: _Basis, drafted: list[str], checks: list[Check], dropped: list[str]
) -> list[str]:
    """The drafted sentences completed with claims up to SUMMARY_CLAIMS. In a written document a
    sentence that the others say all of together then gives way, and the summary is completed
    again with what it still lacks: a model's sentence stitched from two statements yields to the
    statements. Not in a conversation, whose turns ("Sam: ...") make a worse summary than the
    model's paraphrase of them."""
    kept = drafted + _completed(basis, drafted)
    if not basis.reading.turns:
        for unit in _said_by_the_rest(kept):
            kept.remove(unit)
            dropped.append(f'"{unit}" (the other sentences say all it says)')
        kept += _completed(basis, kept)
    added = [unit for unit in kept if unit not in drafted]
    if added:
        checks.append(
            Check(
                name="summary_completed",
                passed=True,
                reason=f"{len(added)} of the verified claims added to a summary of "
                f"{len(drafted)} sentence{'s' if len(drafted) > 1 else ''}",
            )
        )
    return kept


def _said_by_the_rest(kept: list[str]) -> list[str]:
    """Sentences whose key terms the others hold together (`SAID_BY_THE_REST`), the one most
    fully said first, until every sentence left says something the rest do not."""
    said = {unit: key_terms(unit) for unit in kept}
    redundant: list[str] = []
    while len(said) > 1:
        covered = {
            unit: coverage(held, frozenset().union(*(t for u, t in said.items() if u != unit)))
            for unit, held in said.items()
        }
        unit = max(covered, key=lambda u: (covered[u], kept.index(u)))
        if covered[unit] < SAID_BY_THE_REST:
            break
        redundant.append(unit)
        del said[unit]
    return redundant


def _completed(basis: _Basis, kept: list[str]) -> list[str]:
    """Claims, as sentences, that say what the kept sentences do not, up to SUMMARY_CLAIMS: the
    ones the document puts first (news says what matters first; the claims' own order is the
    model's or the ranking's, which weighs speakers and denials for the key points)."""
    said = [key_terms(k) for k in kept]
    added: list[str] = []
    for claim in sorted(basis.claims, key=_position):
        if len(kept) + len(added) >= SUMMARY_CLAIMS:
            break
        if claim.text.rstrip().endswith("?") or courtesy(claim.text):
            # "Dana Wu: Can we fix it before the 14th?" asks, "Maya Lin: Welcome back to ..."
            # greets; a summary tells
            continue
        held = key_terms(claim.text)
        if any(similarity(held, other) >= SAYS_THE_SAME for other in said) or (
            said and coverage(held, frozenset().union(*said)) >= SAID_BY_THE_REST
        ):
            continue
        added.append(_as_sentence(claim.text))
        said.append(held)
    return added


def _in_document_order(basis: _Basis, sentences: list[str]) -> list[str]:
    """The summary's sentences in the order the document states what they rest on, each at the
    position of the claim sharing most of its key terms. A small model's sentence copies one
    statement, often from far down the story ("The child was listed in stable condition" before
    the rescue it follows from); in the document's order each sentence keeps the context and
    the referents it was written with. On bench/news.py's CNN/DM articles: ROUGE-L 0.239 ->
    0.265 on the test split, 0.260 -> 0.268 on the development split; ROUGE-1 and 2 unchanged."""

    def position(index: int) -> tuple[int, int]:
        said = key_terms(sentences[index])
        best = max(
            zip(basis.claims, basis.claim_terms, strict=True),
            key=lambda pair: (len(said & pair[1]), -_position(pair[0])),
            default=None,
        )
        if best is None or not said & best[1]:
            return (len(basis.reading.text), index)  # rests on no one claim: last
        return (_position(best[0]), index)

    return [sentences[i] for i in sorted(range(len(sentences)), key=position)]


def _position(claim: Claim) -> int:
    return min((e.start for e in claim.evidence if e.role == "content"), default=0)


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in '.!?"”’' else text + "."
