"""Does this evidence support this claim? A lexical, deterministic check with reasons.

What it catches: numbers (with their magnitudes) and names the evidence lacks, wording the
evidence does not share, a denial the evidence does not make (or the reverse), and a word whose
opposite stands in the evidence instead. What it cannot catch: a claim built from the evidence's
own words in another relation ("A beat B" from "B beat A"), nor a paraphrase's meaning; no
model judges entailment here. Measured on FRANK and SummaC by bench/support.py (about 60%
balanced accuracy per source: it catches wrong numbers, names and negations, not subtle errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress

from service.schemas import Check
from service.verify import terms

NEGATION_SCOPE = 3
"""How many content words after a negation, in the same clause, it is taken to deny."""

_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]\"“”\u2014\u2013]|\.(?:\s|$)|\s-\s")
_CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "while", "whereas"})

_BOUNDING = re.compile(r"\s+(?:more|less|fewer|longer than|only|later|earlier|sooner)\b", re.I)
"""After a negation, words that make it bound or extend a statement ('no more than 44',
'not only'), not deny it."""

_OPPOSITES = [
    ("increase increasing", "decrease decreasing cut"),
    ("rise rose risen rising", "fall fell fallen falling drop dropped"),
    ("up", "down"), ("higher", "lower"), ("more", "less fewer"),
    ("win won winning", "lose lost losing"), ("winner", "loser"), ("victory", "defeat"),
    ("gain", "loss"), ("before", "after"), ("first", "last"), ("largest biggest", "smallest"),
    ("highest", "lowest"), ("most", "least"), ("best", "worst"), ("young younger", "old older"),
    ("early earlier", "late later"), ("open opened", "close closed"),
    ("accept accepted", "reject rejected"), ("approve approved", "reject rejected"),
    ("allow allowed", "ban banned forbid forbidden"), ("support supported", "oppose opposed"),
    ("agree agreed", "disagree disagreed"), ("guilty", "innocent"),
    ("convicted", "acquitted"), ("alive", "dead"), ("survive survived", "die died"),
    ("male", "female"), ("man men", "woman women"), ("husband", "wife"), ("son", "daughter"),
    ("father", "mother"), ("brother", "sister"), ("boy", "girl"), ("north", "south"),
    ("east", "west"), ("buy bought", "sell sold"), ("hire hired", "fire fired"),
    ("success", "failure"), ("positive", "negative"), ("legal", "illegal"),
    ("public", "private"), ("maximum", "minimum"), ("above", "below"), ("inside", "outside"),
    ("import", "export"), ("resign resigned", "appoint appointed"),
    ("confirm confirmed", "deny denied"),
    ("increase increased increases", "reduce reduced reduces reduction minimize minimise"),
    ("raise raised", "lower lowered"), ("expand expanded", "shrink shrank"),
    ("grow grew grown growth", "shrink shrank contraction"), ("spur spurred", "slow slowed"),
    ("boost boosted", "curb curbed"), ("strengthen strengthened", "weaken weakened"),
    ("automated automatic", "manual"), ("cheap cheaper", "expensive costly"),
    ("easy easier", "difficult hard harder"), ("strong stronger", "weak weaker"),
    ("fast faster", "slow slower"), ("full", "empty"), ("true", "false"), ("always", "never"),
    ("all", "none"), ("include included", "exclude excluded"), ("add added", "remove removed"),
    ("arrive arrived", "depart departed leave left"), ("start started begin began", "end ended"),
    ("launch launched", "cancel cancelled canceled"), ("join joined", "quit leave left"),
    ("inside", "outside"), ("love loved", "hate hated"), ("like liked", "dislike disliked"),
    ("happy", "sad unhappy"), ("safe", "dangerous unsafe"), ("rich", "poor"),
    ("profit", "loss"), ("surplus", "deficit"), ("import imports", "export exports"),
    ("ally allies", "enemy enemies"), ("peace", "war"), ("present", "absent"),
    ("remember remembered", "forget forgot forgotten"), ("pass passed", "fail failed"),
    ("save saved", "spend spent waste wasted"), ("lend lent", "borrow borrowed"),
    ("send sent", "receive received"), ("push pushed", "pull pulled"),
    ("cold colder", "hot hotter warm warmer"), ("light lighter", "heavy heavier"),
]  # fmt: skip
"""Pairs of word families (inflections the crude stemmer does not join are spelled out)."""


def _families() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    family: dict[str, set[str]] = {}
    opposite: dict[str, set[str]] = {}
    for family_a, family_b in _OPPOSITES:
        stems_a = {terms.term(w)[1] for w in family_a.split()}
        stems_b = {terms.term(w)[1] for w in family_b.split()}
        for own, other in ((stems_a, stems_b), (stems_b, stems_a)):
            for stemmed in own:
                family.setdefault(stemmed, set()).update(own)
                opposite.setdefault(stemmed, set()).update(other)
    return (
        {k: frozenset(v) for k, v in family.items()},
        {k: frozenset(v) for k, v in opposite.items()},
    )


FAMILY, OPPOSITES = _families()
"""Stem -> the stems of its own forms ('rise' -> 'rose', 'risen'...) and of its opposites."""
_SPELLING = {terms.term(w)[1]: w for pair in _OPPOSITES for family in pair for w in family.split()}


def _spelled(stem: str) -> str:
    return _SPELLING.get(stem, stem)


_DENIALS = frozenset(
    terms.term(w)[1]
    for w in """deny denies denied denying denial denials reject rejects rejected rejecting
    dispute disputes disputed disputing refute refutes refuted dismiss dismisses dismissed
    rebut rebuts rebutted contest contests contested""".split()
)
"""Words that report a denial: a claim that someone denied something needs evidence of one."""


@lru_cache(maxsize=65536)
def _token(token: str) -> tuple[str, str, bool, bool, bool, bool]:
    """A token's word and stem, and whether it is a content word, a negation, a name, a number."""
    word, stemmed = terms.term(token)
    name = token[:1].isupper() and token.lower() not in terms.STOPWORDS
    number = word[:1].isdigit()
    return word, stemmed, terms.is_content(word), terms.is_negation(word), name, number


