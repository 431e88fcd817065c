"""Ways a claim can depart from its evidence, one function each: numbers and names the evidence
lacks, words out of its order, opposites, a negation moved, a word swapped, a judgement or a
number's meaning the evidence does not give. `support.assess` gathers them into a `Support`."""

from __future__ import annotations

from service.verify import terms
from service.verify.terms import Tokens

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


def spelled(stem: str) -> str:
    return _SPELLING.get(stem, stem)


_IMPLICIT_NEGATIONS = frozenset(
    terms.term(w)[1]
    for w in """fail fails failed failing refuse refuses refused unable lack lacks lacked absent
    instead rather neither nor avoid avoided""".split()
)


def affirmed(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
    """Words the claim denies that the evidence has, never denied: a negation moved."""
    if not claim.has_negation or evidence.stems & _IMPLICIT_NEGATIONS:
        return ()
    denied = claim.denied
    if not denied:
        return ()
    return tuple(sorted(claim.spelling[w] for w in (denied & evidence.stems) - evidence.denied))


def swapped(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    """A claim word where the evidence, between the same two words, has another: "advanced
    cleaning software, smart" against "advanced cleaning system, smart"."""
    stems, contents = claim.sequence, claim.content_flags
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


def missing_names(claim: Tokens, have: frozenset[str]) -> tuple[str, ...]:
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


def judgements(claim: Tokens, have: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(claim.spelling[w] for w in (claim.stems & _JUDGEMENTS) - have))


_QUALIFIERS = frozenset(
    terms.term(w)[1]
    for w in """deficit deficits loss losses debt debts shortfall shortfalls cut cuts decline
    drop fall decrease surplus surpluses profit profits gain gains increase rise growth fine
    fines penalty damages compensation refund bonus bonuses tax taxes""".split()
)
"""Nouns that give a number its meaning: "$1.8 million" is not "a $1.8 million deficit"."""


def requalified(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    if not claim.quantities or not evidence.quantities:
        return ()
    found = []
    words, stems = evidence.words, evidence.sequence
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


def missing_numbers(claim: Tokens, evidence: Tokens) -> tuple[str, ...]:
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


def in_order(claim: Tokens, evidence: Tokens) -> float:
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


def _prefixed_opposites(claim: Tokens, evidence: Tokens) -> list[tuple[str, str]]:
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


def opposites(claim: Tokens, evidence: Tokens) -> tuple[tuple[str, str], ...]:
    found = _prefixed_opposites(claim, evidence)
    for word in claim.stems & OPPOSITES.keys():
        if FAMILY[word] & evidence.stems:
            continue  # the evidence has the word itself, in some form
        for opposite in OPPOSITES[word] & evidence.stems:
            if not FAMILY[opposite] & claim.stems:
                found.append((word, opposite))
    return tuple(sorted(set(found)))
