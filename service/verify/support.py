"""Does this evidence support this claim? A lexical, deterministic check with reasons.

What it catches: numbers (with their magnitudes) and names the evidence lacks, wording the
evidence does not share, a denial the evidence does not make (or the reverse), and a word whose
opposite stands in the evidence instead, two names a verb joins the other way round ("A beat B"
from "B beat A"). What it cannot catch: most claims built from the evidence's own words in
another relation (a passive, a clause between), nor a paraphrase's meaning; no model judges
entailment here. Measured on FRANK and SummaC by bench/support.py (about 60%
balanced accuracy per source: it catches wrong numbers, names and negations, not subtle errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from service.schemas import Check
from service.verify import differences, replacements, terms
from service.verify.chat_words import bearing_out, emoji_stems
from service.verify.lexicon import DENIAL_WORDS
from service.verify.subjects import said_of, wrong_subjects

DENIAL_STEMS = frozenset(terms.term(w)[1] for w in DENIAL_WORDS)
"""The stems of the words that report a denial ("denied", "rejects"), as claims compare."""


@dataclass(frozen=True, slots=True)
class Support:
    """How far the evidence bears out a claim; each field is one reason it may not."""

    numbers: int
    missing_numbers: tuple[str, ...]
    names: int
    missing_names: tuple[str, ...]
    overlap: float  # share of the claim's content words that the evidence has
    in_order: float | None  # share of the claim's words in a three-word run the evidence has
    # (None when not measured)
    unmatched_negation: bool  # the claim denies something; the evidence denies nothing
    unmatched_denial: bool  # the claim reports a denial; the evidence has no denial or negation
    denied_in_evidence: tuple[str, ...]  # words the claim affirms and the evidence negates
    opposites: tuple[tuple[str, str], ...]  # (claim word, the evidence's opposite of it)
    affirmed_in_evidence: tuple[str, ...] = ()  # words the claim negates and the evidence
    # states without negating them ("saves time but not money" from "saves time and money")
    judgements: tuple[str, ...] = ()  # evaluative words ("huge", "success") the evidence lacks
    unrealised: tuple[str, ...] = ()  # verbs the claim states as done that the evidence gives
    # only as possible, planned or uncertain ("made a firm offer": "an offer would be made")
    asked: tuple[str, ...] = ()  # words the evidence has only in a question put to someone
    requalified: tuple[tuple[str, str], ...] = ()  # (number, the evidence's noun for it): a
    # "$1.8 million" that the evidence says is a deficit, which the claim does not
    referents: tuple[tuple[str, str], ...] = ()  # (claim's name, the evidence's name in its
    # place): the evidence's words said of another name
    misplaced: tuple[str, ...] = ()  # numbers, days, months the evidence says of something else
    units: tuple[tuple[str, str], ...] = ()  # (claim's time unit, the evidence's in its place):
    # "within a month" for "within a week"
    causal: tuple[str, ...] = ()  # causal links ("led to") where the evidence links nothing
    reversed_roles: tuple[tuple[str, str], ...] = ()  # (name, name): the evidence joins them
    # by the same verb the other way round ("Smith beat Jones" for "Jones beat Smith")
    subjects: tuple[tuple[str, str, str], ...] = ()  # (claim's subject, its verb, the
    # evidence's subject of that verb): "The trial also fell" where sick days fell
    # What `swapped` and `replaced` are found from. Only the thresholds that fail them
    # (`Thresholds.swaps`, `.replacements`: a conversation's) read them, so they are found when
    # read: on a news document they were a third of a comparison's time, never used.
    claim_text: str = field(default="", repr=False, compare=False)
    evidence_text: str = field(default="", repr=False, compare=False)
    present: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    borne_out: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def swapped(self) -> tuple[tuple[str, str], ...]:
        """(claim word, the evidence's word in its place)."""
        return _swapped(self.claim_text, self.evidence_text)

    @property
    def replaced(self) -> tuple[tuple[str, str], ...]:
        """(claim word, the evidence's word in its place) after a word both share: "buy ghee"
        for "buy some butter"."""
        return _replaced(self.claim_text, self.evidence_text, self.present, self.borne_out)


@lru_cache(maxsize=1024)
def _swapped(claim_text: str, evidence_text: str) -> tuple[tuple[str, str], ...]:
    return differences.swapped(terms.read(claim_text), terms.read(evidence_text))


@lru_cache(maxsize=1024)
def _replaced(
    claim_text: str, evidence_text: str, present: frozenset[str], borne_out: frozenset[str]
) -> tuple[tuple[str, str], ...]:
    return replacements.replaced(claim_text, evidence_text, present, borne_out)


def assess(
    claim_text: str,
    evidence_text: str,
    *,
    word_order: bool = True,
    present: frozenset[str] = frozenset(),
) -> Support:
    """`word_order=False` skips `in_order`, which costs a third of a comparison's time.
    `present`: stems that count as in the evidence wherever they stand in the document (the
    participants of a conversation, the words that describe its turns). A comparison is made
    once: a claim is assessed against the same evidence as a rewrite and again as a claim, and
    against the same statements in every document that repeats them."""
    if len(claim_text) + len(evidence_text) <= MEMO_CHARS:
        return _assessed(claim_text, evidence_text, word_order, present)
    return _assess(claim_text, evidence_text, word_order, present)


MEMO_CHARS = 4_000
"""The longest claim and evidence, together, whose comparison is kept (at most `_assessed`'s
maxsize of them: a few megabytes)."""


def _assess(
    claim_text: str, evidence_text: str, word_order: bool, present: frozenset[str]
) -> Support:
    claim, evidence = terms.read(claim_text), terms.read(evidence_text)
    # A chat's everyday words bear out its summary's ("buy" a "purchase", `chat_words`).
    chat_stems = evidence.stems | emoji_stems(evidence_text) if present else evidence.stems
    have = bearing_out(chat_stems) | present if present else evidence.stems
    content = claim.content - present if present else claim.content
    borne_out = differences.shared(claim, content, evidence, have)
    return Support(
        numbers=len(claim.quantities),
        missing_numbers=differences.missing_numbers(claim, evidence),
        names=len(claim.names),
        missing_names=differences.missing_names(claim, have, evidence),
        overlap=len(borne_out) / len(content) if content else 1.0,
        in_order=differences.in_order(claim, evidence) if word_order else None,
        unmatched_negation=bool(claim.negations and not evidence.negations),
        unmatched_denial=bool(
            claim.stems & DENIAL_STEMS
            and not evidence.stems & DENIAL_STEMS
            and not evidence.negations
        ),
        # A claim that reports a denial ("denies it planned to") affirms nothing it denies.
        denied_in_evidence=()
        if claim.negations
        or not evidence.has_negation
        or claim.stems & DENIAL_STEMS
        or differences.negated_opposites(claim, evidence)
        else tuple(sorted((claim.content - claim.denied) & evidence.denied_only)),
        opposites=differences.opposites(claim, evidence),
        # A chat's turns state and deny apart: "Kate couldn't find her keys" from "Have you
        # seen my keys?" and "I can't find them", the keys stated in the question.
        affirmed_in_evidence=()
        if present and evidence.has_negation
        else differences.affirmed(claim, evidence),
        judgements=differences.judgements(claim, have),
        unrealised=differences.unrealised(claim, evidence),
        asked=differences.asked_only(claim, evidence),
        requalified=differences.requalified(claim, evidence),
        referents=differences.referents(claim, evidence),
        misplaced=tuple(
            dict.fromkeys(
                differences.misplaced(claim, evidence, present)
                + differences.misaged(claim, evidence)
                + differences.misranged(claim, evidence)
            )
        ),
        units=differences.time_units(claim, evidence),
        causal=differences.causal(claim, evidence),
        reversed_roles=differences.reversed_roles(claim, evidence),
        subjects=wrong_subjects(claim, evidence, present),
        claim_text=claim_text,
        evidence_text=evidence_text,
        present=present,
        borne_out=borne_out,
    )


_assessed = lru_cache(maxsize=2048)(_assess)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """What `checks` demands; the service's values are `claims.SUPPORT_THRESHOLDS` (see there
    and bench/support.py for how they were chosen)."""

    min_overlap: float = 0.5
    min_in_order: float = 0.0  # least share of the claim in the evidence's own word order
    negation: bool = True  # fail a claim that denies what the evidence does not deny
    min_denied_words: int = 2  # fail when the evidence negates this many of its words (0: off)
    opposites: bool = True  # fail a claim whose word the evidence has only as its opposite
    moved_negation: bool = True  # fail a claim that denies what the evidence states
    swaps: bool = False  # fail a claim word the evidence has another word in place of (off:
    # it fails paraphrases such as 'pay talks broke down' for 'pay deal broke down')
    judgements: bool = True  # fail a claim that judges ("a huge success") where no evidence does
    modality: bool = True  # fail a claim that states as done what the evidence gives as possible
    requalified: bool = True  # fail a number the evidence gives another meaning ("a deficit")
    referents: bool = True  # fail a name put in front of what the evidence says of another
    circumstances: bool = True  # fail a number or date the evidence gives something else
    roles: bool = True  # fail two names the evidence joins by the same verb the other way round
    subjects: bool = True  # fail a change or action the evidence says of another subject
    causes: bool = True  # fail a causal link ("led to") where the evidence links nothing by cause
    replacements: bool = False  # fail a word put in another's place after a shared word (off:
    # news rewords the complement of a shared word more often than it changes what it is)


@lru_cache(maxsize=4096)
def _check(name: str, passed: bool, reason: str) -> Check:
    """Checks are values, never changed once made: a scan over a long document repeats the same
    few, so they are made once."""
    return Check(name=name, passed=passed, reason=reason)


def checks(support: Support, thresholds: Thresholds) -> list[Check]:
    """The support as checks a person can read, in a fixed order."""
    found = [
        _check(
            name="numbers_in_evidence",
            passed=not support.missing_numbers,
            reason=f"not in the evidence: {', '.join(support.missing_numbers)}"
            if support.missing_numbers
            else f"{support.numbers} number(s) found in the evidence",
        ),
        _check(
            name="names_in_evidence",
            passed=not support.missing_names,
            reason=f"not in the evidence: {', '.join(support.missing_names)}"
            if support.missing_names
            else f"{support.names} name(s) found in the evidence",
        ),
        _wording(support, thresholds),
    ]
    contradictions = _contradictions(support, thresholds)
    found.append(
        _check(
            name="not_contradicted",
            passed=not contradictions,
            reason="; ".join(contradictions)
            if contradictions
            else "no negation or opposite word sets the evidence against the claim",
        )
    )
    return found


def passes(support: Support, thresholds: Thresholds) -> bool:
    """Whether every one of `checks` would pass, without building them (for scans and tuning)."""
    return (
        not support.missing_numbers
        and not support.missing_names
        and _wording_passes(support, thresholds)
        and not _contradictions(support, thresholds)
    )


def _wording_passes(support: Support, thresholds: Thresholds) -> bool:
    if thresholds.min_in_order and support.in_order is None:
        raise ValueError("word order is required but was not measured: assess(word_order=True)")
    in_order = 1.0 if support.in_order is None else support.in_order
    if thresholds.judgements and support.judgements:
        return False
    if thresholds.modality and (support.unrealised or support.asked):
        return False
    return support.overlap >= thresholds.min_overlap and in_order >= thresholds.min_in_order


def _wording(support: Support, thresholds: Thresholds) -> Check:
    reason = (
        f"{support.overlap:.0%} of the claim's content words are in the evidence "
        f"(needs {thresholds.min_overlap:.0%})"
    )
    if thresholds.min_in_order and support.in_order is not None:
        reason += (
            f"; {support.in_order:.0%} of its words in the evidence's order "
            f"(needs {thresholds.min_in_order:.0%})"
        )
    if thresholds.judgements and support.judgements:
        words = ", ".join(support.judgements)
        reason += f"; it judges or closes off where the evidence does not: {words}"
    if thresholds.modality and support.unrealised:
        words = ", ".join(support.unrealised)
        reason += (
            f"; it states as done what the evidence gives only as possible or planned: {words}"
        )
    if thresholds.modality and support.asked:
        words = ", ".join(support.asked)
        reason += f"; it states what the evidence only asks: {words}"
    return _check(
        name="wording_supported", passed=_wording_passes(support, thresholds), reason=reason
    )


def _contradictions(support: Support, thresholds: Thresholds) -> list[str]:
    reasons = []
    if thresholds.negation and support.unmatched_negation:
        reasons.append("the claim has a negation; the evidence has none")
    if thresholds.negation and support.unmatched_denial:
        reasons.append("the claim reports a denial; the evidence denies nothing")
    denied = support.denied_in_evidence
    if thresholds.min_denied_words and len(denied) >= thresholds.min_denied_words:
        reasons.append(f"the evidence negates what the claim affirms: {', '.join(denied)}")
    if thresholds.opposites and support.opposites:
        pairs = ", ".join(
            f"'{differences.spelled(a)}' where the evidence has '{differences.spelled(b)}'"
            for a, b in support.opposites
        )
        reasons.append(f"opposite wording: {pairs}")
    if thresholds.negation and thresholds.moved_negation and support.affirmed_in_evidence:
        words = ", ".join(support.affirmed_in_evidence)
        reasons.append(f"the claim denies what the evidence states: {words}")
    if thresholds.swaps and support.swapped:
        pairs = ", ".join(f"'{a}' where the evidence has '{b}'" for a, b in support.swapped)
        reasons.append(f"a word swapped: {pairs}")
    if thresholds.requalified and support.requalified:
        changed = ", ".join(f"the evidence's {n} is a {noun}" for n, noun in support.requalified)
        reasons.append(f"the claim changes what a number is: {changed}")
    if thresholds.referents and support.referents:
        pairs = ", ".join(f"'{a}' where the evidence has '{b}'" for a, b in support.referents)
        reasons.append(f"the claim says of one name what the evidence says of another: {pairs}")
    if thresholds.circumstances and support.misplaced:
        words = ", ".join(support.misplaced)
        reasons.append(f"the evidence gives {words} to something other than the claim does")
    if thresholds.circumstances and support.units:
        pairs = ", ".join(f"'{a}' where the evidence has '{b}'" for a, b in support.units)
        reasons.append(f"another time unit: {pairs}")
    if thresholds.causes and support.causal:
        links = ", ".join(f"'{link}'" for link in support.causal)
        reasons.append(f"the claim says one thing caused another ({links}); the evidence does not")
    if thresholds.replacements and support.replaced:
        pairs = ", ".join(f"'{a}' where the evidence has '{b}'" for a, b in support.replaced)
        reasons.append(f"a word put in another's place: {pairs}")
    if thresholds.roles and support.reversed_roles:
        pairs = ", ".join(f"{a} and {b}" for a, b in support.reversed_roles)
        reasons.append(f"the claim reverses who did what to whom: {pairs}")
    if thresholds.subjects and support.subjects:
        reasons.append(said_of(support.subjects))
    return reasons


def supported(claim_text: str, evidence_text: str, thresholds: Thresholds) -> bool:
    word_order = thresholds.min_in_order > 0
    return passes(assess(claim_text, evidence_text, word_order=word_order), thresholds)