class Reading:
    """What the check needs from one text: the same tokens, stems and names as `terms` gives,
    from one tokenisation. Only the stems are computed at once; the rest when first asked for,
    since a sentence scanned as evidence needs far less than a claim."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[str] = terms.TOKEN.findall(text)
        # Columns, not rows: C-level passes over the cached per-token facts keep this fast.
        columns = list(zip(*map(_token, self.tokens), strict=True)) or [()] * 6
        self._words, self.sequence, self._contents, self._negations, self._names, self._numbers = (
            columns
        )
        self.stems = frozenset(self.sequence)
        self.has_negation = any(self._negations)

    @cached_property
    def content(self) -> frozenset[str]:
        return frozenset(compress(self.sequence, self._contents))

    @cached_property
    def names(self) -> frozenset[str]:
        named = set(compress(self.sequence[1:], self._names[1:]))
        if self.tokens and self._names[0] and any(c.isupper() for c in self.tokens[0][1:]):
            named.add(self.sequence[0])
        return frozenset(named)

    @cached_property
    def quantities(self) -> frozenset[tuple[str, float | None]]:
        words = self._words
        return frozenset(
            terms.quantity(words[i], words[i + 1] if i + 1 < len(words) else None)
            for i in compress(range(len(words)), self._numbers)
        )

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(word.split(" ")[0] for word, _ in self.quantities)

    @cached_property
    def spelling(self) -> dict[str, str]:
        """Stem -> the word as the text first writes it, for reasons a person reads."""
        return dict(reversed(list(zip(self.sequence, self.tokens, strict=True))))

    @cached_property
    def trigrams(self) -> frozenset[tuple[str, str, str]]:
        stems = self.sequence
        return frozenset(zip(stems, stems[1:], stems[2:], strict=False))

    @cached_property
    def slots(self) -> dict[tuple[str, str], frozenset[str]]:
        """(previous stem, next stem) -> the stems found between them."""
        found: dict[tuple[str, str], set[str]] = {}
        stems = self.sequence
        for before, middle, after in zip(stems, stems[1:], stems[2:], strict=False):
            found.setdefault((before, after), set()).add(middle)
        return {k: frozenset(v) for k, v in found.items()}

    @cached_property
    def _scopes(self) -> tuple[int, frozenset[str]]:
        return _negations(self.text) if self.has_negation else (0, frozenset())

    @property
    def negations(self) -> int:
        return self._scopes[0]

    @property
    def denied(self) -> frozenset[str]:
        """Content stems within a negation's scope."""
        return self._scopes[1]


read = lru_cache(maxsize=8192)(Reading)
"""The reading of a text, made once per text."""


def _negations(text: str) -> tuple[int, frozenset[str]]:
    """How many negations the text has, and the content words in their scope."""
    denied: set[str] = set()
    negations = scope = 0
    previous_end = 0
    for match in terms.TOKEN.finditer(text):
        word, stemmed, is_content, is_negation, _, _ = _token(match.group())
        if _CLAUSE_BREAK.search(text, previous_end, match.start()) or word in _CLAUSE_WORDS:
            scope = 0
        previous_end = match.end()
        if is_negation and not _BOUNDING.match(text, match.end()):
            negations += 1
            scope = NEGATION_SCOPE
        elif scope and is_content:
            denied.add(stemmed)
            scope -= 1
    return negations, frozenset(denied)


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
    swapped: tuple[tuple[str, str], ...] = ()  # (claim word, the evidence's word in its place)
    judgements: tuple[str, ...] = ()  # evaluative words ("huge", "success") the evidence lacks
    requalified: tuple[tuple[str, str], ...] = ()  # (number, the evidence's noun for it): a
    # "$1.8 million" that the evidence says is a deficit, which the claim does not


def assess(
    claim_text: str,
    evidence_text: str,
    *,
    word_order: bool = True,
    present: frozenset[str] = frozenset(),
) -> Support:
    """`word_order=False` skips `in_order`, which costs a third of a comparison's time.
    `present`: stems that count as in the evidence wherever they stand in the document (the
    participants of a conversation, the words that describe its turns)."""
    claim, evidence = read(claim_text), read(evidence_text)
    have = evidence.stems | present if present else evidence.stems
    content = claim.content - present if present else claim.content
    return Support(
        numbers=len(claim.quantities),
        missing_numbers=_missing_numbers(claim, evidence),
        names=len(claim.names),
        missing_names=_missing_names(claim, have),
        overlap=len(content & have) / len(content) if content else 1.0,
        in_order=_in_order(claim, evidence) if word_order else None,
        unmatched_negation=bool(claim.negations and not evidence.negations),
        unmatched_denial=bool(
            claim.stems & _DENIALS and not evidence.stems & _DENIALS and not evidence.negations
        ),
        denied_in_evidence=()
        if claim.negations or not evidence.has_negation
        else tuple(sorted((claim.content - claim.denied) & evidence.denied)),
        opposites=_opposites_in(claim, evidence),
        affirmed_in_evidence=_affirmed(claim, evidence),
        swapped=_swapped(claim, evidence),
        judgements=_judgements(claim, have),
        requalified=_requalified(claim, evidence),
    )


_IMPLICIT_NEGATIONS = frozenset(
    terms.term(w)[1]
    for w in """fail fails failed failing refuse refuses refused unable lack lacks lacked absent
    instead rather neither nor avoid avoided""".split()
)


def _affirmed(claim: Reading, evidence: Reading) -> tuple[str, ...]:
    """Words the claim denies that the evidence has, never denied: a negation moved."""
    if not claim.has_negation or evidence.stems & _IMPLICIT_NEGATIONS:
        return ()
    denied = claim.denied
    if not denied:
        return ()
    return tuple(sorted(claim.spelling[w] for w in (denied & evidence.stems) - evidence.denied))


def _swapped(claim: Reading, evidence: Reading) -> tuple[tuple[str, str], ...]:
    """A claim word where the evidence, between the same two words, has another: "advanced
    cleaning software, smart" against "advanced cleaning system, smart"."""
    stems, contents = claim.sequence, claim._contents
    if len(stems) < 3:
        return ()
    slots = evidence.slots
    names = claim.names  # a name the evidence lacks is the names check's
    found = []
    for i in range(1, len(stems) - 1):
        word = stems[i]
        if not contents[i] or word in evidence.stems or word[:1].isdigit() or word in names:
            continue
        before, after = stems[i - 1], stems[i + 1]
        if not (contents[i - 1] or contents[i + 1]):
            continue
        for other in slots.get((before, after), ()):
            if other != word and other not in claim.stems and other in evidence.content:
                found.append((claim.spelling[word], evidence.spelling[other]))
                break
    return tuple(sorted(set(found)))


_DEMONYMS = {
    "french": "france", "spanish": "spain", "dutch": "netherlands", "greek": "greece",
    "swiss": "switzerland", "welsh": "wales", "irish": "ireland", "danish": "denmark",
    "polish": "poland", "finnish": "finland", "thai": "thailand", "filipino": "philippines",
    "scottish": "scotland", "english": "england", "swedish": "sweden", "turkish": "turkey",
    "norwegian": "norway", "portuguese": "portugal", "belgian": "belgium", "afghan":
    "afghanistan", "saudi": "saudi", "lebanese": "lebanon", "vietnamese": "vietnam", "nepali":
    "nepal", "nepalese": "nepal", "british": "britain", "briton": "britain", "kiwi": "zealand",
    "argentine": "argentina", "argentinian": "argentina", "peruvian": "peru", "chilean": "chile",
    "cuban": "cuba", "kenyan": "kenya", "nigerian": "nigeria", "ukrainian": "ukraine",
}  # fmt: skip
"""Demonyms the suffix rule in `_same_place` cannot join to their country."""
_DEMONYM_SUFFIXES = ("ese", "ian", "an", "ish", "i", "n")


def _same_place(a: str, b: str) -> bool:
    """'chinese' and 'china', 'german' and 'germany', 'french' and 'france': one place."""
    for demonym, place in ((a, b), (b, a)):
        if _DEMONYMS.get(demonym) == place:
            return True
        for suffix in _DEMONYM_SUFFIXES:
            base = demonym[: -len(suffix)]
            if demonym.endswith(suffix) and len(base) >= 3:
                if place != demonym and place.startswith(base) and len(place) - len(base) <= 3:
                    return True
                break
    return False


_QUARTERS = {"q1": "first", "q2": "second", "q3": "third", "q4": "fourth"}


def _name_present(name: str, have: frozenset[str]) -> bool:
    if name in have:
        return True
    if "-" in name:  # "Smith-Jones" in "Smith Jones"; "Jean-Claude" in "Jean-Claude"
        parts = [terms.stem(p) for p in name.split("-") if p]
        if parts and all(p in have for p in parts):
            return True
    if name in _QUARTERS:
        return _QUARTERS[name] in have and "quarter" in have
    if name.isalpha() and len(name) >= 4:
        return any(_same_place(name, other) for other in have if other[:2] == name[:2])
    return False


def _missing_names(claim: Reading, have: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(claim.spelling[n] for n in claim.names if not _name_present(n, have)))


_JUDGEMENTS = frozenset(
    terms.term(w)[1]
    for w in """huge massive enormous tremendous significant remarkable impressive dramatic
    spectacular stunning excellent outstanding extraordinary incredible amazing great greatest
    fantastic wonderful brilliant superb successful success triumph triumphant historic landmark
    breakthrough unprecedented revolutionary groundbreaking major crucial vital key critical
    disastrous disaster catastrophic devastating terrible awful horrible shocking disappointing
    embarrassing humiliating controversial notorious infamous famous legendary iconic renowned
    prestigious best worst brutal stellar glowing resounding overwhelming substantial
    considerable sharp steep sweeping bold""".split()
)
"""Words that judge rather than report: a claim may only use one its evidence uses."""


def _judgements(claim: Reading, have: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(claim.spelling[w] for w in (claim.stems & _JUDGEMENTS) - have))


_QUALIFIERS = frozenset(
    terms.term(w)[1]
    for w in """deficit deficits loss losses debt debts shortfall shortfalls cut cuts decline
    drop fall decrease surplus surpluses profit profits gain gains increase rise growth fine
    fines penalty damages compensation refund bonus bonuses tax taxes""".split()
)
"""Nouns that give a number its meaning: "$1.8 million" is not "a $1.8 million deficit"."""


def _requalified(claim: Reading, evidence: Reading) -> tuple[tuple[str, str], ...]:
    if not claim.quantities or not evidence.quantities:
        return ()
    found = []
    words, stems = evidence._words, evidence.sequence
    claim_values = {v for _, v in claim.quantities if v is not None}
    for i, word in enumerate(words):
        if not word[:1].isdigit():
            continue
        value = terms.quantity(word, words[i + 1] if i + 1 < len(words) else None)[1]
        if value is None or value not in claim_values:
            continue
        for j in range(i + 1, min(i + 4, len(stems))):  # "$1.8 million deficit", "1.8m of debt"
            if stems[j] in _QUALIFIERS and stems[j] not in claim.stems:
                opposite = OPPOSITES.get(stems[j], frozenset())
                if not FAMILY.get(stems[j], frozenset({stems[j]})) & claim.stems and not (
                    opposite & claim.stems
                ):
                    found.append((word, evidence.spelling.get(stems[j], stems[j])))
                break
    return tuple(sorted(set(found)))


def _missing_numbers(claim: Reading, evidence: Reading) -> tuple[str, ...]:
    """A bare number matches the same number or value; one with a magnitude ('5 million')
    must match in value, so '5 billion' does not bear it out."""
    if not claim.quantities:
        return ()
    values = {v for _, v in evidence.quantities if v is not None}
    plain = evidence.numbers
    missing = []
    for word, value in claim.quantities:
        if value is not None and value in values:
            continue
        if " " not in word and word in plain:
            continue
        missing.append(word)
    return tuple(sorted(missing))


def _in_order(claim: Reading, evidence: Reading) -> float:
    """How much of the claim the evidence says in the same words and order: high for a claim
    that follows its source, low for a paraphrase or for one spliced from unrelated parts."""
    words = claim.sequence
    if len(words) < 3:
        return 1.0
    covered = [False] * len(words)
    for i, trigram in enumerate(zip(words, words[1:], words[2:], strict=False)):
        if trigram in evidence.trigrams:
            covered[i] = covered[i + 1] = covered[i + 2] = True
    return sum(covered) / len(words)


_NEGATING_PREFIXES = {"un": 4, "non-": 4, "non": 4, "in": 6, "im": 6, "il": 6, "ir": 6, "dis": 6}
"""Prefixes that negate a word, with the shortest word they may negate: "inform" is not the
opposite of "form", nor "discover" of "cover"."""


def _prefixed_opposites(claim: Reading, evidence: Reading) -> list[tuple[str, str]]:
    """'unreliable' where the evidence says 'reliable', and the reverse."""
    found = []
    for word in claim.content - evidence.stems:
        for prefix, shortest in _NEGATING_PREFIXES.items():
            base = word[len(prefix) :]
            if word.startswith(prefix) and len(base) >= shortest and base in evidence.stems:
                if base not in claim.stems:
                    found.append((word, base))
                break
        else:
            for prefix, shortest in _NEGATING_PREFIXES.items():
                negated = prefix + word
                if (
                    len(word) >= shortest
                    and negated in evidence.stems
                    and negated not in claim.stems
                ):
                    found.append((word, negated))
                    break
    return found


def _opposites_in(claim: Reading, evidence: Reading) -> tuple[tuple[str, str], ...]:
    found = _prefixed_opposites(claim, evidence)
    for word in claim.stems & OPPOSITES.keys():
        if FAMILY[word] & evidence.stems:
            continue  # the evidence has the word itself, in some form
        for opposite in OPPOSITES[word] & evidence.stems:
            if not FAMILY[opposite] & claim.stems:
                found.append((word, opposite))
    return tuple(sorted(set(found)))


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
    requalified: bool = True  # fail a number the evidence gives another meaning ("a deficit")


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
        reason += f"; it judges where the evidence does not: {', '.join(support.judgements)}"
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
            f"'{_spelled(a)}' where the evidence has '{_spelled(b)}'" for a, b in support.opposites
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
    return reasons


def supported(claim_text: str, evidence_text: str, thresholds: Thresholds) -> bool:
    word_order = thresholds.min_in_order > 0
    return passes(assess(claim_text, evidence_text, word_order=word_order), thresholds)
